/**
 * One identity seen by several exports (the credential report and the
 * authorization details both list an IAM user): what the inventory shows is
 * the merge of every source's last observation, so that two exports that see
 * different facts of one identity never make it flap between them.
 */
import { compareText } from './order.js';
import { instantOf } from './timestamps.js';
import type { ObservedNhi } from './types.js';

/** One source's last observation of an identity. */
export interface SourceObservation {
  /** The import kind (and scope) that observed it. */
  source: string;
  /** When that source observed it (the export's time, else the import's). */
  observedAt: string;
  observation: ObservedNhi;
}

const OVERRIDABLE = [
  'kind',
  'name',
  'parentExternalId',
  'purpose',
  'environment',
  'privilegeSummary',
  'createdAt',
  'lastRotatedAt',
  'expiresAt',
] as const;

/**
 * The identity as the inventory shows it: sources are applied oldest first
 * and a later source's known value (not null) wins; the status is the newest
 * source's; the owner hint travels with its source; privileged when any
 * source says so (exports that know nothing of privileges say false);
 * last use is the latest any source saw; attributes merge key by key.
 */
export function mergeObservations(sources: readonly SourceObservation[]): ObservedNhi {
  const ordered = [...sources].sort(
    (a, b) => compareText(a.observedAt, b.observedAt) || compareText(a.source, b.source),
  );
  const first = ordered[0];
  if (!first) throw new Error('mergeObservations needs at least one observation');
  if (ordered.length === 1) return first.observation;
  const merged: ObservedNhi = { ...first.observation, attributes: { ...first.observation.attributes } };
  for (const { observation: o } of ordered.slice(1)) {
    for (const field of OVERRIDABLE) {
      if (o[field] !== null) Object.assign(merged, { [field]: o[field] });
    }
    if (o.ownerHint !== null) {
      merged.ownerHint = o.ownerHint;
      merged.ownerSource = o.ownerSource;
    }
    if (o.authMethod !== 'unknown') merged.authMethod = o.authMethod;
    merged.privileged = merged.privileged || o.privileged;
    merged.status = o.status;
    merged.lastUsedAt = later(merged.lastUsedAt, o.lastUsedAt);
    Object.assign(merged.attributes, o.attributes);
  }
  return merged;
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return (instantOf(b) ?? 0) > (instantOf(a) ?? 0) ? b : a;
}

/**
 * The family of an identity: itself and its keys (`parent ?? external id`).
 * The provider is left out on purpose: a wider group is still a whole family,
 * and rules that pair a key with its user by external id alone stay inside it.
 */
export function familyOf(nhi: Pick<ObservedNhi, 'externalId' | 'parentExternalId'>): string {
  return nhi.parentExternalId ?? nhi.externalId;
}
