import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildPerson,
  buildSession,
  buildUser,
  createHarness,
  type Harness,
  withSession,
} from '../../../test/factories.js';
import {
  changeExportLists,
  type FakeGithub,
  type FakeList,
  startFakeGithub,
} from '../../../test/github-server.js';
import type { LeadDigest } from '../../core/digests/schema.js';
import { generateGithubChanges } from '../../importers/changes/generator.js';
import { blobStoreFor } from '../../platform/blobs/fs-blob-store.js';
import type { Clock } from '../../platform/clock.js';
import { tableJobQueue } from '../../platform/jobs/queue.js';
import { JobWorker } from '../../platform/jobs/runner.js';
import { write } from '../../platform/ledger/ledger.js';
import { WEEKLY_RUN_TASK } from '../cadence/cadence.service.js';
import { weeklyRunTasks } from '../cadence/weekly-run.js';
import { createOrganization } from '../organizations/organization.service.js';

const TOKEN = 'github_pat_11CONNECTORTOKEN0123456789abcdef';

describe('GitHub connections: configured through the API, collected by the weekly run', () => {
  let h: Harness;
  let down: FakeGithub;
  let acme: FakeGithub;

  beforeAll(async () => {
    h = await createHarness({ lockTimeoutMs: 5000 });
    const { files } = generateGithubChanges({
      seed: 3,
      repository: 'acme/app',
      pulls: 30,
      deployments: 3,
      start: '2026-09-01',
      violations: false,
    });
    const lists = new Map<string, FakeList>([
      ...changeExportLists('acme/app', files),
      ['/orgs/acme/personal-access-tokens', []],
      ['/orgs/acme/installations', { key: 'installations', items: [] }],
      ['/orgs/acme/actions/secrets', { key: 'secrets', items: [] }],
      ['/repos/acme/app/keys', []],
      ['/repos/acme/app/actions/secrets', { key: 'secrets', items: [] }],
    ]);
    acme = await startFakeGithub({
      token: TOKEN,
      lists,
      forbidden: (p) => p.startsWith('/repos/acme/locked/'),
    });
    down = await startFakeGithub({ token: TOKEN, lists: new Map(), failWith: 500 });
  });
  afterAll(async () => {
    await acme.close();
    await down.close();
    await h.close();
  });

  it('keeps the token sealed and unseen; a refused repository is named, a server answering 500 is retried, dead-lettered and named in the lead’s digest', async () => {
    const db = h.store.database;
    const org = await createOrganization(db, TEST_ACTOR, 'Connector Co');
    const lena = await buildPerson(h, org.id, { name: 'Lena', email: 'lena@connector.test' });
    const admin = await buildUser(h, [{ orgId: org.id, role: 'admin' }]);
    const lead = await buildUser(h, [{ orgId: org.id, role: 'compliance-lead', personId: lena.id }]);
    const asAdmin = withSession(await buildSession(h, admin));
    const asLead = withSession(await buildSession(h, lead));
    const api = `/api/v1/orgs/${org.slug}/connectors/github`;

    // A new connection needs a token; the answer never holds it, nor the row, nor the activity log.
    const missing = await h.app.inject({ method: 'PUT', url: `${api}/acme`, headers: asAdmin, payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('token');
    for (const [account, url, repositories] of [
      ['acme', acme.url, ['app', 'locked']],
      ['broken-org', down.url, null],
    ] as const) {
      const r = await h.app.inject({
        method: 'PUT',
        url: `${api}/${account}`,
        headers: asAdmin,
        payload: { apiUrl: url, token: TOKEN, repositories },
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.body).not.toContain(TOKEN);
      expect(r.json()).toMatchObject({ account, tokenConfigured: true, enabled: true, lastRun: null });
    }
    const forbidden = await h.app.inject({
      method: 'PUT',
      url: `${api}/acme`,
      headers: asLead,
      payload: { token: TOKEN },
    });
    expect(forbidden.statusCode).toBe(403);
    const rows = await db.db.selectFrom('github_connections').selectAll().execute();
    expect(rows.map((r) => r.token).join()).not.toContain(TOKEN);
    const activity = await db.db
      .selectFrom('activity')
      .select('change')
      .where('org_id', '=', org.id)
      .execute();
    expect(activity.map((a) => a.change).join()).not.toContain(TOKEN);
    // Changing the repositories keeps the token.
    const kept = await h.app.inject({
      method: 'PUT',
      url: `${api}/acme`,
      headers: asAdmin,
      payload: { repositories: ['app', 'locked'] },
    });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().repositories).toEqual(['app', 'locked']);

    // The weekly run collects both connections.
    let current = Date.now();
    const clock: Clock = { now: () => new Date(current) };
    const queue = tableJobQueue(db, clock);
    const worker = new JobWorker(
      db,
      queue,
      clock,
      'worker-connectors',
      weeklyRunTasks({
        database: db,
        blobs: blobStoreFor(h.store.dataDir),
        secretBox: h.app.deps.config.secretBox,
        clock,
      }),
    );
    await write(db, { actor: TEST_ACTOR, orgId: org.id }, (w) =>
      queue.enqueue(w, WEEKLY_RUN_TASK, { manual: true }, { orgId: org.id }),
    );
    const outcomes = [...(await worker.drain())];
    current += 60_000;
    outcomes.push(...(await worker.drain()));
    current += 120_000;
    outcomes.push(...(await worker.drain()));
    expect(outcomes.map((o) => `${o.task}:${o.status}`).sort()).toEqual([
      'collect:dead',
      'collect:queued',
      'collect:queued',
      'collect:succeeded',
      'weekly-finish:succeeded',
      'weekly-run:succeeded',
    ]);
    // Three attempts at the server answering 500, each a real request.
    expect(down.requests.length).toBe(3);

    // The lead's digest names both: the dead collection and the one collected in part.
    const digests = await db.db.selectFrom('digests').selectAll().where('org_id', '=', org.id).execute();
    const leadDigest = digests.map((d) => JSON.parse(d.content)).find((d) => d.kind === 'lead') as LeadDigest;
    expect(leadDigest.failedCollections).toEqual([
      {
        source: 'github acme',
        error: expect.stringMatching(
          /collected in part; refused: acme\/locked changes \(403 .*acme\/locked deploy keys \(403/,
        ),
      },
      { source: 'github broken-org', error: expect.stringContaining('500') },
    ]);
    // The records of the repository it could read are in.
    const pulls = await db.db
      .selectFrom('change_pulls')
      .select('number')
      .where('org_id', '=', org.id)
      .execute();
    expect(pulls).toHaveLength(30);

    // Each connection's last run, through the API; a lead reads them.
    const list = await h.app.inject({ method: 'GET', url: api, headers: asLead });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(TOKEN);
    const byAccount = Object.fromEntries(
      (list.json() as { account: string; lastRun: { status: string; detail: unknown } }[]).map((c) => [
        c.account,
        c.lastRun,
      ]),
    );
    expect(byAccount.acme).toMatchObject({
      status: 'partial',
      detail: { repositories: 2, problems: [{ unit: 'acme/locked changes', status: 403 }, {}, {}] },
    });
    expect(byAccount['broken-org']).toMatchObject({
      status: 'failed',
      detail: { error: expect.stringContaining('500') },
    });
    const dead = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${org.slug}/jobs?status=dead`,
      headers: asLead,
    });
    expect(dead.json()).toEqual([expect.objectContaining({ task: 'collect', attempts: 3 })]);

    // Disconnecting keeps what was collected.
    const removed = await h.app.inject({ method: 'DELETE', url: `${api}/broken-org`, headers: asAdmin });
    expect(removed.statusCode).toBe(204);
    const again = await h.app.inject({ method: 'DELETE', url: `${api}/broken-org`, headers: asAdmin });
    expect(again.statusCode).toBe(404);
  }, 120_000);
});
