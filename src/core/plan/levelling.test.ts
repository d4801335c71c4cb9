import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCadence, cadencePeriods, longestCadence } from '../cadence.js';
import { addDays, addMonths, type DateRange, maxDate, minDate, startOfIsoWeek } from '../dates.js';
import { CADENCES, type Cadence } from '../vocabulary.js';
import { flexibleRange, type LevelledSlot, levelDueDates, MAX_WEEK_SHARE } from './levelling.js';

const year: DateRange = { start: '2026-01-01', end: '2026-12-31' };

function slotsOf(cadences: readonly Cadence[], window: DateRange): LevelledSlot[] {
  return cadences.flatMap((cadence, i) =>
    cadencePeriods(cadence, window.start, window.end).map((period) => ({
      key: `req:r${String(i).padStart(3, '0')}:${period.start}`,
      cadence,
      period,
    })),
  );
}

function firstCycleOf(cadences: readonly Cadence[], window: DateRange): string {
  const longest = longestCadence(cadences);
  if (!longest) return window.start;
  return minDate(addCadence(window.start, longest), window.end);
}

function weekPeak(due: Map<string, string>): number {
  const perWeek = new Map<string, number>();
  for (const d of due.values()) perWeek.set(startOfIsoWeek(d), (perWeek.get(startOfIsoWeek(d)) ?? 0) + 1);
  return Math.max(0, ...perWeek.values());
}

/**
 * The reference of the levelling (the first implementation, a scan): each
 * flexible item, in key order, takes the Friday of the least loaded ISO week
 * of its range, the later on a tie, counting the fixed items first.
 */
function referenceLevelDueDates(
  slots: readonly LevelledSlot[],
  window: DateRange,
  firstCycle: string,
): Map<string, string> {
  const due = new Map<string, string>();
  const load = new Map<string, number>();
  const add = (key: string, date: string) => {
    due.set(key, date);
    const week = startOfIsoWeek(date);
    load.set(week, (load.get(week) ?? 0) + 1);
  };
  const flexible: { key: string; range: DateRange }[] = [];
  for (const slot of slots) {
    const range = flexibleRange(slot, window, firstCycle);
    if (range) flexible.push({ key: slot.key, range });
    else add(slot.key, slot.period.end);
  }
  flexible.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { key, range } of flexible) {
    let best = range.end;
    let bestLoad = Number.POSITIVE_INFINITY;
    for (let monday = startOfIsoWeek(range.start); monday <= range.end; monday = addDays(monday, 7)) {
      const candidate = maxDate(range.start, minDate(addDays(monday, 4), range.end));
      const l = load.get(startOfIsoWeek(candidate)) ?? 0;
      if (l <= bestLoad) {
        best = candidate;
        bestLoad = l;
      }
    }
    add(key, best);
  }
  return due;
}

describe('flexibleRange', () => {
  it('keeps short periods fixed at their end', () => {
    expect(
      flexibleRange(
        { cadence: 'quarterly', period: { start: '2026-01-01', end: '2026-03-31' } },
        year,
        '2027-01-01',
      ),
    ).toBeNull();
    // A quarter is half of a six-month window: still fixed.
    expect(
      flexibleRange(
        { cadence: 'quarterly', period: { start: '2026-01-01', end: '2026-03-31' } },
        { start: '2026-01-01', end: '2026-06-30' },
        '2026-04-01',
      ),
    ).toBeNull();
  });

  it('spreads a whole-window period from its first month end to the first evidence cycle', () => {
    expect(flexibleRange({ cadence: 'per-event', period: year }, year, '2026-04-01')).toEqual({
      start: '2026-01-31',
      end: '2026-04-01',
    });
  });

  it('never dues a long period in its last month when the first cycle is the window end', () => {
    // Annual evidence in a six-month window: the first cycle would end with the window.
    const half = { start: '2026-07-01', end: '2026-12-31' };
    expect(flexibleRange({ cadence: 'annual', period: half }, half, '2026-12-31')).toEqual({
      start: '2026-07-31',
      end: '2026-11-30',
    });
  });
});

describe('levelDueDates', () => {
  it('spreads long-period items over the weeks of their range instead of the window end', () => {
    const half = { start: '2026-07-01', end: '2026-12-31' };
    const cadences: Cadence[] = Array.from({ length: 30 }, () => 'annual');
    const due = levelDueDates(slotsOf(cadences, half), half, '2026-12-31');
    const dates = [...due.values()];
    expect(dates.every((d) => d >= '2026-07-31' && d <= '2026-11-30')).toBe(true);
    // 30 items over the 18 weeks from 2026-07-27 to 2026-11-30: at most 2 a week.
    expect(weekPeak(due)).toBe(2);
  });

  it('is deterministic and independent of the slots order', () => {
    const cadences: Cadence[] = ['annual', 'per-event', 'once', 'monthly', 'semiannual'];
    const slots = slotsOf(cadences, year);
    const a = levelDueDates(slots, year, '2026-12-31');
    const b = levelDueDates([...slots].reverse(), year, '2026-12-31');
    expect(Object.fromEntries(b)).toEqual(Object.fromEntries(a));
  });

  it('keeps every item inside its period', () => {
    const cadences: Cadence[] = [...CADENCES, ...CADENCES];
    const slots = slotsOf(cadences, year);
    const due = levelDueDates(slots, year, firstCycleOf(cadences, year));
    for (const s of slots) {
      const d = due.get(s.key)!;
      expect(d >= s.period.start && d <= s.period.end, `${s.key} ${d}`).toBe(true);
    }
  });

  it(`holds no more than ${MAX_WEEK_SHARE * 100}% of a requirement-rich plan in any week (property)`, () => {
    // A requirement-rich plan: 2 to 12 requirements of every cadence, a window of 6 to 12 whole months.
    const plan = fc.record({
      counts: fc.array(fc.integer({ min: 2, max: 12 }), {
        minLength: CADENCES.length,
        maxLength: CADENCES.length,
      }),
      startMonth: fc.integer({ min: 0, max: 23 }),
      months: fc.integer({ min: 6, max: 12 }),
    });
    fc.assert(
      fc.property(plan, ({ counts, startMonth, months }) => {
        const start = addMonths('2026-01-01', startMonth);
        const window = { start, end: addDays(addMonths(start, months), -1) };
        const cadences = CADENCES.flatMap((c, i) => Array.from({ length: counts[i]! }, () => c));
        const slots = slotsOf(cadences, window);
        const due = levelDueDates(slots, window, firstCycleOf(cadences, window));
        expect(due.size).toBe(slots.length);
        expect(weekPeak(due)).toBeLessThanOrEqual(MAX_WEEK_SHARE * slots.length);
      }),
      { numRuns: 150 },
    );
  });

  it('gives the due dates of the reference scan on generated plans (property)', () => {
    const plan = fc.record({
      counts: fc.array(fc.integer({ min: 0, max: 9 }), {
        minLength: CADENCES.length,
        maxLength: CADENCES.length,
      }),
      startDay: fc.integer({ min: 0, max: 800 }),
      days: fc.integer({ min: 1, max: 800 }),
      firstCycle: fc.integer({ min: -40, max: 840 }),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(plan, ({ counts, startDay, days, firstCycle, seed }) => {
        const start = addDays('2025-11-03', startDay);
        const window = { start, end: addDays(start, days - 1) };
        const cadences = CADENCES.flatMap((c, i) => Array.from({ length: counts[i]! }, () => c));
        // Keys out of order and the slots shuffled: the result depends on neither.
        const generated = slotsOf(cadences, window).map((s, i) => ({
          ...s,
          key: `${(i * 7919 + seed) % 1009}:${s.key}`,
        }));
        // A few keys twice (a requirement listed twice), once as a whole-window item: the same winner.
        const repeated = generated
          .filter((_, i) => (i + seed) % 11 === 0)
          .map((s) => ({ ...s, cadence: 'once' as const, period: window }));
        const slots = [...generated, ...repeated].sort(
          (a, b) => ((a.key.length * 31 + seed) % 7) - ((b.key.length * 31 + seed) % 7),
        );
        const cycle = addDays('2025-11-03', firstCycle);
        expect(Object.fromEntries(levelDueDates(slots, window, cycle))).toEqual(
          Object.fromEntries(referenceLevelDueDates(slots, window, cycle)),
        );
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
