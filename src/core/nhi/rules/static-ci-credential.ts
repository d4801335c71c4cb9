/**
 * NHI6 Insecure Cloud Deployment Configurations: a CI pipeline holding static
 * cloud keys although the account already trusts an OIDC provider, so the
 * pipeline could get short-lived credentials with no stored secret at all.
 */
import { attrString, attrStringRecord, attrStrings, NHI_ATTRIBUTES } from '../attributes.js';
import { compareText } from '../order.js';
import { awsAccountOf, byExternalId, label, makeFinding, type NhiRuleMeta } from './helpers.js';
import type { NhiFinding, NhiRuleContext, NhiRuleIdentity } from './types.js';

/** The static-CI-credential rule's fixed tags. */
export const STATIC_CI_CREDENTIAL: NhiRuleMeta = {
  id: 'nhi-static-ci-credential',
  title: 'Static cloud keys used by CI where federation exists',
  owasp: ['NHI6:2025'],
  soc2: ['CC6.1'],
};

const CI_WORDS = new Set(['ci', 'cd', 'cicd', 'gha', 'jenkins', 'gitlab', 'circleci', 'buildkite', 'travis']);
const CI_PHRASES = ['github-actions', 'github_actions', 'githubactions', 'pipeline', 'deployer'];
const GITHUB_OIDC = 'token.actions.githubusercontent.com';
const AWS_KEY_SECRET = /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)$/i;

/** Whether a name, purpose or consumer tag says CI (`svc-ci-deployer`, `github-actions:org/repo`, `jenkins`). */
export function looksLikeCi(text: string | null): boolean {
  if (!text) return false;
  const lower = text.toLowerCase();
  return lower.split(/[^a-z0-9]+/).some((w) => CI_WORDS.has(w)) || CI_PHRASES.some((p) => lower.includes(p));
}

/**
 * IAM users for CI with static keys in an account that has an OIDC-federated
 * role, and GitHub Actions secrets holding AWS keys while a role trusts
 * GitHub's OIDC provider.
 */
export function findStaticCiCredentials(ctx: NhiRuleContext): NhiFinding[] {
  const index = byExternalId(ctx.identities);
  const live = [...index.values()].filter((n) => n.status === 'active');
  const oidcRoles = live.filter(
    (n) =>
      n.provider === 'aws' &&
      n.kind === 'role' &&
      (n.authMethod === 'oidc' || attrStrings(n, NHI_ATTRIBUTES.oidcProviders).length > 0),
  );
  const keysOf = new Map<string, NhiRuleIdentity[]>();
  for (const key of index.values()) {
    if (key.kind !== 'access-key' || key.parentExternalId === null) continue;
    keysOf.set(key.parentExternalId, [...(keysOf.get(key.parentExternalId) ?? []), key]);
  }
  const findings: NhiFinding[] = [];
  for (const user of live) {
    if (user.provider !== 'aws' || user.kind !== 'iam-user' || !isCi(user)) continue;
    const allKeys = keysOf.get(user.externalId) ?? [];
    const keys = allKeys.filter((k) => k.status === 'active');
    // Keys known and none active: nothing static to replace. No key records at all (an authorization-details
    // export) is not proof of no keys: a CI user exists to hold them, so it is judged on the same terms.
    if (keys.length === 0 && allKeys.length > 0) continue;
    if (user.authMethod !== 'static-key' && user.authMethod !== 'unknown') continue;
    const account = awsAccountOf(user);
    const roles = oidcRoles.filter((r) => account !== null && awsAccountOf(r) === account);
    if (roles.length === 0) continue;
    findings.push(finding(user, account, keys, roles));
  }
  const githubRoles = oidcRoles.filter((r) =>
    attrStrings(r, NHI_ATTRIBUTES.oidcProviders).some((p) => p.includes(GITHUB_OIDC)),
  );
  for (const secret of live) {
    if (secret.kind !== 'actions-secret' || !AWS_KEY_SECRET.test(secret.name.trim())) continue;
    if (githubRoles.length > 0) findings.push(finding(secret, null, [], githubRoles));
  }
  return findings;
}

function isCi(nhi: NhiRuleIdentity): boolean {
  return [nhi.name, nhi.purpose, consumerOf(nhi)].some(looksLikeCi);
}

// AWS tag keys are case-sensitive but people write `consumer` and `Consumer` alike.
function consumerOf(nhi: NhiRuleIdentity): string | null {
  const tags = attrStringRecord(nhi, NHI_ATTRIBUTES.tags);
  const tagged = Object.entries(tags).find(([k]) => k.toLowerCase() === 'consumer')?.[1];
  return attrString(nhi, NHI_ATTRIBUTES.consumer) ?? tagged ?? null;
}

function finding(
  nhi: NhiRuleIdentity,
  account: string | null,
  keys: NhiRuleIdentity[],
  roles: NhiRuleIdentity[],
): NhiFinding {
  const roleIds = roles.map((r) => r.externalId).sort(compareText);
  const where = account ? ` in account ${account}` : '';
  return makeFinding(STATIC_CI_CREDENTIAL, nhi, {
    severity: 'high',
    message: `Move the pipeline behind ${label(nhi)} to OIDC federation, then delete its static keys: the account already trusts an OIDC provider${where} (${roleIds[0]}${roleIds.length > 1 ? ` and ${roleIds.length - 1} more` : ''}).`,
    evidence: {
      account,
      activeKeys: keys.map((k) => k.externalId).sort(compareText),
      federatedRoles: roleIds,
      consumer: consumerOf(nhi),
    },
  });
}
