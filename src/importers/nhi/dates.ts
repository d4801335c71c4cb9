/**
 * Timestamps as the NHI exports write them, normalised to ISO-8601 UTC
 * (`2026-11-28T12:00:00.000Z`). Accepted: ISO dates and date-times with `Z`,
 * `+00:00`, `-0700` or no offset (read as UTC), any number of fractional
 * digits (Entra writes 7), a space instead of `T` (trufflehog's
 * `2006-01-02 15:04:05 -0700`), date-only values (midnight UTC), and epoch
 * seconds as numbers or numeric strings (AWS CLI v1 / `wire` format; values
 * above 1e11 are taken as milliseconds). Anything else is not a date.
 */

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,12}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const EPOCH = /^\d{1,13}(?:\.\d+)?$/;

/** Values the exports use for "no date"; each maps to null. */
export const DATE_PLACEHOLDERS: ReadonlySet<string> = new Set([
  '',
  'N/A',
  'n/a',
  'no_information',
  'not_supported',
  'null',
  'None',
]);

/** Parses one timestamp into ISO-8601 UTC, or returns undefined when it is not a date. */
export function parseTimestamp(value: unknown): string | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value === 'string') {
    const canonical = canonicalUtc(value);
    if (canonical !== undefined) return canonical;
  }
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const m = ISO.exec(value.trim());
  if (!m) return EPOCH.test(value.trim()) ? fromEpoch(Number(value.trim())) : undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  let time = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const digits = zone.length === 3 ? `${zone.slice(1)}00` : zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    if (offset > 18 * 60) return undefined;
    time -= (zone.startsWith('-') ? -1 : 1) * offset * 60_000;
  }
  return new Date(time).toISOString();
}

/** Two decimal digits at `at`, or -1. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The common case without the general parse: a UTC timestamp already written
 * as this module returns it (`2026-11-28T12:00:00.000Z`) or without its
 * milliseconds (`…T12:00:00Z`, as GitHub writes them), with a valid date and
 * time: returned as ISO-8601 with milliseconds. Anything else (including a
 * leap second, which the general parse carries into the next minute) is
 * undefined and left to the general parse.
 */
function canonicalUtc(value: string): string | undefined {
  const length = value.length;
  if ((length !== 20 && length !== 24) || value.charCodeAt(length - 1) !== 90 /* Z */) return undefined;
  if (
    value.charCodeAt(4) !== 45 ||
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 ||
    value.charCodeAt(13) !== 58 ||
    value.charCodeAt(16) !== 58
  )
    return undefined;
  const century = twoDigits(value, 0);
  const yy = twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  const second = twoDigits(value, 17);
  if (century < 19 || yy < 0 || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(century * 100 + yy, month)) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  if (length === 20) return `${value.slice(0, 19)}.000Z`;
  if (value.charCodeAt(19) !== 46) return undefined;
  const ms = value.charCodeAt(20) - 48;
  return ms >= 0 && ms <= 9 && twoDigits(value, 21) >= 0 ? value : undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function fromEpoch(n: number): string | undefined {
  if (!Number.isFinite(n) || n < 0) return undefined;
  const ms = n > 1e11 ? n : n * 1000;
  const date = new Date(Math.round(ms));
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999 ? undefined : date.toISOString();
}

/** True for the far-future dates providers use to mean "never expires" (GCP 9999-12-31, Entra 2299-12-31). */
export function isNeverExpires(iso: string | null): boolean {
  return iso !== null && Number(iso.slice(0, 4)) >= 2299;
}

/** The later of two ISO timestamps (null-tolerant). */
export function latest(...values: (string | null)[]): string | null {
  let best: string | null = null;
  for (const v of values) if (v !== null && (best === null || v > best)) best = v;
  return best;
}

/** Whole days in an ISO-8601 duration such as `P30D`, `P1W`, `PT5M` (fractions kept), or null. */
export function durationDays(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m =
    /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      value.trim(),
    );
  if (!m || value.trim() === 'P' || value.trim().endsWith('T')) return null;
  const [, y = 0, mo = 0, w = 0, d = 0, h = 0, mi = 0, s = 0] = m;
  const days =
    Number(y) * 365 +
    Number(mo) * 30 +
    Number(w) * 7 +
    Number(d) +
    (Number(h) * 3600 + Number(mi) * 60 + Number(s)) / 86400;
  return Number.isFinite(days) ? days : null;
}
