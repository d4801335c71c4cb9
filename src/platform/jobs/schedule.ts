import { Cron } from 'croner';
import { AppError } from '../errors.js';

/** True when the IANA time zone is known to this runtime. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A croner expression checked (five fields, or six with seconds) in a time zone; throws `invalid_input` naming the field. */
export function parseSchedule(cron: string, timeZone: string): Cron {
  if (!isTimeZone(timeZone))
    throw new AppError('invalid_input', `timeZone: ${timeZone} is not a known time zone`, {
      field: 'timeZone',
    });
  try {
    return new Cron(cron, { timezone: timeZone, paused: true, mode: '5-or-6-parts' });
  } catch (err) {
    throw new AppError('invalid_input', `cron: ${(err as Error).message}`, { field: 'cron' });
  }
}

/**
 * The tick of a schedule due at `now`: its latest occurrence at or before
 * `now` that is after `since` (the last tick enqueued, or when the schedule
 * was made), else null. Missed ticks while nothing ran collapse into the
 * latest one: a weekly run after a week of downtime runs once, not seven times.
 */
export function dueTick(cron: string, timeZone: string, since: Date, now: Date): Date | null {
  const schedule = parseSchedule(cron, timeZone);
  const next = schedule.nextRun(since);
  if (!next || next.getTime() > now.getTime()) return null;
  let latest = next;
  for (;;) {
    const after = schedule.nextRun(latest);
    if (!after || after.getTime() > now.getTime()) return latest;
    latest = after;
  }
}

/** The croner expression of a weekly run: minute 0 of `hour` on `weekday` (0 Sunday … 6 Saturday). */
export function weeklyCron(weekday: number, hour: number): string {
  return `0 ${hour} * * ${weekday}`;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}
