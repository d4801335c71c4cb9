/**
 * NHI7 Long-Lived Secrets / CIS AWS and GCP "keys rotated every 90 days or
 * less": a static secret that lives long enough ends up in a laptop, a log
 * or a former employee's notes.
 */
import { isProviderManaged } from '../attributes.js';
import { CIS, type CisRef } from '../benchmarks.js';
import { dayOf, daysSince } from '../timestamps.js';
import type { NhiKind } from '../types.js';
import { isFederated, label, makeFinding, type NhiRuleMeta } from './helpers.js';
import type { NhiFinding, NhiRuleContext, NhiRuleIdentity } from './types.js';

/** The rotation rule's fixed tags. */
export const ROTATION_OVERDUE: NhiRuleMeta = {
  id: 'nhi-rotation-overdue',
  title: 'Credential not rotated within policy',
  owasp: ['NHI7:2025'],
  soc2: ['CC6.1'],
};

/**
 * Static secrets that someone must rotate. Tokens that carry an expiry
 * (PATs, certificates) are judged by their lifetime instead.
 */
export const ROTATABLE_KINDS: readonly NhiKind[] = [
  'access-key',
  'service-account-key',
  'client-secret',
  'secret',
  'actions-secret',
  'deploy-key',
  'k8s-token',
  'api-token',
];

/** Active static credentials whose last rotation (or creation) is older than their policy. */
export function findRotationOverdue(ctx: NhiRuleContext): NhiFinding[] {
  return ctx.identities.flatMap((nhi) => {
    if (nhi.status !== 'active' || !ROTATABLE_KINDS.includes(nhi.kind)) return [];
    if (isFederated(nhi) || isProviderManaged(nhi)) return [];
    // Never rotated: the secret is as old as the credential.
    const since = nhi.lastRotatedAt ?? nhi.createdAt;
    const age = daysSince(since, ctx.at);
    const own = ownPolicyDays(nhi);
    const policy = own ?? ctx.thresholds.rotationDays;
    if (age === null || age <= policy) return [];
    const what = nhi.lastRotatedAt
      ? `last rotated on ${dayOf(since)}`
      : `never rotated since ${dayOf(since)}`;
    return [
      makeFinding(ROTATION_OVERDUE, nhi, {
        // Four policies overdue (a year at 90 days) is no longer a slip but a missing process.
        severity: nhi.privileged || age > 4 * policy ? 'high' : 'medium',
        message: `Rotate ${label(nhi)}: ${what}, ${age} days ago (policy ${policy} days). Issue a new secret, move its consumers to it, then revoke the old one.`,
        cis: cisFor(nhi),
        evidence: {
          lastRotatedAt: nhi.lastRotatedAt,
          createdAt: nhi.createdAt,
          ageDays: age,
          policyDays: policy,
          policySource: own === null ? 'organization' : 'identity',
        },
      }),
    ];
  });
}

// An identity's own rotation policy wins over the organization's; a nonsense value is ignored, not fatal.
function ownPolicyDays(nhi: NhiRuleIdentity): number | null {
  const own = nhi.rotationPolicyDays;
  return typeof own === 'number' && Number.isInteger(own) && own > 0 ? own : null;
}

function cisFor(nhi: NhiRuleIdentity): readonly CisRef[] {
  if (nhi.provider === 'aws' && nhi.kind === 'access-key') return CIS.awsKeyRotation;
  if (nhi.provider === 'gcp' && nhi.kind === 'service-account-key') return CIS.gcpKeyRotation;
  return [];
}
