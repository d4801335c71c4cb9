/**
 * The per-organization thresholds of the NHI rules, with their defaults and a
 * zod schema: an organization stores only what it overrides, and parsing that
 * (even `{}`) yields a complete set.
 */
import { z } from 'zod';

const days = (fallback: number) => z.number().int().min(1).max(36_500).default(fallback);

/** Schema of the NHI rule thresholds; every field has its default, so `parse({})` gives the defaults. */
export const nhiThresholdsSchema = z
  .object({
    /** Days without use after which an active identity is unused (CIS AWS: 45). */
    unusedDays: days(45),
    /** Days after which a credential must have been rotated (CIS AWS / GCP: 90). */
    rotationDays: days(90),
    /** Longest acceptable credential lifetime from issue to expiry (GitHub fine-grained PAT org default: 366). */
    maxTokenLifetimeDays: days(366),
    /** Days after which a third-party grant needs a new review (12 months). */
    thirdPartyReviewDays: days(365),
    /** Active access keys one user may hold (CIS AWS: 1). */
    maxActiveKeysPerUser: z.number().int().min(1).max(100).default(1),
  })
  .strict();

/** The NHI rule thresholds, complete. */
export type NhiThresholds = z.output<typeof nhiThresholdsSchema>;

/** What an organization may override (any subset). */
export type NhiThresholdOverrides = z.input<typeof nhiThresholdsSchema>;

/** The thresholds auditready uses when an organization sets none. */
export const DEFAULT_NHI_THRESHOLDS: Readonly<NhiThresholds> = Object.freeze(nhiThresholdsSchema.parse({}));

/** Complete thresholds from an organization's overrides; throws a zod error on invalid values. */
export function resolveNhiThresholds(overrides: NhiThresholdOverrides = {}): NhiThresholds {
  return nhiThresholdsSchema.parse(overrides);
}
