/**
 * The progress bar of long CLI work (imports): cli-progress on stderr,
 * showing the phase and the bytes of the file read so far. Hidden when
 * stderr is not a terminal or output is `--json`, so scripts and pipes see
 * nothing of it.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { Database, Dialect } from '../platform/db/database.js';
import type { GlobalOptions } from './context.js';

/** What a long operation reports: a phase, how far it got, and how far it goes (null when unknown). */
export interface ProgressReport {
  phase: string;
  bytes: number;
  totalBytes: number | null;
}

/** A progress reporter and how to take it off the screen. */
export interface Progress {
  report(p: ProgressReport): void;
  stop(): void;
}

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

/** A byte progress bar on stderr, or a silent reporter when stderr is no TTY or `--json` was asked for. */
export function byteProgress(opts: GlobalOptions): Progress {
  if (opts.json || !process.stderr.isTTY) return { report: () => {}, stop: () => {} };
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: '{phase} [{bar}] {percentage}% {done} of {size}',
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    report(p) {
      const total = Math.max(p.totalBytes ?? p.bytes, 1);
      const payload = {
        phase: p.phase.padEnd(7),
        done: mib(p.bytes),
        size: p.totalBytes === null ? '?' : mib(total),
      };
      if (!started) {
        bar.start(total, p.bytes, payload);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(Math.min(p.bytes, total), payload);
      }
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/**
 * What a long import says about the store's lock: on SQLite one writer at a
 * time holds it for the whole all-or-nothing transaction, so the server's
 * writes wait meanwhile (they answer 503 busy with Retry-After after
 * AUDITREADY_LOCK_TIMEOUT_MS and the web UI retries). PostgreSQL locks rows,
 * so other writers go on: nothing to say.
 */
export function writeLockNote(dialect: Dialect): string | null {
  if (dialect !== 'sqlite') return null;
  return 'note: this import holds the SQLite write lock until it ends; writes of the server and of other commands wait meanwhile (the API answers 503 busy and the web UI retries)';
}

/** Prints {@link writeLockNote} on stderr for a person at a terminal (not with `--json`, not in pipes). */
export function announceWriteLock(opts: GlobalOptions, database: Database): void {
  const note = writeLockNote(database.dialect);
  if (note && !opts.json && process.stderr.isTTY) process.stderr.write(`${note}\n`);
}
