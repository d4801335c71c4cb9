import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  compareDates,
  daysBetween,
  formatRange,
  fromDayNumber,
  inputDateProblem,
  isInputDate,
  isIsoDate,
  maxDate,
  minDate,
  parseEffective,
  rangesOverlap,
  startOfIsoWeek,
  toDayNumber,
} from './dates.js';

const dayNumber = fc.integer({ min: toDayNumber('1900-01-01'), max: toDayNumber('2200-12-31') });

describe('isIsoDate', () => {
  it('accepts real calendar dates', () => {
    expect(isIsoDate('2026-01-31')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
  });

  it('rejects impossible days, other shapes and non-strings', () => {
    for (const bad of [
      '2026-02-29',
      '1900-02-29',
      '2026-13-01',
      '2026-04-31',
      '2026-1-01',
      '2026-01-01T00:00',
    ]) {
      expect(isIsoDate(bad)).toBe(false);
    }
    expect(isIsoDate(20260101)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });
});

describe('day numbers', () => {
  it('counts from 1970-01-01', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1970-01-02')).toBe(1);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    expect(toDayNumber('2000-03-01')).toBe(11017);
  });

  it('round-trips every day', () => {
    fc.assert(fc.property(dayNumber, (n) => toDayNumber(fromDayNumber(n)) === n));
  });

  it('agrees with Date.UTC', () => {
    fc.assert(
      fc.property(dayNumber, (n) => fromDayNumber(n) === new Date(n * 86_400_000).toISOString().slice(0, 10)),
    );
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-07-01', -60)).toBe('2026-05-02');
  });

  it('rejects malformed input with a clear message', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(/YYYY-MM-DD/);
  });
});

describe('addMonths', () => {
  it('clamps to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
  });

  it('keeps the day when it exists and handles negatives and year changes', () => {
    expect(addMonths('2026-01-15', 1)).toBe('2026-02-15');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-01-10', -1)).toBe('2025-12-10');
    expect(addMonths('2026-05-20', 0)).toBe('2026-05-20');
  });

  it('always moves forward for positive months', () => {
    fc.assert(
      fc.property(dayNumber, fc.integer({ min: 1, max: 24 }), (n, k) => {
        const d = fromDayNumber(n);
        return addMonths(d, k) > d && addMonths(d, k) >= addMonths(d, k - 1);
      }),
    );
  });
});

describe('comparison helpers', () => {
  it('counts days between dates', () => {
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2028-01-01', '2028-12-31')).toBe(365);
    expect(daysBetween('2026-03-01', '2026-02-01')).toBe(-28);
  });

  it('orders, picks min and max', () => {
    expect(['2026-03-01', '2025-12-31', '2026-02-28'].sort(compareDates)).toEqual([
      '2025-12-31',
      '2026-02-28',
      '2026-03-01',
    ]);
    expect(minDate('2026-03-01', '2026-02-01')).toBe('2026-02-01');
    expect(maxDate('2026-03-01', '2026-02-01')).toBe('2026-03-01');
  });

  it('finds the Monday of the ISO week', () => {
    expect(startOfIsoWeek('2026-01-01')).toBe('2025-12-29');
    expect(startOfIsoWeek('2026-06-01')).toBe('2026-06-01');
    expect(startOfIsoWeek('2026-06-07')).toBe('2026-06-01');
    expect(startOfIsoWeek('2028-03-01')).toBe('2028-02-28');
  });

  it('tests range overlap inclusively', () => {
    expect(
      rangesOverlap({ start: '2026-01-01', end: '2026-01-31' }, { start: '2026-01-31', end: '2026-02-10' }),
    ).toBe(true);
    expect(
      rangesOverlap({ start: '2026-01-01', end: '2026-01-30' }, { start: '2026-01-31', end: '2026-02-10' }),
    ).toBe(false);
  });
});

describe('parseEffective', () => {
  it('reads a single day as a one-day period', () => {
    expect(parseEffective('2026-10-01')).toEqual({ start: '2026-10-01', end: '2026-10-01' });
  });

  it('reads an inclusive period', () => {
    expect(parseEffective('2026-10-01..2026-12-31')).toEqual({ start: '2026-10-01', end: '2026-12-31' });
    expect(formatRange(parseEffective(' 2026-10-01..2026-12-31 '))).toBe('2026-10-01..2026-12-31');
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => parseEffective('2026-12-31..2026-10-01')).toThrow(/ends before it starts/);
  });

  it('refuses malformed text', () => {
    expect(() => parseEffective('2026-10-01..')).toThrow(/effective end/);
    expect(() => parseEffective('October 1')).toThrow(/effective start/);
    expect(() => parseEffective('2026-01-01..2026-02-01..2026-03-01')).toThrow(/more than one/);
  });
});

describe('inputDateProblem', () => {
  it.each([
    ['1970-01-01', null],
    ['2199-12-31', null],
    ['2026-02-28', null],
    ['1969-12-31', 'a date from 1970-01-01 to 2199-12-31, not 1969-12-31'],
    ['2200-01-01', 'a date from 1970-01-01 to 2199-12-31, not 2200-01-01'],
    ['0000-01-01', 'a date from 1970-01-01 to 2199-12-31, not 0000-01-01'],
    ['9999-12-31', 'a date from 1970-01-01 to 2199-12-31, not 9999-12-31'],
    ['2026-02-30', 'not a date of the form YYYY-MM-DD'],
    [20260101, 'not a date of the form YYYY-MM-DD'],
  ])('%j → %j', (value, expected) => {
    expect(inputDateProblem(value)).toBe(expected);
    expect(isInputDate(value)).toBe(expected === null);
  });

  it('bounds effective periods the same way', () => {
    expect(() => parseEffective('2026-01-01..9999-12-31')).toThrow(/effective end: a date from 1970-01-01/);
  });
});
