import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationDays, isNeverExpires, latest, parseTimestamp } from './dates.js';

describe('parseTimestamp', () => {
  it.each([
    ['2017-06-10T02:35:07+00:00', '2017-06-10T02:35:07.000Z'],
    ['2026-01-15T10:12:44.000-07:00', '2026-01-15T17:12:44.000Z'],
    ['2028-10-02T03:41:17.0931274Z', '2028-10-02T03:41:17.093Z'],
    ['2025-03-18 16:02:11 +0000', '2025-03-18T16:02:11.000Z'],
    ['2024-11-02 09:40:55 -0700', '2024-11-02T16:40:55.000Z'],
    ['2023-10-25', '2023-10-25T00:00:00.000Z'],
    ['2026-11-24T04:14:07.260000+01:00', '2026-11-24T03:14:07.260Z'],
    ['2021-09-01T00:05:44', '2021-09-01T00:05:44.000Z'],
    [1523477145.729, '2018-04-11T20:05:45.729Z'],
    ['1795824000.0', '2026-11-28T00:00:00.000Z'],
    [1795824000000, '2026-11-28T00:00:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(parseTimestamp(input)).toBe(expected);
  });

  it.each([
    'N/A',
    'not a date',
    '2026-02-30',
    '2026-13-01T00:00:00Z',
    '2026-01-01T25:00:00Z',
    '',
    -5,
    Number.NaN,
    null,
    {},
  ])('rejects %s', (input) => {
    expect(parseTimestamp(input)).toBeUndefined();
  });
});

describe('parseTimestamp on UTC timestamps in the canonical shapes (the fast path)', () => {
  /** The general parse alone: the same value with an offset the fast path does not take. */
  const general = (text: string) => parseTimestamp(text.replace(/Z$/, '+00:00'));

  it('gives what the general parse gives, for valid and invalid dates and times alike', () => {
    const digits = (n: number) =>
      fc.integer({ min: 0, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, '0'));
    const shaped = fc
      .tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), fc.option(digits(3)))
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${ms === null ? '' : `.${ms}`}Z`);
    const plausible = fc
      .date({
        min: new Date('1899-01-01T00:00:00Z'),
        max: new Date('2999-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().replace(/\.\d{3}Z$/, 'Z')));
    fc.assert(
      fc.property(fc.oneof(shaped, plausible), (text) => {
        expect(parseTimestamp(text)).toBe(general(text));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
    ['2024-01-01T22:20:51.401Z', '2024-01-01T22:20:51.401Z'],
    ['2026-12-31T23:59:60Z', '2027-01-01T00:00:00.000Z'],
    ['2024-01-01T00:00:00,250Z', '2024-01-01T00:00:00.250Z'],
  ])('%s → %s', (input, expected) => {
    expect(parseTimestamp(input)).toBe(expected);
  });

  it.each([
    '2023-02-29T00:00:00Z',
    '1899-12-31T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T00:00:00.0aZ',
  ])('rejects %s', (input) => {
    expect(parseTimestamp(input)).toBeUndefined();
  });
});

describe('date helpers', () => {
  it('recognises far-future "never" expiries', () => {
    expect(isNeverExpires('9999-12-31T23:59:59.000Z')).toBe(true);
    expect(isNeverExpires('2299-12-31T00:00:00.000Z')).toBe(true);
    expect(isNeverExpires('2028-10-02T03:41:17.093Z')).toBe(false);
    expect(isNeverExpires(null)).toBe(false);
  });

  it('picks the latest timestamp', () => {
    expect(latest(null, '2026-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')).toBe(
      '2026-01-01T00:00:00.000Z',
    );
    expect(latest(null, null)).toBeNull();
  });

  it('reads ISO-8601 durations in days', () => {
    expect(durationDays('P30D')).toBe(30);
    expect(durationDays('PT5M')).toBeCloseTo(5 / 1440);
    expect(durationDays('P1W')).toBe(7);
    expect(durationDays('thirty days')).toBeNull();
    expect(durationDays('P')).toBeNull();
    expect(durationDays(null)).toBeNull();
  });
});
