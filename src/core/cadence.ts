import { addDays, addMonths, type DateRange, type IsoDate, minDate } from './dates.js';
import type { Cadence } from './vocabulary.js';

/** Default grace period for freshness, as a share of the cadence (SPEC §4: 25%). */
export const DEFAULT_GRACE_RATIO = 0.25;

/**
 * How long a per-event requirement's evidence stays fresh: a year. A control
 * that operates on events (an incident, an offboarding) but shows no event at
 * all for a year is more likely not operating than idle, so it goes stale.
 */
export const PER_EVENT_FRESH_DAYS = 365;

const DAYS: Partial<Record<Cadence, number>> = {
  weekly: 7,
  monthly: 30,
  quarterly: 91,
  semiannual: 182,
  annual: 365,
};

const MONTHS: Partial<Record<Cadence, number>> = {
  monthly: 1,
  quarterly: 3,
  semiannual: 6,
  annual: 12,
};

/** Length of a periodic cadence in days (used for freshness); null for per-event and once. */
export function cadenceDays(cadence: Cadence): number | null {
  return DAYS[cadence] ?? null;
}

/** Whether a cadence repeats on the calendar (weekly … annual). */
export function isPeriodic(cadence: Cadence): boolean {
  return DAYS[cadence] !== undefined;
}

/**
 * The last day evidence effective until `effectiveEnd` is still fresh:
 * effectiveEnd + cadence + ceil(cadence × graceRatio). Null means never stale
 * (`once`); `per-event` uses a year (see PER_EVENT_FRESH_DAYS).
 */
export function freshUntil(
  effectiveEnd: IsoDate,
  cadence: Cadence,
  graceRatio: number = DEFAULT_GRACE_RATIO,
): IsoDate | null {
  if (cadence === 'once') return null;
  const days = cadenceDays(cadence) ?? PER_EVENT_FRESH_DAYS;
  return addDays(effectiveEnd, days + Math.ceil(days * graceRatio));
}

/** The date one cadence after `date`: calendar months for monthly…annual, 7 days for weekly, itself otherwise. */
export function addCadence(date: IsoDate, cadence: Cadence, times = 1): IsoDate {
  if (cadence === 'weekly') return addDays(date, 7 * times);
  const months = MONTHS[cadence];
  return months === undefined ? date : addMonths(date, months * times);
}

const LENGTH_ORDER: readonly Cadence[] = ['weekly', 'monthly', 'quarterly', 'semiannual', 'annual'];

/** The longest periodic cadence among `cadences` (per-event and once ignored), or null when none is periodic. */
export function longestCadence(cadences: Iterable<Cadence>): Cadence | null {
  let best = -1;
  for (const c of cadences) best = Math.max(best, LENGTH_ORDER.indexOf(c));
  return LENGTH_ORDER[best] ?? null;
}

/**
 * The calendar periods of a cadence over a window, aligned to the window start
 * and the last one clipped to the window end; each inclusive. Per-event and
 * once have a single period: the whole window. Throws when start > end.
 */
export function cadencePeriods(cadence: Cadence, windowStart: IsoDate, windowEnd: IsoDate): DateRange[] {
  if (windowStart > windowEnd) {
    throw new Error(`window ${windowStart}..${windowEnd} ends before it starts`);
  }
  if (!isPeriodic(cadence)) return [{ start: windowStart, end: windowEnd }];
  const periods: DateRange[] = [];
  // Each boundary is computed from the window start, not chained, so that
  // month-end clamping (Jan 31 → Feb 28) does not drift into later periods.
  for (let i = 0; ; i++) {
    const start = addCadence(windowStart, cadence, i);
    if (start > windowEnd) break;
    const end = minDate(addDays(addCadence(windowStart, cadence, i + 1), -1), windowEnd);
    periods.push({ start, end });
  }
  return periods;
}

/** The period that contains `date`, or null when it falls outside all of them. */
export function periodContaining(periods: readonly DateRange[], date: IsoDate): DateRange | null {
  return periods.find((p) => p.start <= date && date <= p.end) ?? null;
}

/**
 * A memoized `cadencePeriods` over one window (none without a window), so
 * thousands of requirements of the same cadence share one period list.
 */
export function windowPeriods(window: DateRange | null): (cadence: Cadence) => readonly DateRange[] {
  const cache = new Map<Cadence, DateRange[]>();
  return (cadence) => {
    if (!window) return [];
    const cached = cache.get(cadence);
    if (cached) return cached;
    const periods = cadencePeriods(cadence, window.start, window.end);
    cache.set(cadence, periods);
    return periods;
  };
}
