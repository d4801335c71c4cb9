/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`), always UTC calendar days.
 * Dates are plain strings so that they compare with `<` and serialise as is;
 * arithmetic goes through a day number (days since 1970-01-01) computed with
 * integer civil-calendar formulas, never through `Date` and its time zones.
 */

/** An ISO calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

/** An inclusive range of calendar days. */
export interface DateRange {
  start: IsoDate;
  end: IsoDate;
}

/** Number of days in a month (1–12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether a year is a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Whether a value is a real calendar date written `YYYY-MM-DD` (`2026-02-30` is not). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  // The same test as /^(\d{4})-(\d{2})-(\d{2})$/ and the calendar, by character codes: dates are
  // checked on every piece of date arithmetic, which the plan and readiness do a million times.
  if (value.length !== 10 || value.charCodeAt(4) !== DASH || value.charCodeAt(7) !== DASH) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const DASH = 45;
const ZERO = 48;

/** The number written by the ASCII digits of `text[from..to)`, or -1 when one is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Throw a clear error unless the value is an ISO date; `label` names the field in the message. */
export function assertIsoDate(value: unknown, label = 'date'): asserts value is IsoDate {
  if (!isIsoDate(value)) {
    throw new Error(`${label} must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
}

/** The earliest date auditready accepts as input (evidence, engagements, `--at`, filters …). */
export const EARLIEST_DATE: IsoDate = '1970-01-01';
/** The latest date auditready accepts as input: far enough for any audit plan, near enough for its arithmetic. */
export const LATEST_DATE: IsoDate = '2199-12-31';

/**
 * Why a value is not an accepted input date, or null when it is one: a
 * real calendar date `YYYY-MM-DD` from {@link EARLIEST_DATE} to
 * {@link LATEST_DATE}. Dates computed from accepted ones (a plan's
 * milestones, a period's end) may fall outside; only input is bounded.
 */
export function inputDateProblem(value: unknown): string | null {
  if (!isIsoDate(value)) return 'not a date of the form YYYY-MM-DD';
  if (value < EARLIEST_DATE || value > LATEST_DATE)
    return `a date from ${EARLIEST_DATE} to ${LATEST_DATE}, not ${value}`;
  return null;
}

/** Whether a value is an accepted input date (see {@link inputDateProblem}). */
export function isInputDate(value: unknown): value is IsoDate {
  return inputDateProblem(value) === null;
}

function parts(date: IsoDate): [number, number, number] {
  assertIsoDate(date);
  return [digits(date, 0, 4), digits(date, 5, 7), digits(date, 8, 10)];
}

/** Day number of a date: days since 1970-01-01 (negative before). */
export function toDayNumber(date: IsoDate): number {
  const [y0, m, d] = parts(date);
  // Howard Hinnant's days_from_civil: exact for the whole proleptic Gregorian calendar.
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day number (inverse of `toDayNumber`). */
export function fromDayNumber(day: number): IsoDate {
  if (!Number.isInteger(day)) throw new Error(`day number must be an integer, got ${day}`);
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return formatDate(y, m, d);
}

function formatDate(year: number, month: number, day: number): IsoDate {
  if (year < 0 || year > 9999) throw new RangeError(`date out of range: year ${year}`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The date `days` days after `date` (before it when negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * The same day `months` months later (earlier when negative), clamped to the
 * month's last day: 2026-01-31 + 1 month = 2026-02-28, 2028-01-31 + 1 = 2028-02-29.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new Error(`months must be an integer, got ${months}`);
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return formatDate(year, month, Math.min(d, daysInMonth(year, month)));
}

/** Days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Sort comparator for ISO dates (string order is calendar order). */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The earlier of two dates. */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

/** The later of two dates. */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

/** The Monday of the ISO week containing `date`. */
export function startOfIsoWeek(date: IsoDate): IsoDate {
  const day = toDayNumber(date);
  // 1970-01-01 was a Thursday: (day + 3) mod 7 counts days since Monday.
  const sinceMonday = (((day + 3) % 7) + 7) % 7;
  return fromDayNumber(day - sinceMonday);
}

/** Whether two inclusive ranges share at least one day. */
export function rangesOverlap(a: DateRange, b: DateRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Whether `date` falls inside an inclusive range. */
export function inRange(date: IsoDate, range: DateRange): boolean {
  return range.start <= date && date <= range.end;
}

/** Render a range the way the product writes it: `2026-07-01..2026-09-30`. */
export function formatRange(range: DateRange): string {
  return `${range.start}..${range.end}`;
}

/**
 * Parse an evidence effective date: a single day `2026-10-01` or an inclusive
 * period `2026-10-01..2026-12-31`. Throws when malformed or when start > end.
 */
export function parseEffective(value: string): DateRange {
  const text = value.trim();
  const pieces = text.split('..');
  if (pieces.length > 2) throw new Error(`effective date ${JSON.stringify(value)} has more than one '..'`);
  const start = pieces[0]?.trim() ?? '';
  const end = pieces.length === 2 ? (pieces[1]?.trim() ?? '') : start;
  for (const [label, date] of [
    ['effective start', start],
    ['effective end', end],
  ] as const) {
    const problem = inputDateProblem(date);
    if (problem) throw new Error(`${label}: ${problem} (${JSON.stringify(date)})`);
  }
  if (start > end) {
    throw new Error(`effective period ${JSON.stringify(value)} ends before it starts (${end} < ${start})`);
  }
  return { start, end };
}
