/**
 * NHI1 / CIS AWS "credentials unused for 45 days or more are disabled": an
 * active credential nobody uses is attack surface with no purpose.
 */
import { attrBool, isProviderManaged, NHI_ATTRIBUTES } from '../attributes.js';
import { CIS } from '../benchmarks.js';
import { dayOf, daysSince } from '../timestamps.js';
import type { NhiKind } from '../types.js';
import { label, makeFinding, type NhiRuleMeta, raise } from './helpers.js';
import type { NhiFinding, NhiRuleContext, NhiRuleIdentity } from './types.js';

/** The unused-identity rule's fixed tags. */
export const UNUSED: NhiRuleMeta = {
  id: 'nhi-unused',
  title: 'Active non-human identity unused',
  owasp: ['NHI1:2025'],
  soc2: ['CC6.2'],
};

/**
 * Kinds whose exports report last use, so that no last-use date means "never
 * used" (AWS keys and roles, GitHub PATs and deploy keys, Okta tokens, Secrets
 * Manager, legacy k8s tokens). Elsewhere a missing date only means the export
 * does not say; the `usageTracked` attribute overrides this per identity.
 */
export const USAGE_TRACKED_KINDS: readonly NhiKind[] = [
  'access-key',
  'role',
  'github-pat',
  'deploy-key',
  'api-token',
  'secret',
  'k8s-token',
];

/** Active credentials not used for more than `unusedDays` (never used: since creation). */
export function findUnused(ctx: NhiRuleContext): NhiFinding[] {
  const limit = ctx.thresholds.unusedDays;
  const parents = new Set(
    ctx.identities
      .filter((n) => n.parentExternalId !== null && n.status !== 'deleted')
      .map((n) => `${n.provider}\u0000${n.parentExternalId}`),
  );
  return ctx.identities.flatMap((nhi) => {
    if (nhi.status !== 'active' || isProviderManaged(nhi)) return [];
    // A user with keys is judged through its keys (CIS counts credentials, not containers), unless it also
    // has a console password: that credential has no record of its own.
    const hasPassword = attrBool(nhi, NHI_ATTRIBUTES.passwordEnabled) === true;
    if (parents.has(`${nhi.provider}\u0000${nhi.externalId}`) && !hasPassword) return [];
    const usage = unusedFor(nhi, ctx.at);
    if (usage === null || usage.days <= limit) return [];
    const since = usage.neverUsed
      ? `it has never been used since it was created on ${dayOf(nhi.createdAt)}`
      : `it was last used on ${dayOf(nhi.lastUsedAt)}`;
    const awsCredential = nhi.provider === 'aws' && (nhi.kind === 'access-key' || nhi.kind === 'iam-user');
    return [
      makeFinding(UNUSED, nhi, {
        severity: raise('medium', nhi.privileged),
        message: `Disable ${label(nhi)}: ${since}, ${usage.days} days ago (limit ${limit}). Delete it once a grace period shows nothing depends on it.`,
        cis: awsCredential ? CIS.awsUnusedCredentials : [],
        evidence: {
          lastUsedAt: nhi.lastUsedAt,
          createdAt: nhi.createdAt,
          neverUsed: usage.neverUsed,
          daysUnused: usage.days,
          thresholdDays: limit,
        },
      }),
    ];
  });
}

function unusedFor(nhi: NhiRuleIdentity, at: string): { days: number; neverUsed: boolean } | null {
  const used = daysSince(nhi.lastUsedAt, at);
  if (used !== null) return { days: used, neverUsed: false };
  const tracked = attrBool(nhi, NHI_ATTRIBUTES.usageTracked) ?? USAGE_TRACKED_KINDS.includes(nhi.kind);
  const created = daysSince(nhi.createdAt, at);
  return tracked && created !== null ? { days: created, neverUsed: true } : null;
}
