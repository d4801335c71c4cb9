import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import { AppError } from '../errors.js';
import type { StopSignal } from './lifecycle.js';

/**
 * `serve --http-processes N` (docs/decisions/0038): the environment variable giving the number of HTTP
 * processes when the flag is not given. `auto` is the machine's available cores.
 */
export const HTTP_PROCESSES_ENV = 'AUDITREADY_HTTP_PROCESSES';

/** The most HTTP processes one `serve` starts: each holds its own connections, caches and heap. */
export const MAX_HTTP_PROCESSES = 64;

/**
 * The number of HTTP processes a value asks for: a whole number 1–{@link MAX_HTTP_PROCESSES}, or `auto`
 * (the available cores, at most the bound); empty or unset is 1. Throws on anything else.
 */
export function parseHttpProcesses(value: string | undefined, cores: number): number {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '') return 1;
  if (text === 'auto') return Math.min(MAX_HTTP_PROCESSES, Math.max(1, Math.floor(cores)));
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_HTTP_PROCESSES)
    throw new AppError(
      'invalid_input',
      `HTTP processes: ${value} is not a whole number 1–${MAX_HTTP_PROCESSES} or auto`,
    );
  return n;
}

/** The number of HTTP processes from the flag, else {@link HTTP_PROCESSES_ENV}, else 1. */
export function httpProcessesFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): number {
  return parseHttpProcesses(flag ?? env[HTTP_PROCESSES_ENV], os.availableParallelism());
}

/** True in an HTTP process the primary forked: it serves HTTP only (no jobs, no schedule, no migrations). */
export function isHttpWorker(): boolean {
  return cluster.isWorker;
}

/**
 * Ends an HTTP process's part in the cluster once it has stopped serving: the channel to the primary
 * would otherwise hold the process open.
 */
export function leaveCluster(): void {
  if (cluster.isWorker) cluster.worker?.disconnect();
}

/**
 * How long a restarted HTTP process waits when the one it replaces lived less than this: a process that
 * dies at start (a bad deployment) is retried every few seconds, not in a tight loop.
 */
const QUICK_DEATH_MS = 5_000;
/** How long the primary waits for its HTTP processes to finish their requests at a stop before killing them. */
const STOP_BOUND_MS = 30_000;

export interface HttpPrimaryOptions {
  processes: number;
  stop: StopSignal;
  /** One line of the primary's own (start-ups, deaths and restarts of HTTP processes). */
  log: (line: string, level?: 'info' | 'error') => void;
  /** Once every HTTP process listens: the port they share. */
  onListening: (port: number) => Promise<void>;
  /** After every HTTP process has stopped (at the stop signal): the primary's own stops. */
  cleanup: () => Promise<void>;
}

/**
 * The primary of `serve --http-processes N`: forks N HTTP processes that share the listening socket
 * (node:cluster; the primary accepts and hands connections round-robin), waits until all listen, then
 * runs `onListening`. An HTTP process that dies is logged and replaced. At the stop signal the processes
 * are asked to stop (SIGTERM: each finishes its requests and closes its store), then `cleanup` runs.
 * A process that dies before the first start completes fails the start (the error names its exit).
 */
export async function runHttpPrimary(options: HttpPrimaryOptions): Promise<void> {
  const { processes, stop, log } = options;
  let stopping = false;
  let started = false;
  const bornAt = new Map<Worker, number>();
  const fork = () => {
    const worker = cluster.fork();
    bornAt.set(worker, Date.now());
    return worker;
  };

  // The first start: every process listening, or the first that exits first fails it.
  const port = await new Promise<number>((resolve, reject) => {
    // Counted by process: a server may listen on several addresses (localhost: IPv4 and IPv6).
    const listening = new Set<number>();
    const onListening = (w: Worker, address: { port: number }) => {
      listening.add(w.id);
      if (listening.size === processes) {
        cluster.off('listening', onListening);
        cluster.off('exit', onEarlyExit);
        resolve(address.port);
      }
    };
    const onEarlyExit = (w: Worker, code: number | null, signal: string | null) => {
      cluster.off('listening', onListening);
      cluster.off('exit', onEarlyExit);
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      reject(
        new AppError(
          'unavailable',
          `HTTP process ${w.process.pid} exited (${signal ?? `code ${code}`}) before it listened`,
        ),
      );
    };
    cluster.on('listening', onListening);
    cluster.on('exit', onEarlyExit);
    for (let i = 0; i < processes; i++) fork();
  }).catch(async (err) => {
    await allExited();
    await options.cleanup();
    throw err;
  });
  started = true;

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (bornAt.get(worker) ?? 0);
    bornAt.delete(worker);
    if (stopping || !started) return;
    const wait = lived < QUICK_DEATH_MS ? QUICK_DEATH_MS : 0;
    log(
      `HTTP process ${worker.process.pid} exited (${signal ?? `code ${code}`}) after ${Math.round(lived / 1000)} s; starting another${wait ? ` in ${wait / 1000} s` : ''}`,
      'error',
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, wait).unref();
  });
  cluster.on('online', (worker) => {
    if (bornAt.has(worker) && !stopping) log(`HTTP process ${worker.process.pid} started`);
  });

  await options.onListening(port);
  const signal = await stop.received;
  stopping = true;
  log(`stopping ${Object.keys(cluster.workers ?? {}).length} HTTP processes (${signal})`);
  for (const w of Object.values(cluster.workers ?? {})) {
    try {
      w?.process.kill('SIGTERM');
    } catch {
      // Already gone.
    }
  }
  await allExited();
  await options.cleanup();
}

/** Resolves once every forked process has exited; past {@link STOP_BOUND_MS} the rest are killed. */
function allExited(): Promise<void> {
  const alive = () => Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
  return new Promise<void>((resolve) => {
    const check = () => {
      if (alive().length > 0) return;
      cluster.off('exit', check);
      clearTimeout(bound);
      resolve();
    };
    const bound = setTimeout(() => {
      for (const w of alive()) w?.process.kill('SIGKILL');
    }, STOP_BOUND_MS);
    cluster.on('exit', check);
    check();
  });
}
