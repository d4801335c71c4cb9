import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import type { Clock } from '../clock.js';
import { type Database, openDatabase } from '../db/database.js';
import { unledgered, withTransaction } from '../db/transaction.js';
import { newId } from '../ids.js';
import { write } from '../ledger/ledger.js';
import { listTicks, upsertSchedule } from './jobs.repository.js';
import { tableJobQueue } from './queue.js';
import { JobWorker, Scheduler, type TaskDefinition } from './runner.js';

/** A clock the test moves; nothing waits. */
function manualClock(start: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let current = Date.parse(start);
  return {
    now: () => new Date(current),
    set: (iso) => {
      current = Date.parse(iso);
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

describe('the job queue', () => {
  let store: TestStore;
  let second: Database;
  let orgId: string;

  beforeAll(async () => {
    // Short lock waits, as `serve` has: waited for without blocking the event loop (both pools live in this process).
    store = await createTestStore({ lockTimeoutMs: 5000 });
    // A second, independent connection pool on the same store: another process as far as the database can tell.
    second = await openDatabase({
      dataDir: store.dataDir,
      databaseUrl: store.databaseUrl,
      lockTimeoutMs: 5000,
    });
    orgId = newId();
    await unledgered(store.database)
      .insertInto('organizations')
      .values({
        id: orgId,
        name: 'Queue Co',
        slug: `queue-${orgId.slice(-6)}`,
        created_at: new Date().toISOString(),
      })
      .execute();
  });
  afterAll(async () => {
    await second.close();
    await store.cleanup();
  });

  it('runs each job once across two workers on two connections, with retries, backoff and a dead letter', async () => {
    const clock = manualClock('2026-03-02T06:00:00.000Z');
    const runs = new Map<string, number>();
    const settled: string[] = [];
    const tasks: TaskDefinition[] = [
      {
        name: 'count',
        run: async ({ job }) => {
          runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
          // Yield so the other worker claims meanwhile.
          await new Promise((r) => setTimeout(r, 2));
          return { ok: true };
        },
      },
      {
        name: 'broken',
        maxAttempts: 3,
        run: async () => {
          throw new Error('source answered 500');
        },
        settled: async ({ job }, outcome) => {
          settled.push(`${job.id}:${outcome.status}:${outcome.error}`);
        },
      },
    ];
    const q1 = tableJobQueue(store.database, clock);
    const q2 = tableJobQueue(second, clock);
    const ids = await write(store.database, { actor: TEST_ACTOR, orgId }, async (w) => {
      const out: string[] = [];
      for (let i = 0; i < 24; i += 1) out.push((await q1.enqueue(w, 'count', { i }))!);
      out.push((await q1.enqueue(w, 'broken', {}, { maxAttempts: 3 }))!);
      // The same dedupe key queues nothing new.
      expect(await q1.enqueue(w, 'count', { i: -1 }, { dedupeKey: 'once' })).not.toBeNull();
      expect(await q1.enqueue(w, 'count', { i: -2 }, { dedupeKey: 'once' })).toBeNull();
      return out;
    });
    const w1 = new JobWorker(store.database, q1, clock, 'worker-1', tasks);
    const w2 = new JobWorker(second, q2, clock, 'worker-2', tasks);
    const [a, b] = await Promise.all([w1.drain(), w2.drain()]);
    expect(a.length + b.length).toBe(26);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(runs.size).toBe(25);

    const brokenId = ids[24]!;
    let broken = await q1.get(brokenId);
    expect(broken).toMatchObject({ status: 'queued', attempts: 1, lastError: 'source answered 500' });
    // The first retry waits a minute: nothing is ready before.
    expect(Date.parse(broken.runAfter) - clock.now().getTime()).toBe(60_000);
    expect(await w1.drain()).toEqual([]);
    clock.advance(60_000);
    expect((await w2.drain()).map((o) => o.status)).toEqual(['queued']);
    broken = await q1.get(brokenId);
    expect(Date.parse(broken.runAfter) - clock.now().getTime()).toBe(120_000);
    clock.advance(120_000);
    expect((await w1.drain()).map((o) => o.status)).toEqual(['dead']);
    expect(await q1.get(brokenId)).toMatchObject({ status: 'dead', attempts: 3 });
    expect(settled).toEqual([`${brokenId}:dead:source answered 500`]);
    expect((await q1.list({ orgId, status: 'dead' })).map((j) => j.id)).toEqual([brokenId]);

    // A lead's retry queues it again with fresh attempts.
    const retried = await q2.retry(TEST_ACTOR, brokenId, clock.now(), orgId);
    expect(retried).toMatchObject({ status: 'queued', attempts: 0 });
    await expect(q2.retry(TEST_ACTOR, brokenId, clock.now(), orgId)).rejects.toThrow(/only a dead job/);
    expect((await w1.drain()).map((o) => o.status)).toEqual(['queued']);
  });

  it('enqueues one job per schedule tick however many schedulers race for it, in the organization’s time zone', async () => {
    const clock = manualClock('2026-03-01T12:00:00.000Z');
    const scheduleId = newId();
    await withTransaction(store.database, (tx) =>
      upsertSchedule(tx, {
        id: scheduleId,
        org_id: orgId,
        task: 'weekly',
        cron: '0 7 * * 1',
        time_zone: 'Europe/Berlin',
        enabled: 1,
        last_tick: null,
        created_at: clock.now().toISOString(),
        updated_at: clock.now().toISOString(),
      }),
    );
    const schedulers = [
      new Scheduler(store.database, tableJobQueue(store.database, clock), clock, 's1'),
      new Scheduler(second, tableJobQueue(second, clock), clock, 's2'),
      new Scheduler(store.database, tableJobQueue(store.database, clock), clock, 's3'),
      new Scheduler(second, tableJobQueue(second, clock), clock, 's4'),
    ];
    // Sunday noon: not yet.
    expect((await Promise.all(schedulers.map((s) => s.tick()))).flat()).toEqual([]);
    // Monday 06:00 UTC is 07:00 in Berlin (CET): the tick fires.
    clock.set('2026-03-02T06:00:00.000Z');
    const first = (await Promise.all(schedulers.map((s) => s.tick()))).flat();
    expect(first).toHaveLength(1);
    expect(first[0]!.tick).toBe('2026-03-02T06:00:00.000Z');
    clock.advance(3_600_000);
    expect((await Promise.all(schedulers.map((s) => s.tick()))).flat()).toEqual([]);
    // A week later, next tick; a missed week collapses into the latest tick.
    clock.set('2026-03-23T09:00:00.000Z');
    const later = (await Promise.all(schedulers.map((s) => s.tick()))).flat();
    expect(later.map((t) => t.tick)).toEqual(['2026-03-23T06:00:00.000Z']);
    const ticks = await listTicks(store.database.db, scheduleId);
    expect(ticks.map((t) => t.tick)).toEqual(['2026-03-23T06:00:00.000Z', '2026-03-02T06:00:00.000Z']);
    const jobs = await tableJobQueue(store.database, clock).list({ orgId, task: 'weekly' });
    expect(jobs).toHaveLength(2);
  });
});
