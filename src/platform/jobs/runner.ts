import type { Clock } from '../clock.js';
import type { Database } from '../db/database.js';
import { write } from '../ledger/ledger.js';
import type { Job } from './job.js';
import { claimTick, listSchedules } from './jobs.repository.js';
import { JOB_QUEUE_ACTOR, type JobQueue } from './queue.js';
import { dueTick } from './schedule.js';

/** What a task's handler gets. */
export interface TaskContext {
  job: Job;
  now: Date;
  queue: JobQueue;
  database: Database;
}

/** A named task: its handler, and what follows once a job of it is final. */
export interface TaskDefinition {
  name: string;
  /** Attempts before dead-lettering (default: the queue's, 3). */
  maxAttempts?: number;
  run(ctx: TaskContext): Promise<unknown>;
  /** Called once a job reached a final state (succeeded or dead), after that state committed. */
  settled?(ctx: TaskContext, outcome: { status: 'succeeded' | 'dead'; error?: string }): Promise<void>;
}

/** The outcome of one job a worker ran. */
export interface RunOutcome {
  jobId: string;
  task: string;
  status: 'succeeded' | 'queued' | 'dead';
  error?: string;
}

/**
 * A worker: claims jobs of the tasks it knows, runs them, records the
 * outcome. `drain()` runs every job ready now and returns (what tests and
 * `jobs run` call); `start()` polls until stopped (what `serve --role
 * worker` runs). Any number of workers on one PostgreSQL share the queue.
 */
export class JobWorker {
  private readonly tasks = new Map<string, TaskDefinition>();
  constructor(
    private readonly database: Database,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    readonly workerId: string,
    definitions: readonly TaskDefinition[],
  ) {
    for (const d of definitions) this.tasks.set(d.name, d);
  }

  /** Claims and runs one ready job; null when none is ready. */
  async runOne(): Promise<RunOutcome | null> {
    const job = await this.queue.claim(this.workerId, [...this.tasks.keys()], this.clock.now());
    if (!job) return null;
    const task = this.tasks.get(job.task)!;
    const ctx = (): TaskContext => ({
      job,
      now: this.clock.now(),
      queue: this.queue,
      database: this.database,
    });
    let result: unknown;
    try {
      result = await task.run(ctx());
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const outcome = await this.queue.fail(job, error, this.clock.now());
      if (outcome.status === 'dead') await task.settled?.(ctx(), { status: 'dead', error });
      return { jobId: job.id, task: job.task, status: outcome.status, error };
    }
    await this.queue.succeed(job, result, this.clock.now());
    await task.settled?.(ctx(), { status: 'succeeded' });
    return { jobId: job.id, task: job.task, status: 'succeeded' };
  }

  /** Runs jobs until none is ready at the clock's now (a job a handler queues for now runs too). */
  async drain(limit = 1000): Promise<RunOutcome[]> {
    const outcomes: RunOutcome[] = [];
    while (outcomes.length < limit) {
      const outcome = await this.runOne();
      if (!outcome) break;
      outcomes.push(outcome);
    }
    return outcomes;
  }

  /** Polls every `intervalMs` until the returned stop is called (errors reported, never thrown). */
  start(options: { intervalMs?: number; onError: (err: unknown) => void }): { stop: () => Promise<void> } {
    return poll(() => this.drain().then(() => undefined), options);
  }
}

/** One tick of a schedule this process enqueued. */
export interface EnqueuedTick {
  scheduleId: string;
  orgId: string;
  task: string;
  tick: string;
  jobId: string;
}

/**
 * The scheduler: at each `tick()`, every enabled schedule whose cron
 * expression fired since its last tick gets one job, through its claim row
 * (schedule, tick): whichever process inserts it first enqueues the job in
 * the same transaction, the others find the row and do nothing.
 */
export class Scheduler {
  constructor(
    private readonly database: Database,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    readonly schedulerId: string,
  ) {}

  async tick(): Promise<EnqueuedTick[]> {
    const now = this.clock.now();
    const enqueued: EnqueuedTick[] = [];
    for (const s of await listSchedules(this.database.db)) {
      if (!Number(s.enabled)) continue;
      const due = dueTick(s.cron, s.time_zone, new Date(s.last_tick ?? s.created_at), now);
      if (!due) continue;
      const tick = due.toISOString();
      const jobId = await write(this.database, { actor: JOB_QUEUE_ACTOR, orgId: s.org_id }, async (w) => {
        const id = await this.queue.enqueue(
          w,
          s.task,
          { scheduleId: s.id, tick },
          { orgId: s.org_id, dedupeKey: `schedule:${s.id}:${tick}` },
        );
        if (id === null) return null;
        const claimed = await claimTick(w.tx, {
          schedule_id: s.id,
          tick,
          job_id: id,
          claimed_by: this.schedulerId,
          claimed_at: now.toISOString(),
        });
        if (!claimed) throw new Error(`tick ${tick} of schedule ${s.id} claimed without its job`);
        return id;
      });
      if (jobId) enqueued.push({ scheduleId: s.id, orgId: s.org_id, task: s.task, tick, jobId });
    }
    return enqueued;
  }

  start(options: { intervalMs?: number; onError: (err: unknown) => void }): { stop: () => Promise<void> } {
    return poll(() => this.tick().then(() => undefined), options);
  }
}

function poll(
  fn: () => Promise<void>,
  options: { intervalMs?: number; onError: (err: unknown) => void },
): { stop: () => Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await fn();
      } catch (err) {
        options.onError(err);
      }
    });
  };
  run();
  const timer = setInterval(run, options.intervalMs ?? 30_000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
