/**
 * NHI1 Improper Offboarding: an identity nobody answers for. Its owner left,
 * is no person of the roster, or was never named. Nobody will rotate, review
 * or retire it, and the SOC 2 auditor asks who approved it.
 */
import { attrBool, isProviderManaged, NHI_ATTRIBUTES } from '../attributes.js';
import { byExternalId, label, makeFinding, type NhiRuleMeta, parentOf, raise } from './helpers.js';
import type { NhiFinding, NhiRuleContext, NhiSeverity } from './types.js';

/** The orphaned-identity rule's fixed tags. */
export const ORPHANED: NhiRuleMeta = {
  id: 'nhi-orphaned',
  title: 'Non-human identity without a live owner',
  owasp: ['NHI1:2025'],
  soc2: ['CC6.2', 'CC6.3'],
};

/** Identities whose owner is departed, unknown to the roster, or missing. */
export function findOrphaned(ctx: NhiRuleContext): NhiFinding[] {
  const index = byExternalId(ctx.identities);
  return ctx.identities.flatMap((nhi) => {
    const owner = nhi.owner;
    if (nhi.status === 'deleted' || isProviderManaged(nhi) || owner.status === 'active') return [];
    // A person's own account is not an NHI: nobody else owns it.
    if (attrBool(nhi, NHI_ATTRIBUTES.likelyHuman) === true) return [];
    // A key without an owner of its own belongs to its user: the user carries the finding (or has an owner).
    if (owner.status === 'none' && parentOf(nhi, index)) return [];
    const base: NhiSeverity = owner.status === 'departed' ? 'high' : raise('medium', nhi.privileged);
    // A disabled identity can do no harm today; retiring it is housekeeping.
    const severity: NhiSeverity = nhi.status === 'disabled' ? 'low' : base;
    const who = owner.email ?? nhi.ownerHint;
    const message =
      owner.status === 'departed'
        ? `Assign a new owner to ${label(nhi)}: its owner ${who ?? 'on record'} left${owner.departedOn ? ` on ${owner.departedOn}` : ''}. With them, decide whether it is still needed; disable it if not.`
        : owner.status === 'unknown'
          ? `Assign an owner to ${label(nhi)}: "${who ?? '?'}" is not a person in the roster. Map it to a person or fix the tag; disable the identity if nobody claims it.`
          : `Assign an owner to ${label(nhi)}: nobody is named. Disable it if nobody claims it.`;
    return [
      makeFinding(ORPHANED, nhi, {
        severity,
        message,
        evidence: {
          ownerStatus: owner.status,
          ownerEmail: owner.email ?? null,
          ownerHint: nhi.ownerHint,
          ownerSource: nhi.ownerSource,
          departedOn: owner.departedOn ?? null,
          status: nhi.status,
          privileged: nhi.privileged,
        },
      }),
    ];
  });
}
