import { type DateRange, daysBetween } from '../dates.js';

/** How often the records of a population occur (the row of the sample-size table). */
export const SAMPLE_FREQUENCIES = [
  'annual',
  'quarterly',
  'monthly',
  'weekly',
  'daily',
  'many-times-a-day',
] as const;
/** One of {@link SAMPLE_FREQUENCIES}. */
export type SampleFrequency = (typeof SAMPLE_FREQUENCIES)[number];

/** One row of the table: the range we consider reasonable and the size we propose. */
export interface SampleSizeRow {
  min: number;
  max: number;
  size: number;
}

/**
 * auditready's own default sample sizes by how often a control operates
 * (docs/decisions/0022). The firm overrides any row per engagement; these are
 * only what a new sample proposes.
 */
export const DEFAULT_SAMPLE_SIZES: Readonly<Record<SampleFrequency, SampleSizeRow>> = {
  annual: { min: 1, max: 1, size: 1 },
  quarterly: { min: 2, max: 2, size: 2 },
  monthly: { min: 2, max: 5, size: 3 },
  weekly: { min: 5, max: 15, size: 10 },
  daily: { min: 20, max: 40, size: 25 },
  'many-times-a-day': { min: 25, max: 60, size: 40 },
};

/** The frequencies a firm overrode for one engagement, size by frequency. */
export type SampleSizeOverrides = Partial<Record<SampleFrequency, number>>;

/** The proposed sample size of a frequency: the firm's override, else our table. */
export function defaultSampleSize(frequency: SampleFrequency, overrides: SampleSizeOverrides = {}): number {
  return overrides[frequency] ?? DEFAULT_SAMPLE_SIZES[frequency].size;
}

/** The frequency of a requirement's cadence (per-event and once count as the events they are: daily). */
export function frequencyOfCadence(cadence: string): SampleFrequency {
  switch (cadence) {
    case 'annual':
    case 'semiannual':
      return 'annual';
    case 'quarterly':
      return 'quarterly';
    case 'monthly':
      return 'monthly';
    case 'weekly':
      return 'weekly';
    default:
      return 'daily';
  }
}

/**
 * The frequency of an event population (joiners, offboarded NHIs, findings…)
 * read from how many events fell in the period: at least two a day is many
 * times a day, about one a day daily, one a week weekly, and so on.
 */
export function frequencyOfCount(count: number, period: DateRange): SampleFrequency {
  const days = Math.max(1, daysBetween(period.start, period.end) + 1);
  const perDay = count / days;
  if (perDay >= 2) return 'many-times-a-day';
  if (perDay >= 5 / 7) return 'daily';
  if (perDay >= 1 / 7) return 'weekly';
  if (perDay >= 1 / 31) return 'monthly';
  if (perDay >= 1 / 92) return 'quarterly';
  return 'annual';
}
