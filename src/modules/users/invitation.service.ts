import type { Actor } from '../../core/ledger/chain.js';
import { assertStrongPassword, hashPassword } from '../../platform/auth/password.js';
import type { Role } from '../../platform/auth/policy.js';
import type { UserPrincipal } from '../../platform/auth/principal.js';
import { randomSecret, sha256Hex } from '../../platform/auth/secrets.js';
import { type AuthSettings, addMinutes } from '../../platform/auth/settings.js';
import type { Database } from '../../platform/db/database.js';
import type { Tx } from '../../platform/db/transaction.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import { findOrganization } from '../organizations/organization.repository.js';
import {
  answerInvitation,
  countMembershipsOfUser,
  findInvitation,
  findInvitationByHash,
  findInvitationById,
  insertInvitation,
  invitationsForEmail,
  pagePendingInvitations,
  pendingInvitationsOf,
} from './invitation.repository.js';
import type { Invitation } from './invitation.schema.js';
import { createUserRow, engagementOfRole, personOf } from './member.service.js';
import { type ClientInfo, type StartedSession, startSession } from './session.service.js';
import {
  findMembershipOfUser,
  findUserByEmail,
  insertMembership,
  setPasswordHash,
  updateMembership,
} from './user.repository.js';

/** How long an invitation link stays valid. */
export const INVITATION_HOURS = 72;

/** What the inviting admin gets back: the same shape whether the e-mail has an account or not. */
export interface IssuedInvitation {
  invitation: Invitation;
  /** The one-time secret of the invitation link (shown once; only its SHA-256 is stored). */
  inviteToken: string;
}

const INVALID_LINK = 'this invitation link is invalid, used, revoked or expired';

/**
 * Invites an e-mail address to an organization with a role
 * (docs/decisions/0009). Nothing about an account with that e-mail is read
 * or told: the answer is the same for a new address and for an existing
 * account, and only an invitation is written. An earlier pending
 * invitation of the same address is revoked (its link stops working). The
 * only refusal that depends on the address is "already a member of this
 * organization", which the admin can read in the member list anyway.
 */
export async function inviteMember(
  database: Database,
  actor: Actor,
  orgId: string,
  input: {
    email: string;
    name: string;
    role: Role;
    personId?: string | null | undefined;
    engagementId?: string | null | undefined;
  },
  now: string,
): Promise<IssuedInvitation> {
  return write(database, { actor, orgId }, async (w) => {
    const engagementId = await engagementOfRole(w.tx, orgId, input.role, input.engagementId);
    const user = await findUserByEmail(w.tx, input.email);
    const existing = user ? await findMembershipOfUser(w.tx, orgId, user.id) : undefined;
    if (existing?.status === 'active') {
      throw new AppError('conflict', `${input.email} is already a member of this organization`);
    }
    const personId = await personOf(w.tx, orgId, input.personId, input.email);
    for (const earlier of await pendingInvitationsOf(w.tx, orgId, input.email)) {
      await answerInvitation(w.tx, earlier.id, { status: 'revoked', at: now, userId: null });
      w.record({
        action: 'revoke',
        recordType: 'invitation',
        recordId: earlier.id,
        change: { replaced: true },
      });
    }
    const inviteToken = randomSecret(32);
    const invitation: Invitation = {
      id: newId(),
      orgId,
      email: input.email,
      name: input.name,
      role: input.role,
      personId,
      engagementId,
      status: 'pending',
      invitedBy: actor.label,
      createdAt: now,
      expiresAt: addMinutes(now, INVITATION_HOURS * 60),
      respondedAt: null,
    };
    await insertInvitation(w.tx, {
      id: invitation.id,
      org_id: orgId,
      email: invitation.email,
      name: invitation.name,
      role: invitation.role,
      person_id: personId,
      engagement_id: engagementId,
      token_hash: sha256Hex(inviteToken),
      status: 'pending',
      invited_by: invitation.invitedBy,
      created_at: now,
      expires_at: invitation.expiresAt,
      responded_at: null,
      user_id: null,
    });
    w.record({
      action: 'invite',
      recordType: 'invitation',
      recordId: invitation.id,
      change: {
        email: invitation.email,
        role: invitation.role,
        personId,
        ...(engagementId ? { engagementId } : {}),
        expiresAt: invitation.expiresAt,
      },
    });
    return { invitation, inviteToken };
  });
}

/** Revokes a pending invitation of the organization (its link stops working). */
export async function revokeInvitation(
  database: Database,
  actor: Actor,
  orgId: string,
  invitationId: string,
  now: string,
): Promise<Invitation> {
  return write(database, { actor, orgId }, async (w) => {
    const invitation = await findInvitation(w.tx, orgId, invitationId);
    if (!invitation) throw notFound('invitation', invitationId);
    if (invitation.status !== 'pending')
      throw new AppError('conflict', `this invitation is already ${invitation.status}`);
    await answerInvitation(w.tx, invitation.id, { status: 'revoked', at: now, userId: null });
    w.record({
      action: 'revoke',
      recordType: 'invitation',
      recordId: invitation.id,
      change: { email: invitation.email },
    });
    return { ...invitation, status: 'revoked', respondedAt: now };
  });
}

/** One page of an organization's pending invitations. */
export function listInvitations(
  database: Database,
  orgId: string,
  page: { after?: string | undefined; limit: number },
) {
  return pagePendingInvitations(database.db, orgId, page);
}

/** The pending invitation behind a link's secret, or a 404 that says nothing more. */
async function liveInvitation(db: Tx, token: string, now: string): Promise<Invitation> {
  const invitation = await findInvitationByHash(db, sha256Hex(token));
  if (invitation?.status !== 'pending' || now >= invitation.expiresAt) {
    throw new AppError('not_found', INVALID_LINK);
  }
  return invitation;
}

/**
 * What the holder of a link sees before answering: the organization, the
 * invited address, the name and role the admin gave. Nothing about whether
 * an account exists.
 */
export async function inspectInvitation(database: Database, token: string, now: string) {
  const invitation = await liveInvitation(database.db, token, now);
  return {
    id: invitation.id,
    organizationName: (await findOrganization(database.db, invitation.orgId))?.name ?? '',
    email: invitation.email,
    name: invitation.name,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
  };
}

/** Creates the membership an accepted invitation grants, or re-activates a disabled one, inside `w`. */
async function grantMembership(w: Write, invitation: Invitation, userId: string, now: string): Promise<void> {
  const existing = await findMembershipOfUser(w.tx, invitation.orgId, userId);
  if (existing?.status === 'active') return;
  if (existing) {
    await updateMembership(w.tx, {
      ...existing,
      role: invitation.role,
      personId: invitation.personId,
      engagementId: invitation.engagementId,
      status: 'active',
      updatedAt: now,
    });
  } else {
    await insertMembership(w.tx, {
      id: newId(),
      org_id: invitation.orgId,
      user_id: userId,
      role: invitation.role,
      person_id: invitation.personId,
      engagement_id: invitation.engagementId,
      status: 'active',
      created_at: now,
      updated_at: now,
    });
  }
  const membership = await findMembershipOfUser(w.tx, invitation.orgId, userId);
  w.record({
    action: existing ? 'enable' : 'create',
    recordType: 'membership',
    recordId: membership!.id,
    change: {
      email: invitation.email,
      userId,
      role: invitation.role,
      personId: invitation.personId,
      ...(invitation.engagementId ? { engagementId: invitation.engagementId } : {}),
      invitationId: invitation.id,
    },
  });
}

async function markAnswered(
  w: Write,
  invitation: Invitation,
  status: 'accepted' | 'declined',
  userId: string,
  now: string,
) {
  if (!(await answerInvitation(w.tx, invitation.id, { status, at: now, userId }))) {
    throw new AppError('conflict', 'this invitation was just answered');
  }
  w.record({
    action: status === 'accepted' ? 'accept' : 'decline',
    recordType: 'invitation',
    recordId: invitation.id,
    change: { email: invitation.email, userId },
  });
}

/**
 * Accepts an invitation as the signed-in account: it needs the link's
 * secret AND a session of the account with the invited e-mail. Holding an
 * account of that address without the secret (someone who set its
 * password through another organization's link) is not enough, and the
 * secret without the account's password is not either.
 */
export async function acceptInvitation(
  database: Database,
  principal: UserPrincipal,
  token: string,
  now: string,
): Promise<void> {
  const invitation = await liveInvitation(database.db, token, now);
  if (invitation.email !== principal.email) {
    throw new AppError(
      'forbidden',
      `this invitation is for ${invitation.email}: sign in with that account to accept it`,
    );
  }
  const actor: Actor = { type: 'user', id: principal.userId, label: principal.email };
  await write(database, { actor, orgId: invitation.orgId }, async (w) => {
    await markAnswered(w, invitation, 'accepted', principal.userId, now);
    await grantMembership(w, invitation, principal.userId, now);
  });
}

/** Declines one of the signed-in account's own pending invitations (declining grants nothing, so no secret). */
export async function declineInvitation(
  database: Database,
  principal: UserPrincipal,
  invitationId: string,
  now: string,
): Promise<void> {
  const invitation = await findInvitationById(database.db, invitationId);
  if (
    !invitation ||
    invitation.email !== principal.email ||
    invitation.status !== 'pending' ||
    now >= invitation.expiresAt
  ) {
    throw notFound('invitation', invitationId);
  }
  const actor: Actor = { type: 'user', id: principal.userId, label: principal.email };
  await write(database, { actor, orgId: invitation.orgId }, (w) =>
    markAnswered(w, invitation, 'declined', principal.userId, now),
  );
}

/** The signed-in account's pending invitations, with the inviting organization's name. */
export async function myInvitations(database: Database, principal: UserPrincipal, now: string) {
  const rows = await invitationsForEmail(database.db, principal.email, now);
  return rows.map((r) => ({
    id: r.id,
    organizationName: r.organizationName,
    role: r.role,
    expiresAt: r.expiresAt,
  }));
}

/**
 * Creates the account of an invited address that has none yet: the link's
 * holder chooses the name and password and is signed in. Only when no
 * account of that e-mail has a password or any membership; otherwise the
 * account is somebody's already and they accept after signing in.
 */
export async function registerWithInvitation(
  database: Database,
  input: { token: string; name: string; password: string },
  client: ClientInfo,
  settings: AuthSettings,
): Promise<StartedSession> {
  const now = settings.now();
  const invitation = await liveInvitation(database.db, input.token, now);
  assertStrongPassword(input.password, [invitation.email, input.name]);
  const passwordHash = await hashPassword(input.password, settings.hashing);
  const actor: Actor = { type: 'system', id: 'invitation', label: invitation.email };
  const user = await write(database, { actor, orgId: invitation.orgId }, async (w) => {
    const existing = await findUserByEmail(w.tx, invitation.email);
    if (existing && (existing.hasPassword || (await countMembershipsOfUser(w.tx, existing.id)) > 0)) {
      throw new AppError(
        'conflict',
        'an account with this e-mail already exists: sign in with it, then accept the invitation',
      );
    }
    const account = existing ?? (await createUserRow(w, { email: invitation.email, name: input.name }));
    await setPasswordHash(w.tx, account.id, passwordHash, now);
    w.record({ action: 'set-password', recordType: 'user', recordId: account.id, change: null });
    await markAnswered(w, invitation, 'accepted', account.id, now);
    await grantMembership(w, invitation, account.id, now);
    return account;
  });
  const signedIn: Actor = { type: 'user', id: user.id, label: user.email };
  return write(database, { actor: signedIn, orgId: null }, (w) =>
    startSession(w, { id: user.id, email: user.email, name: user.name }, client, settings),
  );
}
