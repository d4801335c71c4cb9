import type { Actor } from '../../core/ledger/chain.js';
import { type Clock, systemClock } from '../clock.js';
import type { Database } from '../db/database.js';
import { withTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { type Write, write } from '../ledger/ledger.js';
import { backoffSeconds, type Job, type JobStatus, toJob } from './job.js';
import { claimNextJob, findJob, insertJob, listJobRows, updateJob } from './jobs.repository.js';

/** Who the queue's own ledger entries name. */
export const JOB_QUEUE_ACTOR: Actor = { type: 'system', id: 'jobs', label: 'auditready job queue' };

/** How a job is put on the queue. */
export interface EnqueueOptions {
  orgId?: string | null;
  /** Not before this instant (default: now). */
  runAfter?: Date;
  /** Attempts before the job is dead-lettered (default 3). */
  maxAttempts?: number;
  /** A second enqueue with the same key is the same job (nothing new is queued). */
  dedupeKey?: string;
}

/** What became of a failed attempt. */
export type FailOutcome = { status: 'queued'; runAfter: string } | { status: 'dead' };

/**
 * The job queue: named tasks with JSON payloads, claimed by workers, retried
 * with backoff, dead-lettered after their last attempt, retried by hand.
 * One interface for both engines (docs/decisions/0025): the implementation
 * below is table-backed on SQLite and PostgreSQL alike, claiming with
 * `FOR UPDATE SKIP LOCKED` on PostgreSQL.
 */
export interface JobQueue {
  /** Queues a job inside the caller's write (so it is queued with what caused it, or not at all); its id, or null when the dedupe key was taken. */
  enqueue(
    w: Write,
    task: string,
    payload: Record<string, unknown>,
    options?: EnqueueOptions,
  ): Promise<string | null>;
  /** Claims the next job of these tasks ready at `now`, or null. */
  claim(workerId: string, tasks: readonly string[], now: Date): Promise<Job | null>;
  /** Marks a claimed job done. */
  succeed(job: Job, result: unknown, now: Date): Promise<void>;
  /** Records a failed attempt: queued again after a backoff, or dead when it was the last. */
  fail(job: Job, error: string, now: Date): Promise<FailOutcome>;
  /** Queues a dead job again (a lead's retry), with a fresh set of attempts. */
  retry(actor: Actor, jobId: string, now: Date, orgId?: string): Promise<Job>;
  get(jobId: string, orgId?: string): Promise<Job>;
  list(filter?: { orgId?: string; status?: JobStatus; task?: string; limit?: number }): Promise<Job[]>;
}

/** A running job whose lock is older than this is taken over (its worker died). */
export const JOB_LEASE_MS = 15 * 60 * 1000;

const DEFAULT_MAX_ATTEMPTS = 3;

/** The table-backed queue of a store; `clock` dates what is queued without an explicit instant. */
export function tableJobQueue(database: Database, clock: Clock = systemClock): JobQueue {
  const scope = (orgId: string | null) => ({ actor: JOB_QUEUE_ACTOR, orgId });
  const queue: JobQueue = {
    async enqueue(w, task, payload, options = {}) {
      const id = newId();
      const now = clock.now();
      const at = now.toISOString();
      const row = {
        id,
        org_id: options.orgId ?? w.orgId,
        task,
        payload: JSON.stringify(payload),
        dedupe_key: options.dedupeKey ?? null,
        status: 'queued',
        attempts: 0,
        max_attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        run_after: (options.runAfter ?? now).toISOString(),
        locked_by: null,
        locked_at: null,
        last_error: null,
        result: null,
        created_at: at,
        updated_at: at,
        finished_at: null,
      };
      if (!(await insertJob(w.tx, row))) return null;
      w.record({
        action: 'enqueue',
        recordType: 'job',
        recordId: id,
        change: { task, payload, runAfter: row.run_after, maxAttempts: row.max_attempts },
      });
      return id;
    },
    async claim(workerId, tasks, now) {
      // Taking the lock is bookkeeping, not activity: the ledger records what the job did, not who held it.
      const row = await withTransaction(database, (tx) =>
        claimNextJob(
          tx,
          database.dialect,
          workerId,
          now.toISOString(),
          new Date(now.getTime() - JOB_LEASE_MS).toISOString(),
          tasks,
        ),
      );
      return row ? toJob(row) : null;
    },
    async succeed(job, result, now) {
      const at = now.toISOString();
      await write(database, scope(job.orgId), async (w) => {
        await updateJob(w.tx, job.id, {
          status: 'succeeded',
          result: JSON.stringify(result ?? null),
          locked_by: null,
          locked_at: null,
          updated_at: at,
          finished_at: at,
        });
        w.record({
          action: 'succeed',
          recordType: 'job',
          recordId: job.id,
          change: { attempts: job.attempts },
        });
      });
    },
    async fail(job, error, now) {
      const at = now.toISOString();
      const last = job.attempts >= job.maxAttempts;
      const runAfter = new Date(now.getTime() + backoffSeconds(job.attempts) * 1000).toISOString();
      await write(database, scope(job.orgId), async (w) => {
        await updateJob(w.tx, job.id, {
          status: last ? 'dead' : 'queued',
          last_error: error.slice(0, 2000),
          run_after: last ? job.runAfter : runAfter,
          locked_by: null,
          locked_at: null,
          updated_at: at,
          finished_at: last ? at : null,
        });
        w.record({
          action: last ? 'dead-letter' : 'fail',
          recordType: 'job',
          recordId: job.id,
          change: { attempts: job.attempts, error: error.slice(0, 500), ...(last ? {} : { runAfter }) },
        });
      });
      return last ? { status: 'dead' } : { status: 'queued', runAfter };
    },
    async retry(actor, jobId, now, orgId) {
      const job = await queue.get(jobId, orgId);
      if (job.status !== 'dead')
        throw new AppError('conflict', `job ${job.id} is ${job.status}; only a dead job is retried`);
      const at = now.toISOString();
      await write(database, { actor, orgId: job.orgId }, async (w) => {
        await updateJob(w.tx, job.id, {
          status: 'queued',
          attempts: 0,
          run_after: at,
          finished_at: null,
          updated_at: at,
        });
        w.record({
          action: 'retry',
          recordType: 'job',
          recordId: job.id,
          change: { status: ['dead', 'queued'] },
        });
      });
      return queue.get(jobId, orgId);
    },
    async get(jobId, orgId) {
      const row = await findJob(database.db, jobId, orgId);
      if (!row) throw notFound('job', jobId);
      return toJob(row);
    },
    async list(filter = {}) {
      return (await listJobRows(database.db, filter)).map(toJob);
    },
  };
  return queue;
}
