import type { Actor } from '../../core/ledger/chain.js';
import type { Role } from '../../platform/auth/policy.js';
import { randomSecret, sha256Hex } from '../../platform/auth/secrets.js';
import { addMinutes } from '../../platform/auth/settings.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { Tx } from '../../platform/db/transaction.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { diff, type Write, write } from '../../platform/ledger/ledger.js';
import { findEngagementById } from '../engagements/engagement.repository.js';
import { findPersonByEmail, findPersonById } from '../people/person.repository.js';
import { expireSetupTokens, insertSetupToken } from './session.repository.js';
import {
  countActiveAdmins,
  findMembership,
  insertUser,
  pageMembers,
  updateMembership,
} from './user.repository.js';
import type { Member, Membership, User } from './user.schema.js';

/** How long an installation admin's setup link stays valid. */
const SETUP_LINK_HOURS = 72;

/** Creates a user without a password (they set it through a setup link), inside the caller's write. */
export async function createUserRow(
  w: Write,
  input: { email: string; name: string; passwordHash?: string | null },
): Promise<User> {
  const now = nowIso();
  const row = {
    id: newId(),
    email: input.email,
    name: input.name,
    password_hash: input.passwordHash ?? null,
    status: 'active',
    password_changed_at: input.passwordHash ? now : null,
    created_at: now,
    updated_at: now,
  };
  await insertUser(w.tx, row);
  w.record({
    action: 'create',
    recordType: 'user',
    recordId: row.id,
    change: { email: row.email, name: row.name },
  });
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    status: 'active',
    hasPassword: row.password_hash !== null,
    createdAt: now,
  };
}

/**
 * Issues a one-time setup token for a user created by an installation admin
 * (`users create-admin` without a password), replacing any earlier unused
 * one. Organization admins never get one: they invite (invitation.service.ts).
 */
export async function issueInviteToken(w: Write, userId: string): Promise<string> {
  const now = nowIso();
  await expireSetupTokens(w.tx, 'invite', userId, now);
  const token = randomSecret(32);
  await insertSetupToken(w.tx, {
    id: newId(),
    token_hash: sha256Hex(token),
    purpose: 'invite',
    user_id: userId,
    created_at: now,
    expires_at: addMinutes(now, SETUP_LINK_HOURS * 60),
    used_at: null,
  });
  w.record({
    action: 'invite',
    recordType: 'user',
    recordId: userId,
    change: { expiresInHours: SETUP_LINK_HOURS },
  });
  return token;
}

/** The roster person a membership links to: the one named, none, or the one with the member's e-mail. */
export async function personOf(tx: Tx, orgId: string, personId: string | null | undefined, email: string) {
  if (personId) {
    const person = await findPersonById(tx, orgId, personId);
    if (!person)
      throw new AppError('invalid_input', `person ${personId} is not in this organization's roster`);
    return person.id;
  }
  if (personId === null) return null;
  // Link the roster entry with the same e-mail, so "own record" rules work without extra steps.
  return (await findPersonByEmail(tx, orgId, email))?.id ?? null;
}

/**
 * The engagement a membership (or invitation) of `role` is scoped to: an
 * auditor names one engagement of this organization (SPEC §9), every other
 * role names none. Refusals name the field `engagementId`.
 */
export async function engagementOfRole(
  tx: Tx,
  orgId: string,
  role: Role,
  engagementId: string | null | undefined,
): Promise<string | null> {
  if (role !== 'auditor') {
    if (engagementId)
      throw new AppError('invalid_input', `only an auditor is scoped to an engagement, not a ${role}`, {
        field: 'engagementId',
      });
    return null;
  }
  if (!engagementId)
    throw new AppError('invalid_input', 'an auditor is scoped to one engagement: name it', {
      field: 'engagementId',
    });
  const engagement = await findEngagementById(tx, orgId, engagementId);
  if (!engagement)
    throw new AppError(
      'invalid_input',
      `engagement ${engagementId} is not an engagement of this organization`,
      {
        field: 'engagementId',
      },
    );
  return engagement.id;
}

async function guardLastAdmin(tx: Tx, current: Membership, next: { role: Role; status: string }) {
  const losesAdmin =
    current.role === 'admin' &&
    current.status === 'active' &&
    (next.role !== 'admin' || next.status !== 'active');
  if (losesAdmin && (await countActiveAdmins(tx, current.orgId)) <= 1) {
    throw new AppError('conflict', 'an organization keeps at least one active admin');
  }
}

/** Changes a member's role or roster link. */
export async function updateMember(
  database: Database,
  actor: Actor,
  orgId: string,
  memberId: string,
  input: {
    role?: Role | undefined;
    personId?: string | null | undefined;
    engagementId?: string | null | undefined;
  },
): Promise<Membership> {
  return write(database, { actor, orgId }, async (w) => {
    const current = await findMembership(w.tx, orgId, memberId);
    if (!current) throw notFound('member', memberId);
    const role = input.role ?? current.role;
    // An auditor keeps its engagement unless another is named; leaving the auditor role drops it.
    const wanted =
      input.engagementId !== undefined
        ? input.engagementId
        : role === 'auditor'
          ? current.engagementId
          : null;
    const next: Membership = {
      ...current,
      role,
      personId:
        input.personId === undefined ? current.personId : await personOf(w.tx, orgId, input.personId, ''),
      engagementId: await engagementOfRole(w.tx, orgId, role, wanted),
      updatedAt: nowIso(),
    };
    await guardLastAdmin(w.tx, current, next);
    const change = diff(current, {
      role: next.role,
      personId: next.personId,
      engagementId: next.engagementId,
    });
    if (Object.keys(change).length === 0) return current;
    await updateMembership(w.tx, next);
    w.record({ action: 'update', recordType: 'membership', recordId: current.id, change });
    return next;
  });
}

/**
 * Disables a membership: the user loses this organization at their next
 * request (every organization-scoped request checks an active membership).
 * Their sessions live on for the other organizations they belong to: one
 * organization cannot sign a person out of another (docs/decisions/0009).
 * Only an installation admin disables an account everywhere
 * (`auditready users disable`), which revokes every session.
 */
export function disableMember(
  database: Database,
  actor: Actor,
  orgId: string,
  memberId: string,
): Promise<Membership> {
  return setMemberStatus(database, actor, orgId, memberId, 'disabled');
}

/**
 * Re-enables a disabled membership with the role it had: the person once
 * accepted this organization's invitation, so no new one is needed.
 */
export function enableMember(
  database: Database,
  actor: Actor,
  orgId: string,
  memberId: string,
): Promise<Membership> {
  return setMemberStatus(database, actor, orgId, memberId, 'active');
}

/** Moves a membership to `status` (nothing when it is there already); the last active admin stays. */
async function setMemberStatus(
  database: Database,
  actor: Actor,
  orgId: string,
  memberId: string,
  status: 'active' | 'disabled',
): Promise<Membership> {
  return write(database, { actor, orgId }, async (w) => {
    const current = await findMembership(w.tx, orgId, memberId);
    if (!current) throw notFound('member', memberId);
    if (current.status === status) return current;
    const next: Membership = { ...current, status, updatedAt: nowIso() };
    await guardLastAdmin(w.tx, current, next);
    await updateMembership(w.tx, next);
    w.record({
      action: status === 'disabled' ? 'disable' : 'enable',
      recordType: 'membership',
      recordId: current.id,
      change: { status: [current.status, status] },
    });
    return next;
  });
}

/** One page of an organization's members. */
export async function listMembers(
  database: Database,
  orgId: string,
  page: { after?: string | undefined; limit: number },
): Promise<Member[]> {
  return pageMembers(database.db, orgId, page);
}
