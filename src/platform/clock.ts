import { readFileSync } from 'node:fs';

/** The current instant as an ISO-8601 UTC timestamp with milliseconds (`2026-11-29T04:27:27.000Z`). */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Today's date in UTC as `YYYY-MM-DD`. */
export function todayIso(): string {
  return nowIso().slice(0, 10);
}

/**
 * The time source of what runs by itself (the job queue, the scheduler, the
 * weekly run): injectable so tests move time forward instead of waiting.
 */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * TEST ONLY: the environment variable naming a file that holds the current
 * instant (ISO-8601). When set, `serve`'s worker and scheduler read their
 * time from it on every `now()`, so a test can move the clock of child
 * processes by rewriting the file (atomically: write then rename). Never set
 * it in a deployment.
 */
export const TEST_CLOCK_FILE_ENV = 'AUDITREADY_TEST_CLOCK_FILE';

/** A clock reading its instant from a file at every `now()` (see {@link TEST_CLOCK_FILE_ENV}). */
export function fileClock(file: string): Clock {
  return {
    now() {
      const text = readFileSync(file, 'utf8').trim();
      const ms = Date.parse(text);
      if (Number.isNaN(ms)) throw new Error(`${TEST_CLOCK_FILE_ENV}: ${file} does not hold an ISO instant`);
      return new Date(ms);
    },
  };
}

/** The system clock, or the test clock file when {@link TEST_CLOCK_FILE_ENV} is set. */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const file = env[TEST_CLOCK_FILE_ENV];
  return file ? fileClock(file) : systemClock;
}
