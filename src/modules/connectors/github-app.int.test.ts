import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACTOR } from '../../../test/database.js';
import {
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
  recordsOf,
  startFakeGithub,
} from '../../../test/github-server.js';
import { generateGithubChanges } from '../../importers/changes/generator.js';
import { blobStoreFor } from '../../platform/blobs/fs-blob-store.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { createOrganization } from '../organizations/organization.service.js';
import { collectGithubConnection, putGithubConnection } from './connectors.service.js';

const TOKEN = 'github_pat_11APPTESTTOKEN0123456789abcdef';
const APP_ID = '913442';
const INSTALLATION_ID = '58210077';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
/** GitHub hands out App keys as PKCS#1 PEM. */
const PEM = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
/** A line from the middle of the key: must appear nowhere the key is not meant to be. */
const KEY_LINE = PEM.split('\n')[5]!;
const NHI_FIXTURES = path.join(import.meta.dirname, '..', '..', 'importers', 'nhi', 'fixtures');
const fixture = (name: string) => readFileSync(path.join(NHI_FIXTURES, name), 'utf8');

/** The collected records of an organization, without ids and write times (to compare two organizations). */
async function records(database: Database, orgId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of ['nhis', 'change_pulls', 'change_deployments', 'changes']) {
    const rows = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(table)} where org_id = ${orgId}`.execute(database.db);
    out[table] = rows.rows
      .map((r) =>
        JSON.stringify(
          Object.entries(r)
            .filter(
              ([k]) =>
                k !== 'id' &&
                k !== 'created_at' &&
                k !== 'updated_at' &&
                (!k.endsWith('_id') || k.endsWith('external_id')),
            )
            .sort(([a], [b]) => (a < b ? -1 : 1)),
        ),
      )
      .sort();
  }
  return out;
}

/** Issue 18 item 4: the connector authenticates as a GitHub App installation as well as with a token. */
describe('GitHub App credentials', () => {
  let h: Harness;
  let github: FakeGithub;
  // One clock for the server and the client: each request to GitHub takes three minutes of it.
  let now = Date.parse('2026-11-02T07:00:00Z');
  const clock: Clock = { now: () => new Date(now) };

  beforeAll(async () => {
    h = await createHarness({ lockTimeoutMs: 5000 });
    const { files } = generateGithubChanges({
      seed: 11,
      repository: 'acme/app',
      pulls: 20,
      deployments: 3,
      start: '2026-09-01',
      violations: true,
    });
    const lists = new Map<string, FakeList>([
      ...changeExportLists('acme/app', files),
      ['/orgs/acme/repos', [{ id: 1, full_name: 'acme/app', archived: false }]],
      ['/orgs/acme/personal-access-tokens', recordsOf(fixture('github_org_personal_access_tokens.json'))],
      [
        '/orgs/acme/installations',
        { key: 'installations', items: recordsOf(fixture('github_org_installations.json'), 'installations') },
      ],
      ['/orgs/acme/actions/secrets', { key: 'secrets', items: [] }],
      ['/repos/acme/app/keys', recordsOf(fixture('github_repo_deploy_keys.json'))],
      [
        '/repos/acme/app/actions/secrets',
        { key: 'secrets', items: recordsOf(fixture('github_repo_actions_secrets.json'), 'secrets') },
      ],
    ]);
    github = await startFakeGithub({
      token: TOKEN,
      lists,
      app: { appId: APP_ID, installationId: INSTALLATION_ID, publicKey },
      now: () => now,
      onRequest: () => {
        now += 3 * 60_000;
      },
    });
  });
  afterAll(async () => {
    await github.close();
    await h.close();
  });

  it('stores the App id, installation id and sealed key (never returned nor logged); bad or doubled credentials are refused', async () => {
    const db = h.store.database;
    const org = await createOrganization(db, TEST_ACTOR, 'App Co');
    const admin = await buildUser(h, [{ orgId: org.id, role: 'admin' }]);
    const asAdmin = withSession(await buildSession(h, admin));
    const api = `/api/v1/orgs/${org.slug}/connectors/github`;
    const app = { appId: Number(APP_ID), installationId: INSTALLATION_ID, privateKey: PEM };

    const put = await h.app.inject({
      method: 'PUT',
      url: `${api}/acme`,
      headers: asAdmin,
      payload: { apiUrl: github.url, app },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({
      account: 'acme',
      tokenConfigured: true,
      credentialKind: 'app',
      app: { appId: APP_ID, installationId: INSTALLATION_ID },
    });
    expect(put.body).not.toContain(KEY_LINE);
    const list = await h.app.inject({ method: 'GET', url: api, headers: asAdmin });
    expect(list.json()[0]).toMatchObject({ credentialKind: 'app', app: { appId: APP_ID } });
    expect(list.body).not.toContain(KEY_LINE);
    const row = await db.db
      .selectFrom('github_connections')
      .selectAll()
      .where('org_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ credential_kind: 'app', app_id: APP_ID, installation_id: INSTALLATION_ID });
    expect(row.token).not.toContain(KEY_LINE);
    expect(row.token).toMatch(/^v1\./);
    const activity = await db.db
      .selectFrom('activity')
      .select(['change'])
      .where('org_id', '=', org.id)
      .execute();
    expect(activity.map((a) => a.change).join()).not.toContain(KEY_LINE);
    expect(activity.map((a) => JSON.parse(a.change))).toContainEqual(
      expect.objectContaining({
        credential: 'app',
        appId: APP_ID,
        installationId: INSTALLATION_ID,
        token: 'set',
      }),
    );

    const refused = async (payload: Record<string, unknown>, message: RegExp) => {
      const r = await h.app.inject({ method: 'PUT', url: `${api}/acme`, headers: asAdmin, payload });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.message).toMatch(message);
      expect(r.body).not.toContain(KEY_LINE);
    };
    await refused({ app, token: TOKEN }, /not both/);
    await refused({ app: { ...app, privateKey: 'not a key' } }, /privateKey/);
    await refused(
      { app: { ...app, privateKey: '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----' } },
      /app\.privateKey: not a PEM private key/,
    );
    await refused({ app: { ...app, appId: 'abc' } }, /appId/);
    await refused({ app: { appId: 1, privateKey: PEM } }, /installationId/);

    // A token replaces the App credential, and the other way round.
    const token = await h.app.inject({
      method: 'PUT',
      url: `${api}/acme`,
      headers: asAdmin,
      payload: { token: TOKEN },
    });
    expect(token.json()).toMatchObject({ credentialKind: 'token', app: null });
    const back = await h.app.inject({
      method: 'PUT',
      url: `${api}/acme`,
      headers: asAdmin,
      payload: { app },
    });
    expect(back.json()).toMatchObject({ credentialKind: 'app', app: { installationId: INSTALLATION_ID } });
    // Changing the repositories keeps the App credential.
    const kept = await h.app.inject({
      method: 'PUT',
      url: `${api}/acme`,
      headers: asAdmin,
      payload: { repositories: null },
    });
    expect(kept.json()).toMatchObject({ credentialKind: 'app', app: { appId: APP_ID } });
  });

  it('collects as the App’s installation, renewing the installation token before it expires: the same records as with a token', async () => {
    const db = h.store.database;
    const secretBox = h.app.deps.config.secretBox;
    const deps = {
      database: db,
      blobs: blobStoreFor(h.store.dataDir),
      secretBox,
      clock,
      sleep: async () => {},
    };
    const byToken = await createOrganization(db, TEST_ACTOR, 'By Token');
    const byApp = await createOrganization(db, TEST_ACTOR, 'By App');
    await putGithubConnection(
      db,
      TEST_ACTOR,
      byToken.id,
      'acme',
      { apiUrl: github.url, token: TOKEN },
      { secretBox, clock },
    );
    await putGithubConnection(
      db,
      TEST_ACTOR,
      byApp.id,
      'acme',
      { apiUrl: github.url, app: { appId: APP_ID, installationId: INSTALLATION_ID, privateKey: PEM } },
      { secretBox, clock },
    );
    const at = '2026-11-02';
    const viaToken = await collectGithubConnection(deps, TEST_ACTOR, byToken.id, { account: 'acme' }, { at });
    expect(viaToken.problems).toEqual([]);
    expect(viaToken.stats.installationTokens).toBe(0);

    const first = github.requests.length;
    const viaApp = await collectGithubConnection(deps, TEST_ACTOR, byApp.id, { account: 'acme' }, { at });
    expect(viaApp.problems).toEqual([]);
    expect(viaApp.imports.map((i) => `${i.unit}:${i.status}`)).toEqual(
      viaToken.imports.map((i) => `${i.unit}:${i.status}`),
    );
    const requests = github.requests.slice(first);
    const auths = github.authorizations.slice(first);
    // Three minutes a request over this many requests outlast an hour-long token: renewed at least once.
    expect(requests.length * 3).toBeGreaterThan(120);
    const exchanges = requests.filter(
      (r) => r === `POST /app/installations/${INSTALLATION_ID}/access_tokens`,
    );
    expect(exchanges.length).toBeGreaterThanOrEqual(2);
    expect(viaApp.stats.installationTokens).toBe(exchanges.length);
    expect(github.installationTokens.length).toBe(exchanges.length);
    // The exchanges carried the App's JWT; every other request an installation token GitHub issued (never the PAT, never expired: the server answers 401 to an expired one).
    requests.forEach((r, i) => {
      if (r.startsWith('POST /app/')) expect(auths[i]).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      else expect(github.installationTokens.map((t) => `token ${t}`)).toContain(auths[i]);
    });
    // Each token was used until shortly before its hour was up, then the next one.
    const used = auths.filter((a) => a.startsWith('token ')).map((a) => a.slice(6));
    expect([...new Set(used)]).toEqual(github.installationTokens.slice(-exchanges.length));
    expect(auths.join()).not.toContain(KEY_LINE);

    // The same records as the collection with a token.
    const expected = await records(db, byToken.id);
    expect(expected.change_pulls).toHaveLength(20);
    expect(expected.nhis!.length).toBeGreaterThan(10);
    expect(await records(db, byApp.id)).toEqual(expected);

    // A wrong installation fails the collection (its job is retried), naming the App and the installation.
    await putGithubConnection(
      db,
      TEST_ACTOR,
      byApp.id,
      'acme',
      { app: { appId: APP_ID, installationId: '1', privateKey: PEM } },
      { secretBox, clock },
    );
    await expect(
      collectGithubConnection(deps, TEST_ACTOR, byApp.id, { account: 'acme' }, { at }),
    ).rejects.toThrow(`GitHub App ${APP_ID}: installation 1 refused an access token (404`);
  });
});
