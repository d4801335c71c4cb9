import { type ChildProcess, spawn } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../../../test/cli.js';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildControl,
  buildPerson,
  buildUser,
  createHarness,
  type Harness,
} from '../../../test/factories.js';
import { loadSecretBox } from '../../platform/auth/secret-box.js';
import { TEST_CLOCK_FILE_ENV } from '../../platform/clock.js';
import { createOrganization } from '../organizations/organization.service.js';
import { addImportSource, ensureWeeklySchedules, updateCadenceSettings } from './cadence.service.js';
import { JOBS_POLL_MS_ENV } from './cadence-runtime.js';

/** A `serve --role worker,scheduler` child process and what it printed. */
interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const ORGS = 3;
/** Three Mondays, 07:00 UTC: the default weekly run (Monday 07:00 in the organization's zone, UTC until set). */
const TICKS = ['2026-03-02T07:00:00.000Z', '2026-03-09T07:00:00.000Z', '2026-03-16T07:00:00.000Z'];

/**
 * Issue 18 item 1: two worker-and-scheduler OS processes (`auditready serve
 * --role worker,scheduler`) on one database, their clock moved by the test
 * through the test-only clock file (AUDITREADY_TEST_CLOCK_FILE), race for
 * every schedule tick and every job: each tick is claimed once, each job runs
 * once, each weekly run's side effects (collection, snapshot, mails) happen once.
 */
describe('two worker processes on one database', () => {
  let h: Harness;
  let smtp: SMTPServer;
  const mails: { to: string; subject: string }[] = [];
  const children: Child[] = [];
  let clockFile = '';
  let hook: Server;
  let hookPort = 0;
  const posts: string[] = [];

  const setClock = (iso: string) => {
    // Written whole, then renamed: a child never reads half an instant.
    writeFileSync(`${clockFile}.next`, `${iso}\n`);
    renameSync(`${clockFile}.next`, clockFile);
  };

  const startChild = async (env: Record<string, string>): Promise<Child> => {
    const child = spawn(BIN, ['serve', '--role', 'worker,scheduler'], {
      env: { ...process.env, DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000);
      const check = setInterval(() => {
        if (out.includes('auditready worker, scheduler running')) {
          clearTimeout(timer);
          clearInterval(check);
          resolve();
        } else if (child.exitCode !== null) {
          clearTimeout(timer);
          clearInterval(check);
          reject(new Error(`serve exited ${child.exitCode}: ${out}`));
        }
      }, 50);
    });
    return { process: child, output: () => out, exited };
  };

  beforeAll(async () => {
    h = await createHarness();
    clockFile = path.join(h.store.dataDir, 'test-clock');
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const subject = /^Subject: (.*)$/m.exec(raw)?.[1] ?? '';
          for (const rcpt of session.envelope.rcptTo) mails.push({ to: rcpt.address, subject });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    hook = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        posts.push(req.url ?? '');
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookPort = (hook.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const c of children) {
      if (c.process.exitCode === null) c.process.kill('SIGKILL');
    }
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => hook.close(() => resolve()));
    await h.close();
  });

  it('claims each tick once and runs each job once across two `serve --role worker,scheduler` processes', async () => {
    const db = h.store.database;
    const t0 = '2026-03-02T06:00:00.000Z';
    setClock(t0);
    const secretBox = await loadSecretBox(h.store.dataDir, {});
    const orgIds: string[] = [];
    const leadEmails: string[] = [];
    for (let i = 0; i < ORGS; i++) {
      const org = await createOrganization(db, TEST_ACTOR, `Two Workers ${i}`);
      orgIds.push(org.id);
      const lead = await buildPerson(h, org.id, { name: `Lead ${i}`, email: `lead${i}@workers.test` });
      leadEmails.push(lead.email);
      const owner = await buildPerson(h, org.id, { name: `Owner ${i}`, email: `owner${i}@workers.test` });
      await buildUser(h, [{ orgId: org.id, role: 'compliance-lead', personId: lead.id }]);
      await buildControl(h, org.id, { code: `TW-${i}`, ownerEmail: owner.email });
      // One scheduled collection per organization: a roster file the weekly run imports.
      const roster = path.join(h.store.dataDir, `roster-${i}.csv`);
      writeFileSync(
        roster,
        `email,name,team,manager_email,status,departed_on\nhire${i}@workers.test,Hire ${i},platform,,active,\n`,
      );
      // The weekly run at its default (Monday 07:00 UTC), the webhook sealed with the data folder's key,
      // the one the child processes open it with.
      await updateCadenceSettings(
        db,
        TEST_ACTOR,
        org.id,
        { weekday: 1, hour: 7, timeZone: 'UTC', webhookUrl: `http://127.0.0.1:${hookPort}/hook/${org.id}` },
        { secretBox, clock: { now: () => new Date(t0) } },
      );
      await addImportSource(
        db,
        TEST_ACTOR,
        org.id,
        { kind: 'roster', location: roster },
        { now: () => new Date(t0) },
      );
    }
    // The schedules exist before the processes start, dated at the test's t0.
    expect(await ensureWeeklySchedules(db, TEST_ACTOR, { now: () => new Date(t0) })).toBe(0);
    const schedules = await db.db.selectFrom('job_schedules').selectAll().execute();
    expect(schedules.map((s) => [s.org_id, s.cron, s.created_at]).sort()).toEqual(
      orgIds.map((org) => [org, '0 7 * * 1', t0]).sort(),
    );

    const env = {
      ...h.store.env,
      [TEST_CLOCK_FILE_ENV]: clockFile,
      [JOBS_POLL_MS_ENV]: '50',
      AUDITREADY_SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      AUDITREADY_MAIL_FROM: 'auditready@workers.test',
    };
    // One after the other (each creates the data folder's keys on first start), then both poll every 50 ms.
    children.push(await startChild(env));
    children.push(await startChild(env));
    const pids = children.map((c) => c.process.pid!);

    for (const [week, tick] of TICKS.entries()) {
      // Ten minutes past the tick: both schedulers find it due, again and again, every 50 ms.
      setClock(new Date(Date.parse(tick) + 10 * 60_000).toISOString());
      const deadline = Date.now() + 120_000;
      for (;;) {
        const runs = await db.db
          .selectFrom('weekly_runs')
          .select(['org_id', 'status', 'finished_at'])
          .where('finished_at', 'is not', null)
          .execute();
        const open = await db.db
          .selectFrom('jobs')
          .select('id')
          .where('status', 'in', ['queued', 'running'])
          .execute();
        if (runs.length >= ORGS * (week + 1) && open.length === 0) break;
        if (Date.now() > deadline)
          throw new Error(
            `week ${week + 1}: ${runs.length} runs finished, ${open.length} jobs open\n${children.map((c) => c.output()).join('\n')}`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
      // Let both schedulers tick a few more times at this instant: the claimed tick stays claimed.
      await new Promise((r) => setTimeout(r, 500));
    }

    for (const c of children) c.process.kill('SIGTERM');
    expect(await Promise.all(children.map((c) => c.exited))).toEqual([0, 0]);
    const outputs = children.map((c) => c.output());
    for (const out of outputs) expect(out).not.toContain('job runner:');

    // Every tick claimed exactly once, by one of the two processes.
    const ticks = await db.db.selectFrom('job_ticks').selectAll().execute();
    expect(ticks).toHaveLength(ORGS * TICKS.length);
    expect(new Set(ticks.map((t) => t.tick))).toEqual(new Set(TICKS));
    for (const t of ticks) {
      expect(pids.some((pid) => t.claimed_by.includes(`:${pid}:`))).toBe(true);
    }

    // Every job ran once: one attempt, succeeded, one `succeed` entry and no `fail` in the ledger.
    const jobs = await db.db.selectFrom('jobs').selectAll().execute();
    const byTask = (task: string) => jobs.filter((j) => j.task === task).length;
    expect(byTask('weekly-run')).toBe(ORGS * TICKS.length);
    expect(byTask('collect')).toBe(ORGS * TICKS.length);
    expect(byTask('weekly-finish')).toBe(ORGS * TICKS.length);
    expect(jobs).toHaveLength(3 * ORGS * TICKS.length);
    for (const j of jobs)
      expect({ id: j.id, status: j.status, attempts: j.attempts }).toEqual({
        id: j.id,
        status: 'succeeded',
        attempts: 1,
      });
    const entries = await db.db
      .selectFrom('activity')
      .select(['record_id', 'action'])
      .where('record_type', '=', 'job')
      .where('action', 'in', ['succeed', 'fail', 'dead-letter'])
      .execute();
    expect(entries.filter((e) => e.action !== 'succeed')).toEqual([]);
    const succeeded = new Map<string, number>();
    for (const e of entries) succeeded.set(e.record_id, (succeeded.get(e.record_id) ?? 0) + 1);
    expect([...succeeded.keys()].sort()).toEqual(jobs.map((j) => j.id).sort());
    expect([...succeeded.values()].every((n) => n === 1)).toBe(true);

    // One weekly run, one snapshot and one collection per organization and week.
    const runs = await db.db.selectFrom('weekly_runs').selectAll().execute();
    expect(runs).toHaveLength(ORGS * TICKS.length);
    for (const org of orgIds) {
      const weeks = runs.filter((r) => r.org_id === org).map((r) => r.week);
      expect(weeks.sort()).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    }
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    const snapshots = await db.db.selectFrom('readiness_snapshots').select(['org_id', 'week']).execute();
    expect(snapshots).toHaveLength(ORGS * TICKS.length);
    expect(new Set(snapshots.map((s) => `${s.org_id}:${s.week}`)).size).toBe(ORGS * TICKS.length);

    // Each lead's digest arrived once a week at the SMTP server: never twice.
    for (const email of leadEmails) {
      expect(mails.filter((m) => m.to === email)).toHaveLength(TICKS.length);
    }
    // And every mail that arrived is one digest's one e-mail delivery: none sent twice.
    const digests = await db.db.selectFrom('digests').select(['delivery']).execute();
    const emailed = digests.filter((d) => (JSON.parse(d.delivery) as { email?: string }).email === 'sent');
    expect(mails).toHaveLength(emailed.length);
    const perRecipient = new Map<string, number>();
    for (const m of mails) perRecipient.set(m.to, (perRecipient.get(m.to) ?? 0) + 1);
    for (const [to, n] of perRecipient) expect(n, to).toBeLessThanOrEqual(TICKS.length);
    // The lead's summary reached each organization's webhook once a week.
    expect(posts.sort()).toEqual(orgIds.flatMap((org) => TICKS.map(() => `/hook/${org}`)).sort());
  }, 600_000);
});
