/**
 * Evaluating the NHI rules a batch of families at a time, so that memory does
 * not grow with the inventory. Every rule reads an identity and its family
 * (its user, its keys) except two, which also read identities anywhere:
 * static CI credentials look for AWS roles that trust an OIDC provider, and
 * multi-environment compares credential fingerprints. A batch of whole
 * families plus the families of those shared identities gives, for the
 * batch's own identities, exactly the findings and leak links of the whole
 * inventory (a property test holds the two equal; a new rule that reads
 * across families must extend `isSharedAcrossFamilies` or it fails). A
 * family is one level deep, as every export makes it: keys belong to users,
 * service accounts or principals, which belong to nobody.
 */
import type { IsoDate } from '../dates.js';
import { attrString, attrStrings, NHI_ATTRIBUTES } from './attributes.js';
import { LEAK_LINK_VIAS, type LeakLink, type LeakLinkVia, linkLeaks } from './linking.js';
import { contentComparator, identityKey } from './order.js';
import { evaluateNhiRules } from './rules/index.js';
import type { NhiFinding, NhiRuleIdentity } from './rules/types.js';
import type { NhiThresholds } from './thresholds.js';
import type { ObservedLeak, ObservedNhi } from './types.js';

/**
 * Whether every batch must see this identity (and its family): AWS roles
 * that trust an OIDC provider (what static CI credentials are judged
 * against) and holders of a credential fingerprint. Other roles are read by
 * no rule outside their own family, so they are not carried into every batch.
 */
export function isSharedAcrossFamilies(
  identity: Pick<ObservedNhi, 'provider' | 'kind' | 'authMethod' | 'attributes'>,
): boolean {
  return (
    (identity.provider === 'aws' &&
      identity.kind === 'role' &&
      (identity.authMethod === 'oidc' || attrStrings(identity, NHI_ATTRIBUTES.oidcProviders).length > 0)) ||
    attrString(identity, NHI_ATTRIBUTES.credentialFingerprint) !== null
  );
}

/** One batch to evaluate: whole families, the shared families, T and the thresholds. */
export interface FamilyBatch<I extends NhiRuleIdentity> {
  at: IsoDate;
  thresholds: NhiThresholds;
  /** Whole families (every identity whose `familyOf` is one of the batch's). */
  batch: I[];
  /** The whole families of every identity `isSharedAcrossFamilies` says every batch must see. */
  shared: I[];
}

function contextOf<I extends NhiRuleIdentity>(b: Pick<FamilyBatch<I>, 'batch' | 'shared'>) {
  const own = new Set(b.batch.map(identityKey));
  return { own, identities: [...b.batch, ...b.shared.filter((i) => !own.has(identityKey(i)))] };
}

/**
 * First pass: the links this batch can offer for each leak (to the batch's
 * own identities). A leak's hints may name identities of several batches;
 * `bestLeakLinks` keeps the one `linkLeaks` would pick on the whole inventory.
 */
export function leakLinksOfBatch<I extends NhiRuleIdentity>(
  b: Pick<FamilyBatch<I>, 'batch' | 'shared'>,
  leaks: ObservedLeak[],
): LeakLink<I>[] {
  if (leaks.length === 0) return [];
  const { own, identities } = contextOf(b);
  return linkLeaks(leaks, identities).filter((l) => l.identity !== null && own.has(identityKey(l.identity)));
}

/** How specific a link's hint is (lower wins): the order of `LEAK_LINK_VIAS`, no link last. */
export function leakLinkRank(via: LeakLinkVia | null): number {
  return via === null ? LEAK_LINK_VIAS.length : LEAK_LINK_VIAS.indexOf(via);
}

/** The link of each leak across batches: the most specific hint wins, then the identity that sorts first. */
export function bestLeakLinks<I extends NhiRuleIdentity>(
  candidates: LeakLink<I>[],
): Map<ObservedLeak, LeakLink<I>> {
  const content = contentComparator<I>();
  const rank = (l: LeakLink<I>) => leakLinkRank(l.via);
  const best = new Map<ObservedLeak, LeakLink<I>>();
  for (const c of candidates) {
    const seen = best.get(c.leak);
    if (
      !seen ||
      rank(c) < rank(seen) ||
      (rank(c) === rank(seen) && content(c.identity!, seen.identity!) < 0)
    ) {
      best.set(c.leak, c);
    }
  }
  return best;
}

/** Second pass: the findings on the batch's identities, given every leak's final link. */
export function evaluateFamilyBatch<I extends NhiRuleIdentity>(
  b: FamilyBatch<I>,
  links: ReadonlyMap<ObservedLeak, LeakLink<I>>,
): NhiFinding[] {
  const { own, identities } = contextOf(b);
  const leaks = [...links.values()].filter((l) => l.identity !== null && own.has(identityKey(l.identity)));
  const findings = evaluateNhiRules({ at: b.at, identities, leaks, thresholds: b.thresholds });
  return findings.filter((f) => own.has(identityKey({ provider: f.provider, externalId: f.nhiExternalId })));
}
