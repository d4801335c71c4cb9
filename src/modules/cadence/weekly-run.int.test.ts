import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildControl,
  buildEvidence,
  buildPerson,
  buildSession,
  buildUser,
  createHarness,
  type Harness,
  withSession,
} from '../../../test/factories.js';
import type { LeadDigest, OwnerDigest } from '../../core/digests/schema.js';
import { blobStoreFor } from '../../platform/blobs/fs-blob-store.js';
import type { Clock } from '../../platform/clock.js';
import { type Database, openDatabase } from '../../platform/db/database.js';
import { tableJobQueue } from '../../platform/jobs/queue.js';
import { JobWorker, Scheduler, type TaskDefinition } from '../../platform/jobs/runner.js';
import { createEngagement } from '../engagements/engagement.service.js';
import { reviewEvidence } from '../evidence/evidence.service.js';
import { addFinding } from '../findings/finding.service.js';
import { createOrganization } from '../organizations/organization.service.js';
import { listPeople } from '../people/person.repository.js';
import { getPlan } from '../plan/plan.service.js';
import { setDigestPreference } from './cadence.service.js';
import { weeklyRunTasks } from './weekly-run.js';

interface Mail {
  to: string;
  raw: string;
}

/** Quoted-printable soft breaks and escapes undone, so the text can be searched. */
function decodeQp(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

describe('the weekly run', () => {
  let h: Harness;
  let second: Database;
  let smtp: SMTPServer;
  let hook: Server;
  const mails: Mail[] = [];
  const posts: { text: string; blocks: unknown[] }[] = [];
  let smtpPort = 0;
  let hookPort = 0;

  beforeAll(async () => {
    h = await createHarness({ lockTimeoutMs: 5000 });
    second = await openDatabase({
      dataDir: h.store.dataDir,
      databaseUrl: h.store.databaseUrl,
      lockTimeoutMs: 5000,
    });
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          for (const rcpt of session.envelope.rcptTo)
            mails.push({ to: rcpt.address, raw: decodeQp(Buffer.concat(chunks).toString('utf8')) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        posts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookPort = (hook.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => hook.close(() => resolve()));
    await second.close();
    await h.close();
  });

  it('collects once, keeps a snapshot, sends each owner exactly their items and the lead the summary; a failing collection is retried, dead-lettered and named', async () => {
    const db = h.store.database;
    const org = await createOrganization(db, TEST_ACTOR, 'Cadence Co');
    const person = (name: string, status = 'active') =>
      buildPerson(h, org.id, {
        name,
        email: `${name.toLowerCase()}@cadence.test`,
        status: status as 'active',
        departedOn: status === 'departed' ? '2026-01-31' : null,
      });
    const alice = await person('Alice');
    const bob = await person('Bob');
    const carol = await person('Carol', 'departed');
    const dana = await person('Dana');
    const lena = await person('Lena');
    const controlA = await buildControl(h, org.id, { code: 'CAD-A', ownerEmail: alice.email });
    const controlB = await buildControl(h, org.id, { code: 'CAD-B', ownerEmail: bob.email });
    await buildControl(h, org.id, { code: 'CAD-C', ownerEmail: carol.email });
    await buildControl(h, org.id, { code: 'CAD-D', ownerEmail: dana.email });
    await createEngagement(db, TEST_ACTOR, org.id, {
      type: 'type2',
      windowStart: '2026-07-01',
      windowEnd: '2027-06-30',
      fieldworkStart: '2027-07-15',
      leadId: lena.id,
    });
    const rejectedId = await buildEvidence(h, org.id, controlA);
    await reviewEvidence(db, TEST_ACTOR, org.id, {
      evidenceId: rejectedId,
      decision: { decision: 'rejected', reason: 'wrong quarter' },
    });
    const realNow = new Date();
    const today = realNow.toISOString().slice(0, 10);
    await addFinding(db, TEST_ACTOR, org.id, {
      title: 'Bob fixes the deploy keys',
      severity: 'high',
      controlCodes: [controlB],
      ownerEmail: bob.email,
      openedOn: today,
    });
    const leadUser = await buildUser(h, [{ orgId: org.id, role: 'compliance-lead', personId: lena.id }]);
    const admin = await buildUser(h, [{ orgId: org.id, role: 'admin' }]);
    const asLead = withSession(await buildSession(h, leadUser));
    const asAdmin = withSession(await buildSession(h, admin));
    const api = `/api/v1/orgs/${org.slug}`;

    // The clock: now, the weekly run due in the next full hour (UTC).
    let current = realNow.getTime();
    const clock: Clock & { set(ms: number): void; advance(ms: number): void } = {
      now: () => new Date(current),
      set: (ms) => {
        current = ms;
      },
      advance: (ms) => {
        current += ms;
      },
    };
    h.clock.set(realNow.toISOString());
    const tick = new Date(realNow);
    tick.setUTCMinutes(0, 0, 0);
    tick.setUTCHours(tick.getUTCHours() + 1);
    const settings = await h.app.inject({
      method: 'PUT',
      url: `${api}/cadence/settings`,
      headers: asAdmin,
      payload: {
        weekday: tick.getUTCDay(),
        hour: tick.getUTCHours(),
        timeZone: 'UTC',
        smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
        mailFrom: 'auditready@cadence.test',
        webhookUrl: `http://127.0.0.1:${hookPort}/hook`,
        publicUrl: 'https://auditready.cadence.test/',
      },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    expect(settings.json()).toMatchObject({ smtpConfigured: true, webhookConfigured: true });
    // The secrets are never sent back.
    expect(settings.body).not.toContain(String(smtpPort));
    const stored = await db.db
      .selectFrom('cadence_settings')
      .selectAll()
      .where('org_id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(stored.webhook_url).not.toContain('127.0.0.1');

    const rosterFile = path.join(h.store.dataDir, 'roster.csv');
    writeFileSync(
      rosterFile,
      'email,name,team,manager_email,status,departed_on\nnew.hire@cadence.test,New Hire,platform,,active,\n',
    );
    for (const location of [rosterFile, path.join(h.store.dataDir, 'missing', 'roster.csv')]) {
      const r = await h.app.inject({
        method: 'POST',
        url: `${api}/cadence/sources`,
        headers: asAdmin,
        payload: { kind: 'roster', location },
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    await setDigestPreference(
      db,
      TEST_ACTOR,
      { id: org.id, personId: null, role: 'admin' },
      { personId: dana.id, optOut: true, channel: 'email' },
    );
    await setDigestPreference(
      db,
      TEST_ACTOR,
      { id: org.id, personId: null, role: 'admin' },
      { personId: bob.id, optOut: false, channel: 'both' },
    );

    // Two processes' worth of scheduler and worker, on two connection pools; every run of a job counted.
    const runsOf = new Map<string, number>();
    const counted = (tasks: TaskDefinition[]) =>
      tasks.map((t) => ({
        ...t,
        run: async (ctx: Parameters<TaskDefinition['run']>[0]) => {
          runsOf.set(ctx.job.id, (runsOf.get(ctx.job.id) ?? 0) + 1);
          return t.run(ctx);
        },
      }));
    const processOf = (database: Database, id: string) => {
      const queue = tableJobQueue(database, clock);
      const tasks = counted(
        weeklyRunTasks({
          database,
          blobs: blobStoreFor(h.store.dataDir),
          secretBox: h.app.deps.config.secretBox,
          clock,
        }),
      );
      return {
        scheduler: new Scheduler(database, queue, clock, `scheduler-${id}`),
        worker: new JobWorker(database, queue, clock, `worker-${id}`, tasks),
      };
    };
    const p1 = processOf(db, '1');
    const p2 = processOf(second, '2');
    const both = async () => (await Promise.all([p1.worker.drain(), p2.worker.drain()])).flat();

    expect([...(await p1.scheduler.tick()), ...(await p2.scheduler.tick())]).toEqual([]);
    clock.set(tick.getTime() + 60_000);
    const ticked = (
      await Promise.all([p1.scheduler.tick(), p2.scheduler.tick(), p1.scheduler.tick()])
    ).flat();
    expect(ticked).toHaveLength(1);
    let outcomes = await both();
    // The run, the good collection, the failing one's first attempt.
    expect(outcomes.map((o) => `${o.task}:${o.status}`).sort()).toEqual([
      'collect:queued',
      'collect:succeeded',
      'weekly-run:succeeded',
    ]);
    clock.advance(60_000);
    outcomes = await both();
    expect(outcomes.map((o) => `${o.task}:${o.status}`)).toEqual(['collect:queued']);
    clock.advance(120_000);
    outcomes = await both();
    expect(outcomes.map((o) => `${o.task}:${o.status}`)).toEqual(['collect:dead', 'weekly-finish:succeeded']);
    // Nothing more to do, and nothing ran twice but the retried collection (three attempts).
    expect(await both()).toEqual([]);
    expect((await Promise.all([p1.scheduler.tick(), p2.scheduler.tick()])).flat()).toEqual([]);
    const counts = [...runsOf.values()].sort();
    expect(counts).toEqual([1, 1, 1, 3]);

    // The roster collection ran once.
    expect((await listPeople(db.db, org.id)).map((p) => p.email)).toContain('new.hire@cadence.test');
    // The snapshot is kept.
    const week = clock.now().toISOString().slice(0, 10);
    const snapshots = await db.db
      .selectFrom('readiness_snapshots')
      .selectAll()
      .where('org_id', '=', org.id)
      .execute();
    expect(snapshots.map((s) => s.week)).toEqual([week]);
    const change = await h.app.inject({ method: 'GET', url: `${api}/readiness/change`, headers: asLead });
    expect(change.json().change).toMatchObject({ week, previousWeek: null });
    expect(change.json().change.newGaps).toEqual(expect.arrayContaining(['CAD-A', 'CAD-B']));

    // Each owner's digest holds exactly their items: overdue plan items, the rejection with its reason, their finding.
    const { plan } = await getPlan(db, org.id);
    const openItems = (ownerId: string) =>
      plan.items
        .filter((i) => i.ownerId === ownerId && i.doneOn === null && i.dueOn <= week)
        .map((i) =>
          i.kind === 'gap'
            ? `${i.label}: ${i.controlCode}`
            : `Evidence ${i.requirementCode} for ${i.controlCode}`,
        );
    const digests = await db.db.selectFrom('digests').selectAll().where('org_id', '=', org.id).execute();
    const contentOf = (personId: string) =>
      digests.filter((d) => d.person_id === personId).map((d) => JSON.parse(d.content));
    const aliceDigest = contentOf(alice.id)[0] as OwnerDigest;
    expect(openItems(alice.id).length).toBeGreaterThan(0);
    expect(aliceDigest.overdue.map((i) => i.title).sort()).toEqual(openItems(alice.id).sort());
    expect(aliceDigest.rejected).toEqual([
      expect.objectContaining({
        title: expect.stringContaining(`for ${controlA} was rejected`),
        detail: 'wrong quarter',
      }),
    ]);
    expect(aliceDigest.findings).toEqual([]);
    const bobDigest = contentOf(bob.id)[0] as OwnerDigest;
    expect(bobDigest.findings.map((f) => f.title)).toEqual(['Bob fixes the deploy keys']);
    expect(bobDigest.overdue.map((i) => i.title).sort()).toEqual(openItems(bob.id).sort());
    expect(bobDigest.rejected).toEqual([]);
    // The departed owner and the one who opted out get nothing.
    expect(contentOf(carol.id)).toEqual([]);
    expect(contentOf(dana.id)).toEqual([]);
    // The lead gets the lead's summary (and, since review work and unowned gaps are theirs, maybe an owner digest).
    const lead = contentOf(lena.id).find((d) => d.kind === 'lead') as LeadDigest;
    expect(lead.kind).toBe('lead');
    expect(lead.failedCollections).toEqual([
      {
        source: expect.stringContaining('missing'),
        error: expect.stringMatching(/no such file|ENOENT|not found/i),
      },
    ]);

    // What arrived at the SMTP server: one mail each to Alice, Bob and Lena, each with their own items only.
    expect([...new Set(mails.map((m) => m.to))].sort()).toEqual([alice.email, bob.email, lena.email].sort());
    const mailTo = (p: { email: string }) =>
      mails
        .filter((m) => m.to === p.email)
        .map((m) => m.raw)
        .join('\n');
    expect(mailTo(alice)).toContain('wrong quarter');
    expect(mailTo(alice)).toContain(`https://auditready.cadence.test/o/${org.slug}/controls/${controlA}`);
    expect(mailTo(alice)).not.toContain('Bob fixes the deploy keys');
    expect(mailTo(alice)).not.toContain(controlB);
    expect(mailTo(bob)).toContain('Bob fixes the deploy keys');
    expect(mailTo(bob)).not.toContain('wrong quarter');
    expect(mailTo(bob)).not.toContain(controlA);
    expect(mailTo(bob)).toMatch(/Content-Type: text\/html/i);
    expect(mailTo(lena)).toContain('Failed collections');
    expect(mailTo(lena)).toContain('missing');

    // The webhook: the lead's summary (once) and Bob's digest (his channel is both).
    expect(posts).toHaveLength(2);
    const leadPost = posts.find((p) => p.text.startsWith('Readiness this week'))!;
    expect(JSON.stringify(leadPost.blocks)).toContain('Failed collections');
    expect(leadPost.blocks[0]).toMatchObject({ type: 'header' });
    expect(posts.find((p) => p.text.startsWith('This week for Bob'))).toBeDefined();

    // Visible through the API: the run and its steps, the dead letter, its retry by a lead.
    const runs = await h.app.inject({ method: 'GET', url: `${api}/cadence/runs`, headers: asLead });
    expect(runs.statusCode).toBe(200);
    const [run] = runs.json();
    expect(run.status).toBe('partial');
    expect(
      run.steps.map((s: { name: string; status: string }) => `${s.name.split(' ')[0]}:${s.status}`),
    ).toEqual([
      'collect:succeeded',
      'collect:failed',
      'rules:succeeded',
      'snapshot:succeeded',
      'digests:succeeded',
      'send:succeeded',
    ]);
    const dead = await h.app.inject({ method: 'GET', url: `${api}/jobs?status=dead`, headers: asLead });
    expect(dead.json()).toEqual([
      expect.objectContaining({ task: 'collect', attempts: 3, lastError: expect.any(String) }),
    ]);
    const thisWeek = await h.app.inject({ method: 'GET', url: `${api}/digests/this-week`, headers: asLead });
    expect(thisWeek.json().digests.map((d: { kind: string }) => d.kind)).toContain('lead');
    const retried = await h.app.inject({
      method: 'POST',
      url: `${api}/jobs/${dead.json()[0].id}/retry`,
      headers: asLead,
    });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'queued', attempts: 0 });
  });
});
