import { hostname } from 'node:os';
import type { Actor } from '../../core/ledger/chain.js';
import { type Clock, systemClock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { tableJobQueue } from '../../platform/jobs/queue.js';
import { JobWorker, type RunOutcome, Scheduler } from '../../platform/jobs/runner.js';
import { write } from '../../platform/ledger/ledger.js';
import { ensureWeeklySchedules, WEEKLY_RUN_TASK } from './cadence.service.js';
import { type WeeklyRunDeps, weeklyRunTasks } from './weekly-run.js';

/** The parts `serve` runs: the HTTP API, the job worker, the scheduler (any combination, per process). */
export const SERVE_ROLES = ['api', 'worker', 'scheduler'] as const;
/** One of {@link SERVE_ROLES}. */
export type ServeRole = (typeof SERVE_ROLES)[number];

/** The tasks a person may start by hand (`jobs run NAME`). */
export const RUNNABLE_TASKS = [WEEKLY_RUN_TASK] as const;

/**
 * The environment variable setting how often `serve`'s worker polls the queue
 * and its scheduler ticks, in milliseconds (default: worker 5 s, scheduler 30 s).
 */
export const JOBS_POLL_MS_ENV = 'AUDITREADY_JOBS_POLL_MS';

/** The poll interval of {@link JOBS_POLL_MS_ENV}, or undefined for the defaults; throws on a bad value. */
export function jobsPollMsFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = env[JOBS_POLL_MS_ENV];
  if (value === undefined || value === '') return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 10 || ms > 3_600_000)
    throw new AppError(
      'invalid_input',
      `${JOBS_POLL_MS_ENV}: ${value} is not a whole number of milliseconds (10–3600000)`,
    );
  return ms;
}

/** An id naming this process in job locks and tick claims. */
function processId(role: string): string {
  return `${role}:${hostname()}:${process.pid}:${newId().slice(-6)}`;
}

/**
 * Starts the worker and/or the scheduler of this process (`serve --role`):
 * the scheduler first gives every organization its weekly schedule, then
 * ticks every `intervalMs`; the worker polls the queue. Returns the stop.
 */
export async function startCadence(
  deps: Omit<WeeklyRunDeps, 'clock'> & { clock?: Clock },
  actor: Actor,
  roles: readonly ServeRole[],
  options: { intervalMs?: number; onError: (err: unknown) => void },
): Promise<{ stop: () => Promise<void> }> {
  const clock = deps.clock ?? systemClock;
  const queue = tableJobQueue(deps.database, clock);
  const stops: (() => Promise<void>)[] = [];
  if (roles.includes('scheduler')) {
    // Reported, never fatal: the API keeps serving, and the next start tries again.
    await ensureWeeklySchedules(deps.database, actor, clock).catch(options.onError);
    const scheduler = new Scheduler(deps.database, queue, clock, processId('scheduler'));
    stops.push(scheduler.start(options).stop);
  }
  if (roles.includes('worker')) {
    const worker = new JobWorker(
      deps.database,
      queue,
      clock,
      processId('worker'),
      weeklyRunTasks({ ...deps, clock }),
    );
    stops.push(worker.start({ ...options, intervalMs: options.intervalMs ?? 5_000 }).stop);
  }
  return {
    async stop() {
      await Promise.all(stops.map((s) => s()));
    },
  };
}

/**
 * `jobs run NAME`: queues the task for the organization now and works the
 * queue in this process until nothing is ready (a collection that fails is
 * left queued for its retry, which a worker picks up later).
 */
export async function runTaskNow(
  deps: Omit<WeeklyRunDeps, 'clock'> & { clock?: Clock },
  actor: Actor,
  orgId: string,
  task: string,
): Promise<RunOutcome[]> {
  if (!(RUNNABLE_TASKS as readonly string[]).includes(task))
    throw new AppError(
      'invalid_input',
      `task: ${task} is not a task to run by hand (one of: ${RUNNABLE_TASKS.join(', ')})`,
      {
        field: 'task',
      },
    );
  const clock = deps.clock ?? systemClock;
  const queue = tableJobQueue(deps.database, clock);
  await write(deps.database, { actor, orgId }, (w) => queue.enqueue(w, task, { manual: true }, { orgId }));
  const worker = new JobWorker(
    deps.database,
    queue,
    clock,
    processId('cli'),
    weeklyRunTasks({ ...deps, clock }),
  );
  return worker.drain();
}
