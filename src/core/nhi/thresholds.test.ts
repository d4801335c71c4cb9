import { describe, expect, it } from 'vitest';
import { DEFAULT_NHI_THRESHOLDS, nhiThresholdsSchema, resolveNhiThresholds } from './thresholds.js';

describe('NHI thresholds', () => {
  it('defaults to the benchmark values', () => {
    expect(DEFAULT_NHI_THRESHOLDS).toEqual({
      unusedDays: 45,
      rotationDays: 90,
      maxTokenLifetimeDays: 366,
      thirdPartyReviewDays: 365,
      maxActiveKeysPerUser: 1,
    });
    expect(nhiThresholdsSchema.parse({})).toEqual(DEFAULT_NHI_THRESHOLDS);
  });

  it('takes an organization override and keeps the other defaults', () => {
    expect(resolveNhiThresholds({ rotationDays: 30 })).toEqual({
      ...DEFAULT_NHI_THRESHOLDS,
      rotationDays: 30,
    });
  });

  it('refuses nonsense and unknown keys', () => {
    expect(() => resolveNhiThresholds({ unusedDays: 0 })).toThrow();
    expect(() => resolveNhiThresholds({ rotationDays: 1.5 })).toThrow();
    expect(nhiThresholdsSchema.safeParse({ rotationDayz: 30 }).success).toBe(false);
  });
});
