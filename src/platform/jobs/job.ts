import type { JobsTable } from '../db/schema.js';

/** The states of a job: waiting (maybe after a failed attempt), claimed, done, or given up. */
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'dead'] as const;
/** One of {@link JOB_STATUSES}. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A job as the queue hands it out. */
export interface Job {
  id: string;
  orgId: string | null;
  task: string;
  payload: Record<string, unknown>;
  dedupeKey: string | null;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAfter: string;
  lockedBy: string | null;
  lastError: string | null;
  result: unknown;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** The row as a job. */
export function toJob(r: JobsTable): Job {
  return {
    id: r.id,
    orgId: r.org_id,
    task: r.task,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    dedupeKey: r.dedupe_key,
    status: r.status as JobStatus,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    runAfter: r.run_after,
    lockedBy: r.locked_by,
    lastError: r.last_error,
    result: r.result === null ? null : JSON.parse(r.result),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
  };
}

/** Seconds to wait before attempt `attempts + 1`: 1 min, 2, 4, … capped at one hour (no jitter: tests and operators can predict it). */
export function backoffSeconds(attempts: number): number {
  return Math.min(60 * 2 ** Math.max(0, attempts - 1), 3600);
}
