import * as oidc from 'openid-client';
import { throttleKeys } from '../../core/auth/sign-in-throttle.js';
import {
  decideSignIn,
  groupsOf,
  type RoleMappingRow,
  roleFor,
  type SsoRole,
  verifiedEmail,
} from '../../core/auth/sso-rules.js';
import { verifyPassword } from '../../platform/auth/password.js';
import type { UserPrincipal } from '../../platform/auth/principal.js';
import type { SecretBox } from '../../platform/auth/secret-box.js';
import { randomSecret, sha256Hex } from '../../platform/auth/secrets.js';
import { type AuthSettings, addMinutes } from '../../platform/auth/settings.js';
import type { Database } from '../../platform/db/database.js';
import { unledgered } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import { findOrganization } from '../organizations/organization.repository.js';
import { createUserRow, personOf } from '../users/member.service.js';
import { revokeSession } from '../users/session.repository.js';
import {
  admitAttempt,
  type ClientInfo,
  type StartedSession,
  startSession,
} from '../users/session.service.js';
import { clearThrottleKey } from '../users/throttle.repository.js';
import {
  countActiveAdmins,
  findMembershipOfUser,
  findUserByEmail,
  findUserById,
  insertMembership,
  updateMembership,
} from '../users/user.repository.js';
import {
  consumeLogin,
  consumePendingLink,
  findIdentity,
  findLoginByState,
  findPendingLink,
  findSsoConfig,
  findSsoSession,
  insertIdentity,
  insertLogin,
  insertPendingLink,
  insertSsoSession,
  touchIdentity,
} from './sso.repository.js';
import { describeError, discover } from './sso-config.service.js';
import { recordRefusal, refusalOf, SSO_ACTOR, SsoRefusal } from './sso-refusal.js';

export { SsoRefusal, type SsoRefusalReason } from './sso-refusal.js';

/** How long a started sign-in may take at the provider. */
export const LOGIN_MINUTES = 10;
/** How long a pending link waits for the password. */
export const PENDING_LINK_MINUTES = 15;

/** A started sign-in: where to send the browser, and the cookie that binds the answer to this browser. */
export interface StartedSsoLogin {
  authorizationUrl: string;
  browserToken: string;
}

/**
 * Starts an SSO sign-in for the organization named by slug or id: PKCE
 * (S256), state and nonce, kept for {@link LOGIN_MINUTES} and bound to the
 * browser by a random token (its cookie); the state stored only as its hash.
 */
export async function startSsoLogin(
  database: Database,
  orgRef: string,
  redirectUri: string,
  box: SecretBox | null,
  client: ClientInfo,
  settings: AuthSettings,
): Promise<StartedSsoLogin> {
  const org = await findOrganization(database.db, orgRef);
  const row = org ? await findSsoConfig(database.db, org.id) : undefined;
  if (!org || !row || row.enabled !== 1) {
    const refusal = new SsoRefusal('not-configured', orgRef.slice(0, 100));
    await recordRefusal(database, org?.id ?? null, refusal, client);
    throw refusal;
  }
  const now = settings.now();
  let config: oidc.Configuration;
  try {
    config = await discover(row, box, now);
  } catch (err) {
    const refusal = new SsoRefusal('provider-unreachable', describeError(err));
    await recordRefusal(database, org.id, refusal, client);
    throw refusal;
  }
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const verifier = oidc.randomPKCECodeVerifier();
  const browserToken = randomSecret(32);
  // The login's state is bookkeeping of the flow, not activity: written outside the ledger, by name.
  await insertLogin(
    unledgered(database),
    {
      id: newId(),
      state_hash: sha256Hex(state),
      browser_hash: sha256Hex(browserToken),
      org_id: org.id,
      nonce,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      created_at: now,
      expires_at: addMinutes(now, LOGIN_MINUTES),
      used_at: null,
    },
    addMinutes(now, -24 * 60),
  );
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: row.scopes,
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { authorizationUrl: url.href, browserToken };
}

/** The outcome of a completed SSO callback: signed in, or a pending link waiting for the password. */
export type SsoCallbackOutcome =
  | { kind: 'signed-in'; session: StartedSession }
  | { kind: 'pending-link'; linkToken: string; email: string; orgSlug: string };

/** Validated facts from the provider. */
interface ProviderIdentity {
  issuer: string;
  subject: string;
  email: string;
  name: string;
  groups: string[];
}

/**
 * Completes an SSO sign-in from the provider's redirect: the state must name
 * a sign-in started in this browser, unexpired and unused (it is used now,
 * whatever follows); openid-client then exchanges the code with the PKCE
 * verifier and validates the ID token (signature from the provider's JWKS,
 * fetched at every sign-in so a rotated key validates; issuer; audience;
 * expiry against our clock; nonce). The e-mail counts only when verified.
 * Every refusal is recorded on the organization's chain.
 */
export async function completeSsoLogin(
  database: Database,
  input: { callbackUrl: URL; browserToken: string | undefined },
  box: SecretBox | null,
  client: ClientInfo,
  settings: AuthSettings,
): Promise<SsoCallbackOutcome> {
  const now = settings.now();
  const state = input.callbackUrl.searchParams.get('state');
  const login = state ? await findLoginByState(database.db, sha256Hex(state)) : undefined;
  let refusal: SsoRefusal | null = null;
  if (!login) refusal = new SsoRefusal('wrong-state');
  else if (login.used_at !== null) refusal = new SsoRefusal('replayed');
  else if (!input.browserToken || sha256Hex(input.browserToken) !== login.browser_hash)
    refusal = new SsoRefusal('wrong-browser');
  else if (now >= login.expires_at) refusal = new SsoRefusal('expired-login');
  if (refusal || !login) {
    await recordRefusal(database, login?.org_id ?? null, refusal!, client);
    throw refusal;
  }
  // Used once, before anything else: a replayed answer finds it used.
  if (!(await consumeLogin(unledgered(database), login.id, now))) {
    const replay = new SsoRefusal('replayed');
    await recordRefusal(database, login.org_id, replay, client);
    throw replay;
  }
  const row = await findSsoConfig(database.db, login.org_id);
  const org = await findOrganization(database.db, login.org_id);
  if (!org || row?.enabled !== 1) {
    const off = new SsoRefusal('not-configured');
    await recordRefusal(database, login.org_id, off, client);
    throw off;
  }

  let identity: ProviderIdentity;
  try {
    const config = await discover(row, box, now);
    const tokens = await oidc.authorizationCodeGrant(config, input.callbackUrl, {
      pkceCodeVerifier: login.code_verifier,
      expectedState: state!,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new SsoRefusal('invalid-response', 'no ID token');
    let claims: Record<string, unknown> = { ...idClaims };
    const meta = config.serverMetadata();
    const needsUserInfo =
      claims.email === undefined || (row.group_claim !== null && claims[row.group_claim] === undefined);
    if (needsUserInfo && meta.userinfo_endpoint) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...info, ...claims };
    }
    const email = verifiedEmail(claims);
    if (!email.ok) throw new SsoRefusal(email.reason, typeof claims.email === 'string' ? claims.email : null);
    identity = {
      issuer: idClaims.iss,
      subject: idClaims.sub,
      email: email.email,
      name:
        typeof claims.name === 'string' && claims.name.trim()
          ? claims.name.trim().slice(0, 200)
          : email.email.split('@')[0]!,
      groups: groupsOf(claims, row.group_claim),
    };
  } catch (err) {
    const refused = err instanceof SsoRefusal ? err : refusalOf(err);
    await recordRefusal(database, login.org_id, refused, client);
    throw refused;
  }

  const linked = await findIdentity(database.db, identity.issuer, identity.subject);
  const emailUser = linked ? undefined : await findUserByEmail(database.db, identity.email);
  const userId = linked?.user_id ?? emailUser?.id ?? null;
  const membership = userId ? await findMembershipOfUser(database.db, org.id, userId) : undefined;
  const outcome = decideSignIn({
    linkedUser: linked ? { id: linked.user_id, status: linked.status } : null,
    emailUser: emailUser
      ? { id: emailUser.id, status: emailUser.status, hasPassword: emailUser.passwordHash !== null }
      : null,
    membership: membership ? { status: membership.status } : null,
  });
  if (outcome.kind === 'refuse') {
    const refused = new SsoRefusal(outcome.reason, identity.email);
    await recordRefusal(database, org.id, refused, client, { userId });
    throw refused;
  }
  const role = roleFor(
    identity.groups,
    JSON.parse(row.role_mapping) as RoleMappingRow[],
    row.default_role as SsoRole,
  );

  if (outcome.kind === 'pending-link') {
    const linkToken = randomSecret(32);
    await write(database, { actor: SSO_ACTOR, orgId: org.id }, async (w) => {
      const id = newId();
      await insertPendingLink(w.tx, {
        id,
        token_hash: sha256Hex(linkToken),
        org_id: org.id,
        user_id: outcome.userId,
        issuer: identity.issuer,
        subject: identity.subject,
        email: identity.email,
        groups: JSON.stringify(identity.groups),
        created_at: now,
        expires_at: addMinutes(now, PENDING_LINK_MINUTES),
        used_at: null,
      });
      w.record({
        action: 'sso-link-pending',
        recordType: 'sso-identity',
        recordId: id,
        change: { userId: outcome.userId, issuer: identity.issuer, subject: identity.subject, ip: client.ip },
      });
    });
    return { kind: 'pending-link', linkToken, email: identity.email, orgSlug: org.slug };
  }

  const session = await write(database, { actor: SSO_ACTOR, orgId: org.id }, async (w) => {
    let user: { id: string; email: string; name: string };
    let identityId: string;
    if (linked) {
      user = { id: linked.user_id, email: linked.email, name: linked.name };
      identityId = linked.id;
    } else {
      user =
        outcome.kind === 'provision-user'
          ? await createUserRow(w, { email: identity.email, name: identity.name })
          : { id: emailUser!.id, email: emailUser!.email, name: emailUser!.name };
      identityId = await linkIdentity(w, user.id, identity, now);
    }
    await touchIdentity(w.tx, identityId, now, identity.email);
    await applyRole(w, org.id, user, role, identity.groups, now);
    const started = await startSession(w, user, client, settings);
    await insertSsoSession(w.tx, {
      session_id: started.sessionId,
      org_id: org.id,
      identity_id: identityId,
      created_at: now,
    });
    return started;
  });
  return { kind: 'signed-in', session };
}

async function linkIdentity(
  w: Write,
  userId: string,
  identity: ProviderIdentity,
  now: string,
): Promise<string> {
  const id = newId();
  await insertIdentity(w.tx, {
    id,
    issuer: identity.issuer,
    subject: identity.subject,
    user_id: userId,
    email: identity.email,
    created_at: now,
    last_sign_in_at: null,
  });
  w.record({
    action: 'link',
    recordType: 'sso-identity',
    recordId: id,
    change: { userId, issuer: identity.issuer, subject: identity.subject },
  });
  return id;
}

/**
 * Gives the user the role their groups map to in the organization: a
 * membership is created (just-in-time provisioning) or its role changed.
 * The organization's last active admin keeps the role (recorded), so a
 * group change at the provider cannot leave it without an admin.
 */
async function applyRole(
  w: Write,
  orgId: string,
  user: { id: string; email: string },
  role: SsoRole,
  groups: string[],
  now: string,
): Promise<void> {
  const membership = await findMembershipOfUser(w.tx, orgId, user.id);
  if (!membership) {
    const id = newId();
    const personId = await personOf(w.tx, orgId, undefined, user.email);
    await insertMembership(w.tx, {
      id,
      org_id: orgId,
      user_id: user.id,
      role,
      person_id: personId,
      status: 'active',
      created_at: now,
      updated_at: now,
    });
    w.record({
      action: 'create',
      recordType: 'membership',
      recordId: id,
      change: { orgId, userId: user.id, email: user.email, role, personId, source: 'sso', groups },
    });
    return;
  }
  if (membership.role === role) return;
  if (membership.role === 'auditor') {
    // An auditor is scoped to one engagement by an invitation; a group mapping never widens that.
    w.record({
      action: 'sso-role-kept',
      recordType: 'membership',
      recordId: membership.id,
      change: { role: membership.role, mapped: role, reason: 'engagement-scoped auditor', groups },
    });
    return;
  }
  if (membership.role === 'admin' && (await countActiveAdmins(w.tx, orgId)) <= 1) {
    w.record({
      action: 'sso-role-kept',
      recordType: 'membership',
      recordId: membership.id,
      change: { role: membership.role, mapped: role, reason: 'last active admin', groups },
    });
    return;
  }
  await updateMembership(w.tx, { ...membership, role, updatedAt: now });
  w.record({
    action: 'update',
    recordType: 'membership',
    recordId: membership.id,
    change: { role: [membership.role, role], source: 'sso', groups },
  });
}

/**
 * Links a pending identity to its account once the person proves the
 * account with its password (through the sign-in throttle), then signs them
 * in through SSO. The pending link is bound to the browser that received it.
 */
export async function confirmSsoLink(
  database: Database,
  input: { linkToken: string | undefined; password: string },
  client: ClientInfo,
  settings: AuthSettings,
): Promise<StartedSession> {
  const now = settings.now();
  const pending = input.linkToken
    ? await findPendingLink(database.db, sha256Hex(input.linkToken))
    : undefined;
  if (!pending || pending.used_at !== null || now >= pending.expires_at) {
    throw new AppError(
      'unauthenticated',
      'no pending single sign-on link in this browser (or it expired); sign in with SSO again',
    );
  }
  const user = await findUserById(database.db, pending.user_id);
  if (!user) throw new AppError('unauthenticated', 'the account of this link no longer exists');
  await admitAttempt(database, user.email, client, settings);
  const ok =
    user.passwordHash !== null &&
    (await verifyPassword(user.passwordHash, input.password)) &&
    user.status === 'active';
  const actor = { type: 'user' as const, id: user.id, label: user.email };
  const session = await write(database, { actor, orgId: pending.org_id }, async (w) => {
    if (!ok) {
      w.record({
        action: 'sign-in-failed',
        recordType: 'user',
        recordId: user.id,
        change: { email: user.email, ip: client.ip, reason: 'sso-link-wrong-password' },
      });
      return null;
    }
    if (!(await consumePendingLink(w.tx, pending.id, now)))
      throw new AppError('unauthenticated', 'this link was just used');
    await clearThrottleKey(w.tx, throttleKeys(user.email, client.ip).account);
    const groups = JSON.parse(pending.groups) as string[];
    const identityId = await linkIdentity(
      w,
      user.id,
      { issuer: pending.issuer, subject: pending.subject, email: pending.email, name: user.name, groups },
      now,
    );
    await touchIdentity(w.tx, identityId, now, pending.email);
    const row = await findSsoConfig(w.tx, pending.org_id);
    const role = row
      ? roleFor(groups, JSON.parse(row.role_mapping) as RoleMappingRow[], row.default_role as SsoRole)
      : 'viewer';
    await applyRole(w, pending.org_id, user, role, groups, now);
    const started = await startSession(
      w,
      { id: user.id, email: user.email, name: user.name },
      client,
      settings,
    );
    await insertSsoSession(w.tx, {
      session_id: started.sessionId,
      org_id: pending.org_id,
      identity_id: identityId,
      created_at: now,
    });
    return started;
  });
  if (!session) throw new AppError('unauthenticated', 'wrong password');
  return session;
}

/**
 * Ends the caller's session and, when SSO started it and the provider
 * advertises `end_session_endpoint`, offers the provider's logout URL
 * (RP-initiated logout) with the organization's client id and where to come back.
 */
export async function ssoSignOut(
  database: Database,
  principal: UserPrincipal,
  postLogoutRedirectUri: string,
  box: SecretBox | null,
  settings: AuthSettings,
): Promise<{ endSessionUrl: string | null }> {
  const now = settings.now();
  const actor = { type: 'user' as const, id: principal.userId, label: principal.email };
  await write(database, { actor, orgId: null }, async (w) => {
    if (await revokeSession(w.tx, principal.sessionId, now, 'sign-out')) {
      w.record({ action: 'sign-out', recordType: 'session', recordId: principal.sessionId, change: null });
    }
  });
  const sso = await findSsoSession(database.db, principal.sessionId);
  const row = sso ? await findSsoConfig(database.db, sso.org_id) : undefined;
  if (!row) return { endSessionUrl: null };
  try {
    const config = await discover(row, box, now);
    if (!config.serverMetadata().end_session_endpoint) return { endSessionUrl: null };
    const url = oidc.buildEndSessionUrl(config, {
      client_id: row.client_id,
      post_logout_redirect_uri: postLogoutRedirectUri,
    });
    return { endSessionUrl: url.href };
  } catch {
    // The auditready session is over either way; an unreachable provider only loses the offer.
    return { endSessionUrl: null };
  }
}
