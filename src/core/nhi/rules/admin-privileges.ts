/**
 * NHI5 Overprivileged NHI: wildcard or admin grants (`*:*`, AdministratorAccess,
 * cluster-admin, Owner). A machine identity with admin turns any leak of its
 * credential into a full takeover.
 */
import { attrBool, attrStrings, isProviderManaged, NHI_ATTRIBUTES } from '../attributes.js';
import { CIS, type CisRef } from '../benchmarks.js';
import { compareText } from '../order.js';
import { label, makeFinding, type NhiRuleMeta } from './helpers.js';
import type { NhiFinding, NhiRuleContext, NhiRuleIdentity } from './types.js';

/** The admin-privileges rule's fixed tags. */
export const ADMIN_PRIVILEGES: NhiRuleMeta = {
  id: 'nhi-admin-privileges',
  title: 'Wildcard or admin privileges on a non-human identity',
  owasp: ['NHI5:2025'],
  soc2: ['CC6.1', 'CC6.3'],
};

/** Grant names that mean full control, each with the words a finding uses for it. */
export const ADMIN_GRANT_PATTERNS: readonly { pattern: RegExp; grant: string }[] = [
  { pattern: /\*\s*:\s*\*/, grant: '*:*' },
  { pattern: /\bAdministratorAccess\b/i, grant: 'AdministratorAccess' },
  { pattern: /\bcluster-admin\b/i, grant: 'cluster-admin' },
  { pattern: /\broles\/owner\b/i, grant: 'roles/owner' },
  // Azure's role is "Owner"; lowercase "owner" is too common a word to mean the role.
  { pattern: /\bOwner\b/, grant: 'Owner' },
];

/** Active identities holding admin grants, or flagged privileged by their importer. */
export function findAdminPrivileges(ctx: NhiRuleContext): NhiFinding[] {
  return ctx.identities.flatMap((nhi) => {
    // The root user is all-powerful by design; its keys have their own rule.
    if (nhi.status !== 'active' || isProviderManaged(nhi) || attrBool(nhi, NHI_ATTRIBUTES.root) === true)
      return [];
    const grants = adminGrants(nhi);
    if (grants.length === 0 && !nhi.privileged) return [];
    const what = grants.length > 0 ? grants.join(', ') : (nhi.privilegeSummary ?? 'privileged access');
    return [
      makeFinding(ADMIN_PRIVILEGES, nhi, {
        severity: 'high',
        message: `Reduce ${label(nhi)} to the permissions it uses: it holds ${what}. Replace the admin grant with a scoped policy or role, or record an approved exception.`,
        cis: cisFor(nhi, grants),
        evidence: { grants, privileged: nhi.privileged, privilegeSummary: nhi.privilegeSummary },
      }),
    ];
  });
}

/** Admin grants by name, plus every source the importer found full admin through (`adminVia`). */
function adminGrants(nhi: NhiRuleIdentity): string[] {
  const via = attrStrings(nhi, NHI_ATTRIBUTES.adminVia);
  const texts = [nhi.privilegeSummary ?? '', ...via];
  const named = ADMIN_GRANT_PATTERNS.filter(({ pattern }) => texts.some((t) => pattern.test(t))).map(
    ({ grant }) => grant,
  );
  return [...new Set([...named, ...via])].sort(compareText);
}

function cisFor(nhi: NhiRuleIdentity, grants: string[]): readonly CisRef[] {
  // On AWS every `adminVia` source is `*` on `*`: that is what CIS v6.0.0 2.15 forbids.
  if (
    nhi.provider === 'aws' &&
    (grants.includes('*:*') ||
      attrStrings(nhi, NHI_ATTRIBUTES.adminVia).length > 0 ||
      grants.includes('AdministratorAccess'))
  ) {
    return CIS.awsNoStarStar;
  }
  if (nhi.provider === 'kubernetes' && grants.includes('cluster-admin')) return CIS.k8sClusterAdmin;
  return [];
}
