/**
 * Instants and days of the timestamps that exports carry. Parsed by hand, never
 * through `Date`: `Date.parse` reads an offset-less time as local time, and a
 * pure rule must give the same answer on every machine. Unparseable values are
 * null (unknown), never an error, so that one odd row cannot stop the rules.
 */
import { fromDayNumber, type IsoDate, isIsoDate, toDayNumber } from '../dates.js';

const TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DAY_MS = 86_400_000;
const FIRST_DAY = toDayNumber('0000-01-01');
const LAST_DAY = toDayNumber('9999-12-31');

/** Milliseconds since 1970-01-01T00:00Z of an ISO-8601 date or timestamp; null when it is not one. */
export function instantOf(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = TIMESTAMP.exec(value.trim());
  const date = m?.[1];
  if (!m || !date || !isIsoDate(date)) return null;
  const hours = Number(m[2] ?? 0);
  const minutes = Number(m[3] ?? 0);
  const seconds = Number(m[4] ?? 0);
  if (hours > 23 || minutes > 59 || seconds > 60) return null;
  const millis = Number((m[5] ?? '').slice(0, 3).padEnd(3, '0'));
  const zone = (m[6] ?? 'Z').toUpperCase();
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  }
  const minutesOfDay = hours * 60 + minutes - offsetMinutes;
  return (toDayNumber(date) * 1440 + minutesOfDay) * 60_000 + seconds * 1000 + millis;
}

/** Day number (days since 1970-01-01, UTC) of a timestamp; null when unknown or out of range. */
export function dayNumberOf(value: unknown): number | null {
  const instant = instantOf(value);
  if (instant === null) return null;
  const day = Math.floor(instant / DAY_MS);
  return day < FIRST_DAY || day > LAST_DAY ? null : day;
}

/** UTC calendar day of a timestamp; null when unknown. */
export function dayOf(value: unknown): IsoDate | null {
  const day = dayNumberOf(value);
  return day === null ? null : fromDayNumber(day);
}

/** Whole days from a timestamp to the day T (positive when the timestamp is earlier); null when unknown. */
export function daysSince(value: unknown, at: IsoDate): number | null {
  const day = dayNumberOf(value);
  return day === null ? null : toDayNumber(at) - day;
}

/** The last millisecond of day T, so that "by T" includes everything that happened on T. */
export function endOfDay(at: IsoDate): number {
  return (toDayNumber(at) + 1) * DAY_MS - 1;
}
