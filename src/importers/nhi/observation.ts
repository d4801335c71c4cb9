/**
 * Builds observations with every field present, so a parser states only what
 * its export knows and the rest is an explicit null / default.
 */
import type { ExportFacts, ObservedNhi } from '../../core/nhi/types.js';
import type { OwnerHint } from './hints.js';
import type { NhiParseOptions } from './types.js';

/** The fields a parser must give; all others default to null / false / 'active' / 'unknown'. */
export type NhiFields = Pick<ObservedNhi, 'kind' | 'provider' | 'externalId' | 'name'> &
  Partial<Omit<ObservedNhi, 'ownerHint' | 'ownerSource'>> & { owner?: OwnerHint | null };

/** A complete ObservedNhi from the fields a parser knows. */
export function nhi(fields: NhiFields): ObservedNhi {
  const { owner, ...rest } = fields;
  return {
    parentExternalId: null,
    purpose: null,
    environment: null,
    privileged: false,
    privilegeSummary: null,
    authMethod: 'unknown',
    status: 'active',
    createdAt: null,
    lastUsedAt: null,
    lastRotatedAt: null,
    expiresAt: null,
    attributes: {},
    ...rest,
    ownerHint: owner?.hint ?? null,
    ownerSource: owner?.source ?? null,
  };
}

/** Drops null, undefined and empty-array/empty-object entries so attributes stay small and stable. */
export function compact(attributes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attributes)) {
    if (v === null || v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out;
}

/** Reports the export facts to the caller, if it asked for them. */
export function reportFacts(options: NhiParseOptions | undefined, facts: ExportFacts): void {
  options?.onFacts?.(facts);
}
