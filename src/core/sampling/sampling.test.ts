import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderPopulation, type PopulationRecord, populationHash } from './population.js';
import { choosePositions, SeededStream } from './prng.js';
import {
  DEFAULT_SAMPLE_SIZES,
  defaultSampleSize,
  frequencyOfCadence,
  frequencyOfCount,
  SAMPLE_FREQUENCIES,
} from './sample-size.js';

describe('SeededStream', () => {
  it('gives the same words for the same seed and different words for another', () => {
    const a = new SeededStream('seed-1');
    const b = new SeededStream('seed-1');
    const c = new SeededStream('seed-2');
    const wa = Array.from({ length: 20 }, () => a.nextWord());
    expect(Array.from({ length: 20 }, () => b.nextWord())).toEqual(wa);
    expect(Array.from({ length: 20 }, () => c.nextWord())).not.toEqual(wa);
  });

  it('pins the first word of a known seed (a change of algorithm changes every recorded sample)', () => {
    // SHA-256("abc" ‖ 0x0000000000000000), first four bytes.
    expect(new SeededStream('abc').nextWord().toString(16).padStart(8, '0')).toBe('4b5c6fd3');
  });

  it('draws every value below n, roughly uniformly', () => {
    const stream = new SeededStream('uniform');
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 6000; i++) counts[stream.nextBelow(6)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
    expect(() => stream.nextBelow(0)).toThrow(RangeError);
  });
});

describe('choosePositions', () => {
  it('is a subset of the population of size min(n, size), without duplicates, the same for the same seed', () => {
    fc.assert(
      fc.property(fc.nat(400), fc.nat(80), fc.string({ maxLength: 20 }), (n, size, seed) => {
        const chosen = choosePositions(n, size, seed);
        expect(chosen).toHaveLength(Math.min(n, size));
        expect(new Set(chosen).size).toBe(chosen.length);
        for (const p of chosen) expect(p >= 0 && p < n).toBe(true);
        expect(choosePositions(n, size, seed)).toEqual(chosen);
      }),
      { numRuns: 200 },
    );
  });

  it('chooses differently with another seed', () => {
    expect(choosePositions(312, 25, 'seed-a')).not.toEqual(choosePositions(312, 25, 'seed-b'));
  });

  it('takes the whole population when the sample is as large', () => {
    expect([...choosePositions(7, 10, 's')].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('refuses sizes that are not counts', () => {
    expect(() => choosePositions(-1, 2, 's')).toThrow(RangeError);
    expect(() => choosePositions(3, 1.5, 's')).toThrow(RangeError);
  });
});

describe('populationHash', () => {
  const records: PopulationRecord[] = [
    { id: 'b', date: '2026-02-01', label: 'second' },
    { id: 'a', date: '2026-02-01', label: 'first' },
    { id: 'c', date: '2026-01-15', label: 'earliest' },
  ];

  it('orders by date then id', () => {
    expect(orderPopulation(records).map((r) => r.id)).toEqual(['c', 'a', 'b']);
  });

  it('does not depend on the order records were read in', () => {
    expect(populationHash(records)).toBe(populationHash([...records].reverse()));
    expect(populationHash(records)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when one record changes, is added or removed', () => {
    const base = populationHash(records);
    expect(populationHash([{ ...records[0]!, label: 'changed' }, records[1]!, records[2]!])).not.toBe(base);
    expect(populationHash(records.slice(1))).not.toBe(base);
    expect(populationHash([...records, { id: 'd', date: '2026-03-01', label: 'x' }])).not.toBe(base);
  });
});

describe('sample sizes', () => {
  it('keeps every default inside its own range, growing with frequency', () => {
    let previous = 0;
    for (const f of SAMPLE_FREQUENCIES) {
      const row = DEFAULT_SAMPLE_SIZES[f];
      expect(row.size).toBeGreaterThanOrEqual(row.min);
      expect(row.size).toBeLessThanOrEqual(row.max);
      expect(row.size).toBeGreaterThan(previous);
      previous = row.size;
    }
  });

  it('takes the firm override of a frequency, the table otherwise', () => {
    expect(defaultSampleSize('daily')).toBe(25);
    expect(defaultSampleSize('daily', { daily: 30 })).toBe(30);
    expect(defaultSampleSize('weekly', { daily: 30 })).toBe(10);
  });

  it('reads the frequency of a cadence and of an event count over a period', () => {
    expect(frequencyOfCadence('quarterly')).toBe('quarterly');
    expect(frequencyOfCadence('semiannual')).toBe('annual');
    expect(frequencyOfCadence('per-event')).toBe('daily');
    const half = { start: '2026-01-01', end: '2026-06-30' };
    expect(frequencyOfCount(1, half)).toBe('annual');
    expect(frequencyOfCount(3, half)).toBe('quarterly');
    expect(frequencyOfCount(10, half)).toBe('monthly');
    expect(frequencyOfCount(40, half)).toBe('weekly');
    expect(frequencyOfCount(181, half)).toBe('daily');
    expect(frequencyOfCount(500, half)).toBe('many-times-a-day');
  });
});
