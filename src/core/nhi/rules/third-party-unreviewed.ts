/**
 * NHI3 Vulnerable Third-Party NHI: a vendor's app or integration holding broad
 * access that nobody has looked at for a year. When the vendor is breached,
 * its grants are the attacker's.
 */
import { attrBool, attrString, attrStringRecord, attrStrings, NHI_ATTRIBUTES } from '../attributes.js';
import { compareText } from '../order.js';
import { daysSince, instantOf } from '../timestamps.js';
import { label, makeFinding, type NhiRuleMeta, raise } from './helpers.js';
import type { NhiFinding, NhiRuleContext, NhiRuleIdentity } from './types.js';

/** The third-party review rule's fixed tags. */
export const THIRD_PARTY_UNREVIEWED: NhiRuleMeta = {
  id: 'nhi-third-party-unreviewed',
  title: 'Third-party app with broad access not reviewed in 12 months',
  owasp: ['NHI3:2025'],
  soc2: ['CC6.3', 'CC9.2'],
};

// OAuth scopes that grant write or admin reach (GitHub, Google, Microsoft Graph).
const BROAD_SCOPE =
  /(^|[^a-z])(admin|write|repo|workflow|full|cloud-platform|delete)([^a-z]|$)|\.ReadWrite\./i;

/** Third-party grants with broad scopes whose last review is older than `thirdPartyReviewDays` (or absent). */
export function findThirdPartyUnreviewed(ctx: NhiRuleContext): NhiFinding[] {
  const limit = ctx.thresholds.thirdPartyReviewDays;
  return ctx.identities.flatMap((nhi) => {
    if (nhi.status !== 'active' || !isThirdParty(nhi)) return [];
    const broad = broadBecause(nhi);
    if (broad.length === 0) return [];
    const reviewedAt = latest(
      nhi.lastReviewedAt ?? null,
      attrString(nhi, NHI_ATTRIBUTES.permissionsUpdatedAt),
    );
    const age = daysSince(reviewedAt, ctx.at);
    if (age !== null && age <= limit) return [];
    const when = age === null ? 'has never been reviewed' : `was last reviewed ${age} days ago`;
    return [
      makeFinding(THIRD_PARTY_UNREVIEWED, nhi, {
        severity: raise('medium', nhi.privileged),
        message: `Review ${label(nhi)} with its owner: it holds broad access (${broad.join(', ')}) and ${when} (every ${limit} days). Narrow its access or remove it, then record the review.`,
        evidence: {
          broadBecause: broad,
          lastReviewedAt: reviewedAt,
          daysSinceReview: age,
          thresholdDays: limit,
        },
      }),
    ];
  });
}

/**
 * App installations and OAuth apps count as third-party unless the importer
 * says they are our own: the export rarely tells, and assuming a vendor is
 * the safe mistake. Other kinds need the `thirdParty` attribute.
 */
function isThirdParty(nhi: NhiRuleIdentity): boolean {
  const flag = attrBool(nhi, NHI_ATTRIBUTES.thirdParty);
  if (flag !== null) return flag;
  return nhi.kind === 'github-app-installation' || nhi.kind === 'oauth-app';
}

/** Why the grant is broad, in words for the finding; empty when it is not. */
function broadBecause(nhi: NhiRuleIdentity): string[] {
  const reasons: string[] = [];
  if (nhi.privileged) reasons.push(nhi.privilegeSummary ?? 'privileged');
  reasons.push(...attrStrings(nhi, NHI_ATTRIBUTES.broadGrants).sort(compareText));
  if (attrString(nhi, NHI_ATTRIBUTES.repositorySelection) === 'all') reasons.push('all repositories');
  const permissions = attrStringRecord(nhi, NHI_ATTRIBUTES.permissions);
  for (const [name, level] of Object.entries(permissions).sort(([a], [b]) => compareText(a, b))) {
    if (level === 'write' || level === 'admin') reasons.push(`${name}:${level}`);
  }
  for (const scope of [...attrStrings(nhi, NHI_ATTRIBUTES.scopes)].sort(compareText)) {
    if (BROAD_SCOPE.test(scope)) reasons.push(scope);
  }
  return [...new Set(reasons)];
}

function latest(a: string | null, b: string | null): string | null {
  const ia = instantOf(a);
  const ib = instantOf(b);
  if (ia === null) return ib === null ? null : b;
  return ib !== null && ib > ia ? b : a;
}
