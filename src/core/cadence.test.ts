import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCadence,
  cadenceDays,
  cadencePeriods,
  freshUntil,
  longestCadence,
  periodContaining,
} from './cadence.js';
import { addDays, fromDayNumber, toDayNumber } from './dates.js';
import { CADENCES } from './vocabulary.js';

describe('cadenceDays', () => {
  it('gives the freshness length of each periodic cadence', () => {
    expect(cadenceDays('weekly')).toBe(7);
    expect(cadenceDays('monthly')).toBe(30);
    expect(cadenceDays('quarterly')).toBe(91);
    expect(cadenceDays('semiannual')).toBe(182);
    expect(cadenceDays('annual')).toBe(365);
  });

  it('has none for per-event and once', () => {
    expect(cadenceDays('per-event')).toBeNull();
    expect(cadenceDays('once')).toBeNull();
  });
});

describe('freshUntil', () => {
  it('adds the cadence and a rounded-up grace period', () => {
    expect(freshUntil('2026-01-01', 'weekly')).toBe(addDays('2026-01-01', 7 + 2));
    expect(freshUntil('2026-01-01', 'monthly')).toBe(addDays('2026-01-01', 30 + 8));
    expect(freshUntil('2026-03-31', 'quarterly')).toBe(addDays('2026-03-31', 91 + 23));
    expect(freshUntil('2026-01-01', 'semiannual')).toBe(addDays('2026-01-01', 182 + 46));
    expect(freshUntil('2026-01-01', 'annual')).toBe(addDays('2026-01-01', 365 + 92));
  });

  it('honours another grace ratio', () => {
    expect(freshUntil('2026-01-01', 'monthly', 0)).toBe('2026-01-31');
    expect(freshUntil('2026-01-01', 'quarterly', 0.5)).toBe(addDays('2026-01-01', 91 + 46));
  });

  it('treats once as never stale and per-event as a year plus grace', () => {
    expect(freshUntil('2026-01-01', 'once')).toBeNull();
    expect(freshUntil('2026-01-01', 'per-event')).toBe(addDays('2026-01-01', 365 + 92));
  });
});

describe('addCadence and longestCadence', () => {
  it('steps by calendar months or 7 days', () => {
    expect(addCadence('2026-01-31', 'monthly')).toBe('2026-02-28');
    expect(addCadence('2026-01-01', 'quarterly')).toBe('2026-04-01');
    expect(addCadence('2026-01-01', 'semiannual')).toBe('2026-07-01');
    expect(addCadence('2026-01-01', 'annual')).toBe('2027-01-01');
    expect(addCadence('2026-01-01', 'weekly', 2)).toBe('2026-01-15');
    expect(addCadence('2026-01-01', 'per-event')).toBe('2026-01-01');
  });

  it('picks the longest periodic cadence', () => {
    expect(longestCadence(['weekly', 'quarterly', 'monthly'])).toBe('quarterly');
    expect(longestCadence(['per-event', 'once', 'weekly'])).toBe('weekly');
    expect(longestCadence(['per-event', 'once'])).toBeNull();
    expect(longestCadence([])).toBeNull();
  });
});

describe('cadencePeriods', () => {
  it('splits a half year into quarters', () => {
    expect(cadencePeriods('quarterly', '2026-01-01', '2026-06-30')).toEqual([
      { start: '2026-01-01', end: '2026-03-31' },
      { start: '2026-04-01', end: '2026-06-30' },
    ]);
  });

  it('aligns months to the window start and clamps month ends without drift', () => {
    expect(cadencePeriods('monthly', '2026-01-31', '2026-04-30')).toEqual([
      { start: '2026-01-31', end: '2026-02-27' },
      { start: '2026-02-28', end: '2026-03-30' },
      { start: '2026-03-31', end: '2026-04-29' },
      { start: '2026-04-30', end: '2026-04-30' },
    ]);
  });

  it('clips the last period to the window end', () => {
    expect(cadencePeriods('weekly', '2026-01-01', '2026-01-20')).toEqual([
      { start: '2026-01-01', end: '2026-01-07' },
      { start: '2026-01-08', end: '2026-01-14' },
      { start: '2026-01-15', end: '2026-01-20' },
    ]);
    expect(cadencePeriods('annual', '2026-03-01', '2026-12-31')).toEqual([
      { start: '2026-03-01', end: '2026-12-31' },
    ]);
  });

  it('gives semiannual periods over a leap year', () => {
    expect(cadencePeriods('semiannual', '2027-08-31', '2028-08-30')).toEqual([
      { start: '2027-08-31', end: '2028-02-28' },
      { start: '2028-02-29', end: '2028-08-30' },
    ]);
  });

  it('uses the whole window for per-event and once', () => {
    const whole = [{ start: '2026-01-01', end: '2026-06-30' }];
    expect(cadencePeriods('per-event', '2026-01-01', '2026-06-30')).toEqual(whole);
    expect(cadencePeriods('once', '2026-01-01', '2026-06-30')).toEqual(whole);
  });

  it('handles a one-day window and refuses a reversed one', () => {
    expect(cadencePeriods('monthly', '2026-05-05', '2026-05-05')).toEqual([
      { start: '2026-05-05', end: '2026-05-05' },
    ]);
    expect(() => cadencePeriods('monthly', '2026-05-06', '2026-05-05')).toThrow(/ends before it starts/);
  });

  it('finds the period containing a date', () => {
    const periods = cadencePeriods('quarterly', '2026-01-01', '2026-06-30');
    expect(periodContaining(periods, '2026-04-01')).toEqual({ start: '2026-04-01', end: '2026-06-30' });
    expect(periodContaining(periods, '2026-07-01')).toBeNull();
  });

  it('covers the window exactly with contiguous, non-overlapping periods (property)', () => {
    const day = fc.integer({ min: toDayNumber('1990-01-01'), max: toDayNumber('2100-12-31') });
    fc.assert(
      fc.property(
        fc.constantFrom(...CADENCES),
        day,
        fc.integer({ min: 0, max: 1200 }),
        (cadence, s, length) => {
          const start = fromDayNumber(s);
          const end = fromDayNumber(s + length);
          const periods = cadencePeriods(cadence, start, end);
          expect(periods[0]?.start).toBe(start);
          expect(periods.at(-1)?.end).toBe(end);
          periods.forEach((p, i) => {
            expect(p.start <= p.end).toBe(true);
            const next = periods[i + 1];
            if (next) expect(next.start).toBe(addDays(p.end, 1));
          });
        },
      ),
    );
  });

  it('makes full periods of the cadence length except the clipped last one (property)', () => {
    const day = fc.integer({ min: toDayNumber('1990-01-01'), max: toDayNumber('2100-12-31') });
    fc.assert(
      fc.property(
        fc.constantFrom(...CADENCES),
        day,
        fc.integer({ min: 0, max: 800 }),
        (cadence, s, length) => {
          const start = fromDayNumber(s);
          const periods = cadencePeriods(cadence, start, fromDayNumber(s + length));
          periods.slice(0, -1).forEach((p, i) => {
            expect(p.start).toBe(addCadence(start, cadence, i));
            expect(addDays(p.end, 1)).toBe(addCadence(start, cadence, i + 1));
          });
        },
      ),
    );
  });
});
