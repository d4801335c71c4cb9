/**
 * Pure rules of OpenID Connect sign-in (docs/decisions/0015): which claims
 * an ID token must carry for auditready to trust an e-mail, how a group
 * claim maps to a role, and what a sign-in does with the identity it found.
 * No I/O: the claims arrive already validated (signature, issuer, audience,
 * expiry, nonce) by openid-client.
 */

/** The roles an SSO mapping can grant (the auditor role is engagement-scoped and never granted by a group). */
export const SSO_ROLES = ['admin', 'compliance-lead', 'contributor', 'viewer'] as const;
/** One of {@link SSO_ROLES}. */
export type SsoRole = (typeof SSO_ROLES)[number];

/** One row of a mapping table: members of `group` get `role`. */
export interface RoleMappingRow {
  group: string;
  role: SsoRole;
}

/** Higher index: more privilege. */
const RANK: Record<SsoRole, number> = { viewer: 0, contributor: 1, 'compliance-lead': 2, admin: 3 };

/**
 * The groups a claim carries: an array of strings, or one string (some
 * providers send a single group as a string). Anything else carries none.
 */
export function groupsOf(claims: Record<string, unknown>, claim: string | null): string[] {
  if (claim === null) return [];
  const value = claims[claim];
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * The role a person gets from their groups: the most privileged role any of
 * their groups maps to, or the default role when none of them is mapped.
 * Applied at every sign-in, so a group change changes the role next time.
 */
export function roleFor(
  groups: readonly string[],
  mapping: readonly RoleMappingRow[],
  fallback: SsoRole,
): SsoRole {
  let best: SsoRole | null = null;
  const held = new Set(groups);
  for (const row of mapping) {
    if (!held.has(row.group)) continue;
    if (best === null || RANK[row.role] > RANK[best]) best = row.role;
  }
  return best ?? fallback;
}

/** Why claims were refused, in words a person can act on. */
export type ClaimRefusal = 'email-missing' | 'email-unverified';

/**
 * The e-mail of validated claims, lower-cased, only when the provider says
 * it verified it (`email_verified` true; the string "true" some providers
 * send counts). An unverified e-mail is never trusted: it could belong to
 * anyone who typed it at the provider.
 */
export function verifiedEmail(
  claims: Record<string, unknown>,
): { ok: true; email: string } | { ok: false; reason: ClaimRefusal } {
  const email = claims.email;
  if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email))
    return { ok: false, reason: 'email-missing' };
  const verified = claims.email_verified;
  if (verified !== true && verified !== 'true') return { ok: false, reason: 'email-unverified' };
  return { ok: true, email: email.trim().toLowerCase() };
}

/** What auditready knows about the person behind a validated identity. */
export interface SignInFacts {
  /** The user the identity (issuer + subject) is already linked to, if any. */
  linkedUser: { id: string; status: string } | null;
  /** The user whose e-mail equals the verified e-mail, if any. */
  emailUser: { id: string; status: string; hasPassword: boolean } | null;
  /** The membership in the organization of the SSO configuration of the user found, if any. */
  membership: { status: string } | null;
}

/** What a sign-in does. */
export type SignInOutcome =
  | { kind: 'sign-in'; userId: string }
  | { kind: 'link-and-sign-in'; userId: string }
  | { kind: 'provision-user' }
  | { kind: 'join-org'; userId: string }
  | { kind: 'pending-link'; userId: string }
  | { kind: 'refuse'; reason: 'user-disabled' | 'member-removed' };

/**
 * Decides a sign-in from the facts:
 * - a linked identity signs its user in (a removed or disabled member is refused; a
 *   linked user who is no member yet joins through provisioning);
 * - an unlinked identity whose e-mail belongs to an account with a password is only
 *   held as a pending link: the person proves the account is theirs with the password
 *   first, so nobody takes an account over through an e-mail claim;
 * - an unlinked identity whose e-mail belongs to an account without a password
 *   (never set up, or created by SSO elsewhere) is linked at once: there is nothing to take over;
 * - otherwise a new user is provisioned.
 */
export function decideSignIn(facts: SignInFacts): SignInOutcome {
  const user = facts.linkedUser ?? facts.emailUser;
  if (user && user.status !== 'active') return { kind: 'refuse', reason: 'user-disabled' };
  if (facts.membership && facts.membership.status !== 'active')
    return { kind: 'refuse', reason: 'member-removed' };
  if (facts.linkedUser) {
    return facts.membership
      ? { kind: 'sign-in', userId: facts.linkedUser.id }
      : { kind: 'join-org', userId: facts.linkedUser.id };
  }
  if (facts.emailUser) {
    if (facts.emailUser.hasPassword) return { kind: 'pending-link', userId: facts.emailUser.id };
    return { kind: 'link-and-sign-in', userId: facts.emailUser.id };
  }
  return { kind: 'provision-user' };
}
