import { describe, expect, it } from 'vitest';
import { dayOf, daysSince, instantOf } from './timestamps.js';

describe('timestamps', () => {
  it('reads the forms exports use, offsets included', () => {
    expect(instantOf('2026-11-28T12:00:00Z')).toBe(Date.UTC(2026, 10, 28, 12));
    expect(instantOf('2017-06-10T02:35:07+00:00')).toBe(Date.UTC(2017, 5, 10, 2, 35, 7));
    expect(instantOf('2023-09-19T02:05:00.000-07:00')).toBe(Date.UTC(2023, 8, 19, 9, 5));
    expect(instantOf('2026-10-02T10:00:00.1234567Z')).toBe(Date.UTC(2026, 9, 2, 10, 0, 0, 123));
    expect(instantOf('2024-01-30 18:25:10 +0000')).toBe(Date.UTC(2024, 0, 30, 18, 25, 10));
    expect(instantOf('2026-02-01')).toBe(Date.UTC(2026, 1, 1));
  });

  it('gives the UTC day, which may differ from the written one', () => {
    expect(dayOf('2026-01-01T23:30:00-02:00')).toBe('2026-01-02');
    expect(daysSince('2026-11-18T00:00:00Z', '2026-11-28')).toBe(10);
  });

  it('is null, never an error, for what is not a timestamp', () => {
    for (const bad of [
      '',
      'N/A',
      '2026-02-30',
      '2026-01-01T25:00:00Z',
      'soon',
      42,
      null,
      '0000-01-01T00:30+01:00',
    ]) {
      expect(dayOf(bad)).toBeNull();
    }
  });
});
