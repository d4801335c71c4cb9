import { z } from 'zod';
import {
  checkThrottle,
  countAttempt,
  type ThrottlePolicy,
  throttleKeys,
} from '../../core/auth/sign-in-throttle.js';
import {
  assertStrongPassword,
  burnPasswordCheck,
  hashPassword,
  verifyPassword,
} from '../../platform/auth/password.js';
import { capabilitiesOf, capabilitiesSchema } from '../../platform/auth/policy.js';
import type { UserPrincipal } from '../../platform/auth/principal.js';
import { randomSecret, sha256Hex } from '../../platform/auth/secrets.js';
import { type AuthSettings, addMinutes } from '../../platform/auth/settings.js';
import type { Database } from '../../platform/db/database.js';
import { unledgered, withTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import { ssoRequiredOrgsOf } from '../sso/sso.repository.js';
import {
  findSessionByHash,
  insertSession,
  revokeSession,
  revokeUserSessions,
  touchSession,
} from './session.repository.js';
import {
  clearThrottleKey,
  lockThrottleRows,
  pruneThrottle,
  saveThrottleState,
} from './throttle.repository.js';
import { findUserByEmail, findUserById, listOrgMemberships, setPasswordHash } from './user.repository.js';
import { orgMembershipSchema } from './user.schema.js';

/** Where a request comes from, for sign-in limits and the activity log. */
export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

/** A user as a session shows it. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/** A new session: the cookie value (shown once), its CSRF token and its user. */
export interface StartedSession {
  sessionId: string;
  user: SessionUser;
  token: string;
  csrfToken: string;
  expiresAt: string;
}

/** How often `last_seen_at` is refreshed: idle timeouts are exact to this much. */
const TOUCH_EVERY_MS = 60_000;

/** Creates a session for a user inside the caller's write; the token exists only in the return value. */
export async function startSession(
  w: Write,
  user: SessionUser,
  client: ClientInfo,
  settings: AuthSettings,
): Promise<StartedSession> {
  const now = settings.now();
  const token = randomSecret(32);
  const csrfToken = randomSecret(32);
  const session = {
    id: newId(),
    user_id: user.id,
    token_hash: sha256Hex(token),
    csrf_token: csrfToken,
    created_at: now,
    last_seen_at: now,
    expires_at: addMinutes(now, settings.absoluteHours * 60),
    revoked_at: null,
    revoked_reason: null,
    ip: client.ip,
    user_agent: client.userAgent?.slice(0, 300) ?? null,
  };
  await insertSession(w.tx, session);
  w.record({
    action: 'sign-in',
    recordType: 'session',
    recordId: session.id,
    change: { userId: user.id, ip: client.ip, expiresAt: session.expires_at },
  });
  return { sessionId: session.id, user, token, csrfToken, expiresAt: session.expires_at };
}

/** The throttle policies of one attempt's keys (account at an address; the address). */
function throttlePolicies(settings: AuthSettings): { account: ThrottlePolicy; address: ThrottlePolicy } {
  const { perAccount, perIp, windowMinutes, baseDelaySeconds, maxDelaySeconds } = settings.limits;
  const common = { windowMinutes, baseDelaySeconds, maxDelaySeconds };
  return { account: { ...common, free: perAccount }, address: { ...common, free: perIp } };
}

/**
 * Checks and counts one sign-in attempt in one transaction (rows locked,
 * shared by every process through the database): refused with 429 and
 * Retry-After while the account at this address, or the address, is
 * delayed; otherwise counted as a failure before the password is even
 * verified, so parallel guesses can never evaluate more than the limit.
 * Throttle counters are bookkeeping, like `last_seen_at`: not activity.
 */
export async function admitAttempt(
  database: Database,
  email: string,
  client: ClientInfo,
  settings: AuthSettings,
): Promise<void> {
  const now = settings.now();
  const keys = throttleKeys(email, client.ip);
  const policies = throttlePolicies(settings);
  const refused = await withTransaction(database, async (tx) => {
    await pruneThrottle(tx, addMinutes(now, -24 * 60), now);
    const states = await lockThrottleRows(
      tx,
      [keys.account, keys.address],
      now,
      database.dialect === 'postgres',
    );
    const checks = [
      checkThrottle(states.get(keys.account) ?? null, now, policies.account),
      checkThrottle(states.get(keys.address) ?? null, now, policies.address),
    ];
    const waits = checks.flatMap((c) => (c.allowed ? [] : [c.retryAfterSeconds]));
    if (waits.length > 0) return Math.max(...waits);
    await saveThrottleState(
      tx,
      keys.account,
      countAttempt(states.get(keys.account) ?? null, now, policies.account),
    );
    await saveThrottleState(
      tx,
      keys.address,
      countAttempt(states.get(keys.address) ?? null, now, policies.address),
    );
    return null;
  });
  if (refused !== null) {
    throw new AppError('rate_limited', `too many failed sign-in attempts; try again in ${refused} s`, {
      retryAfterSeconds: refused,
    });
  }
}

/**
 * Signs a user in with e-mail and password. Each attempt is admitted by
 * the throttle first (docs/decisions/0009: counted per account at the
 * client's address and per address, with growing delays, never a lock-out
 * of the account everywhere); every failure and success is recorded on the
 * installation chain. Unknown e-mail, wrong password and a disabled user
 * all get the same answer, in the same time. A success forgets the
 * failures of the account at that address (not those of the address).
 */
export async function signIn(
  database: Database,
  input: { email: string; password: string },
  client: ClientInfo,
  settings: AuthSettings,
): Promise<StartedSession> {
  await admitAttempt(database, input.email, client, settings);
  const user = await findUserByEmail(database.db, input.email);
  let reason: string | null = null;
  if (!user?.passwordHash) {
    await burnPasswordCheck(input.password, settings.hashing);
    reason = user ? 'no-password-yet' : 'unknown-user';
  } else if (!(await verifyPassword(user.passwordHash, input.password))) reason = 'wrong-password';
  else if (user.status !== 'active') reason = 'disabled';
  // Checked only once the password is right, so it tells nothing to someone guessing.
  const ssoOrgs = reason === null && user ? await ssoRequiredOrgsOf(database.db, user.id) : [];
  if (ssoOrgs.length > 0) reason = 'sso-required';

  const actor = user
    ? { type: 'user' as const, id: user.id, label: user.email }
    : { type: 'system' as const, id: 'sign-in', label: 'anonymous' };
  return write(database, { actor, orgId: null }, async (w) => {
    if (reason !== null || !user) {
      w.record({
        action: 'sign-in-failed',
        recordType: 'user',
        recordId: user?.id ?? input.email,
        change: {
          email: input.email,
          ip: client.ip,
          reason,
          ...(ssoOrgs.length > 0 ? { orgs: ssoOrgs } : {}),
        },
      });
      return null;
    }
    await clearThrottleKey(w.tx, throttleKeys(input.email, client.ip).account);
    return startSession(w, { id: user.id, email: user.email, name: user.name }, client, settings);
  }).then((session) => {
    // The failure is committed (and was counted before the check) when it is reported.
    if (!session && ssoOrgs.length > 0) {
      throw new AppError(
        'unauthenticated',
        `${ssoOrgs.join(', ')} requires single sign-on: use "Sign in with SSO" (passwords are refused for its members)`,
      );
    }
    if (!session) throw new AppError('unauthenticated', 'wrong e-mail or password');
    return session;
  });
}

/**
 * The user behind a session cookie, or null when the session is unknown,
 * revoked, past its absolute expiry, idle too long, or its user is disabled.
 */
export async function authenticateSession(
  database: Database,
  token: string,
  settings: AuthSettings,
): Promise<UserPrincipal | null> {
  const session = await findSessionByHash(database.db, sha256Hex(token));
  if (!session || session.revokedAt !== null || session.userStatus !== 'active') return null;
  const now = settings.now();
  if (now >= session.expiresAt) return null;
  if (now >= addMinutes(session.lastSeenAt, settings.idleMinutes)) return null;
  if (Date.parse(now) - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) {
    await touchSession(unledgered(database), session.id, now);
  }
  return {
    kind: 'user',
    userId: session.userId,
    email: session.email,
    name: session.name,
    sessionId: session.id,
    csrfToken: session.csrfToken,
  };
}

/** Ends the caller's session. */
export async function signOut(database: Database, principal: UserPrincipal, settings: AuthSettings) {
  const actor = { type: 'user' as const, id: principal.userId, label: principal.email };
  await write(database, { actor, orgId: null }, async (w) => {
    if (await revokeSession(w.tx, principal.sessionId, settings.now(), 'sign-out')) {
      w.record({ action: 'sign-out', recordType: 'session', recordId: principal.sessionId, change: null });
    }
  });
}

/**
 * Changes the caller's password after checking the current one, revokes
 * every session of the user (other browsers included) and starts a new one
 * for the caller.
 */
export async function changePassword(
  database: Database,
  principal: UserPrincipal,
  input: { currentPassword: string; newPassword: string },
  client: ClientInfo,
  settings: AuthSettings,
): Promise<StartedSession> {
  const user = await findUserById(database.db, principal.userId);
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('forbidden', 'the current password is wrong');
  }
  if (input.newPassword === input.currentPassword) {
    throw new AppError('invalid_input', 'the new password must differ from the current one');
  }
  assertStrongPassword(input.newPassword, [user.email, user.name]);
  const hash = await hashPassword(input.newPassword, settings.hashing);
  const actor = { type: 'user' as const, id: user.id, label: user.email };
  return write(database, { actor, orgId: null }, async (w) => {
    const now = settings.now();
    await setPasswordHash(w.tx, user.id, hash, now);
    const revoked = await revokeUserSessions(w.tx, user.id, now, 'password-changed');
    w.record({
      action: 'change-password',
      recordType: 'user',
      recordId: user.id,
      change: { sessionsRevoked: revoked.length },
    });
    return startSession(w, { id: user.id, email: user.email, name: user.name }, client, settings);
  });
}

/** The answer of `GET /auth/session` and of every route that starts a session. */
export const sessionViewSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }).nullable(),
  memberships: z.array(
    // `can`: what the role may do here, read from the policy table (the web hides what the guard would refuse).
    orgMembershipSchema.extend({ can: capabilitiesSchema }),
  ),
  csrfToken: z.string().nullable(),
  expiresAt: z.string().nullable(),
});

/** What `GET /auth/session` and every sign-in answer: the user, their organizations and the CSRF token. */
export async function describeSession(
  database: Database,
  user: SessionUser,
  csrfToken: string,
  expiresAt: string | null,
) {
  const memberships = await listOrgMemberships(database.db, user.id);
  return {
    user,
    memberships: memberships.map((m) => ({ ...m, can: capabilitiesOf(m.role) })),
    csrfToken,
    expiresAt,
  };
}
