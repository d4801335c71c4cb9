import type { Actor } from '../../core/ledger/chain.js';
import { assertStrongPassword, hashPassword } from '../../platform/auth/password.js';
import { randomSecret, sha256Hex } from '../../platform/auth/secrets.js';
import { type AuthSettings, addMinutes } from '../../platform/auth/settings.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import { initializeInstallation } from '../installation/initialize.js';
import { listOrganizations } from '../organizations/organization.service.js';
import { findPersonByEmail } from '../people/person.repository.js';
import { markInstallationAdmin } from '../sso/sso.repository.js';
import { createUserRow, issueInviteToken } from './member.service.js';
import {
  expireSetupTokens,
  findSetupToken,
  insertSetupToken,
  revokeUserSessions,
  useSetupToken,
} from './session.repository.js';
import { type ClientInfo, type StartedSession, startSession } from './session.service.js';
import {
  countUsers,
  findMembershipOfUser,
  findUserByEmail,
  findUserById,
  insertMembership,
  setPasswordHash,
  setUserStatus,
  updateMembership,
} from './user.repository.js';
import type { User } from './user.schema.js';

const SETUP_ACTOR: Actor = { type: 'system', id: 'setup', label: 'setup-link' };

/** True while the installation has no user at all (first run). */
export async function needsFirstAdmin(database: Database): Promise<boolean> {
  return (await countUsers(database.db)) === 0;
}

/**
 * Issues the one-time link token that creates the first admin. Only while no
 * user exists; each call replaces the previous unused token.
 */
export async function issueFirstAdminToken(database: Database, settings: AuthSettings): Promise<string> {
  return write(database, { actor: SETUP_ACTOR, orgId: null }, async (w) => {
    const now = settings.now();
    await expireSetupTokens(w.tx, 'first-admin', null, now);
    const token = randomSecret(32);
    const id = newId();
    await insertSetupToken(w.tx, {
      id,
      token_hash: sha256Hex(token),
      purpose: 'first-admin',
      user_id: null,
      created_at: now,
      expires_at: addMinutes(now, settings.setupTokenHours * 60),
      used_at: null,
    });
    w.record({
      action: 'issue',
      recordType: 'setup-token',
      recordId: id,
      change: { purpose: 'first-admin' },
    });
    return token;
  });
}

/** Makes a user admin of every organization of the installation, linked to the roster entry with their e-mail. */
async function grantAdminEverywhere(w: Write, user: User, orgIds: string[]): Promise<void> {
  const now = nowIso();
  for (const orgId of orgIds) {
    const person = await findPersonByEmail(w.tx, orgId, user.email);
    const id = newId();
    await insertMembership(w.tx, {
      id,
      org_id: orgId,
      user_id: user.id,
      role: 'admin',
      person_id: person?.id ?? null,
      status: 'active',
      created_at: now,
      updated_at: now,
    });
    w.record({
      action: 'create',
      recordType: 'membership',
      recordId: id,
      change: { orgId, userId: user.id, email: user.email, role: 'admin', personId: person?.id ?? null },
    });
  }
}

/**
 * Redeems a one-time setup token: the first-admin token creates the admin
 * (of every organization; the first organization is created with the
 * starter library when there is none), an invitation token sets the invited
 * user's password. Either way the caller is signed in.
 */
export async function completeSetup(
  database: Database,
  input: {
    token: string;
    email?: string | undefined;
    name?: string | undefined;
    password: string;
    organizationName?: string | undefined;
  },
  client: ClientInfo,
  settings: AuthSettings,
): Promise<StartedSession> {
  const now = settings.now();
  const found = await findSetupToken(database.db, sha256Hex(input.token));
  if (!found || found.used_at !== null || now >= found.expires_at) {
    throw new AppError('unauthenticated', 'this setup link is invalid, used or expired');
  }
  if (found.purpose === 'first-admin') {
    if (!input.email || !input.name)
      throw new AppError('invalid_input', 'the first admin needs an e-mail and a name');
    assertStrongPassword(input.password, [input.email, input.name, input.organizationName]);
    const passwordHash = await hashPassword(input.password, settings.hashing);
    if (!(await needsFirstAdmin(database))) throw new AppError('conflict', 'an admin already exists');
    if ((await listOrganizations(database.db)).length === 0) {
      await initializeInstallation(database, SETUP_ACTOR, input.organizationName);
    }
    const orgIds = (await listOrganizations(database.db)).map((o) => o.id);
    const { email, name } = input;
    return write(database, { actor: SETUP_ACTOR, orgId: null }, async (w) => {
      if (!(await useSetupToken(w.tx, found.id, now)))
        throw new AppError('conflict', 'this setup link was just used');
      const user = await createUserRow(w, { email, name, passwordHash });
      await markInstallationAdmin(w.tx, user.id);
      await grantAdminEverywhere(w, user, orgIds);
      return startSession(w, { id: user.id, email: user.email, name: user.name }, client, settings);
    });
  }
  const user = found.user_id ? await findUserById(database.db, found.user_id) : undefined;
  if (!user || user.hasPassword) throw new AppError('conflict', 'this account already has a password');
  assertStrongPassword(input.password, [user.email, user.name]);
  const passwordHash = await hashPassword(input.password, settings.hashing);
  const actor: Actor = { type: 'user', id: user.id, label: user.email };
  return write(database, { actor, orgId: null }, async (w) => {
    if (!(await useSetupToken(w.tx, found.id, now)))
      throw new AppError('conflict', 'this setup link was just used');
    await setPasswordHash(w.tx, user.id, passwordHash, now);
    w.record({ action: 'set-password', recordType: 'user', recordId: user.id, change: null });
    return startSession(w, { id: user.id, email: user.email, name: user.name }, client, settings);
  });
}

/**
 * `auditready users create-admin`: a user who is admin of every
 * organization (or of the ones given). With a password they can sign in at
 * once; without one, the returned setup token lets them choose it.
 */
export async function createAdmin(
  database: Database,
  actor: Actor,
  input: { email: string; name: string; password?: string | undefined; orgIds: string[] },
  settings: AuthSettings,
): Promise<{ user: User; setupToken: string | null }> {
  if (await findUserByEmail(database.db, input.email)) {
    throw new AppError('conflict', `a user with e-mail ${input.email} already exists`);
  }
  if (input.orgIds.length === 0)
    throw new AppError('invalid_input', 'no organization yet: run `auditready init` first');
  if (input.password) assertStrongPassword(input.password, [input.email, input.name]);
  const passwordHash = input.password ? await hashPassword(input.password, settings.hashing) : null;
  return write(database, { actor, orgId: null }, async (w) => {
    const user = await createUserRow(w, { email: input.email, name: input.name, passwordHash });
    await markInstallationAdmin(w.tx, user.id);
    await grantAdminEverywhere(w, user, input.orgIds);
    const setupToken = passwordHash ? null : await issueInviteToken(w, user.id);
    return { user, setupToken };
  });
}

/**
 * `auditready orgs create --admin EMAIL` (an installation admin's power):
 * makes an existing account admin of the organization at once, or creates
 * the account without a password and returns its one-time setup token.
 */
export async function makeOrgAdmin(
  database: Database,
  actor: Actor,
  orgId: string,
  email: string,
): Promise<{ email: string; setupToken: string | null }> {
  return write(database, { actor, orgId: null }, async (w) => {
    const existing = await findUserByEmail(w.tx, email);
    const user = existing ?? (await createUserRow(w, { email, name: email.split('@')[0]! }));
    const membership = await findMembershipOfUser(w.tx, orgId, user.id);
    if (membership) {
      const now = nowIso();
      await updateMembership(w.tx, { ...membership, role: 'admin', status: 'active', updatedAt: now });
      w.record({
        action: 'update',
        recordType: 'membership',
        recordId: membership.id,
        change: {
          orgId,
          role: [membership.role, 'admin'],
          status: [membership.status, 'active'],
          ...(membership.engagementId ? { engagementId: [membership.engagementId, null] } : {}),
        },
      });
    } else await grantAdminEverywhere(w, user, [orgId]);
    const setupToken = user.hasPassword ? null : await issueInviteToken(w, user.id);
    return { email: user.email, setupToken };
  });
}

/**
 * `auditready users disable EMAIL` (an installation admin's power): the
 * account can no longer sign in anywhere, and every session it has is
 * revoked. Organization admins only disable their own organization's
 * membership.
 */
export async function disableUser(database: Database, actor: Actor, email: string, now: string) {
  return write(database, { actor, orgId: null }, async (w) => {
    const user = await findUserByEmail(w.tx, email);
    if (!user) throw new AppError('not_found', `no user with e-mail ${email}`);
    if (user.status === 'disabled') return { email: user.email, sessionsRevoked: 0 };
    await setUserStatus(w.tx, user.id, 'disabled', now);
    const revoked = await revokeUserSessions(w.tx, user.id, now, 'user-disabled');
    w.record({
      action: 'disable',
      recordType: 'user',
      recordId: user.id,
      change: { status: ['active', 'disabled'], sessionsRevoked: revoked.length },
    });
    return { email: user.email, sessionsRevoked: revoked.length };
  });
}
