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
