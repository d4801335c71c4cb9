import type { Kysely } from 'kysely';
import type { Role } from '../../platform/auth/policy.js';
import type { DB, InvitationsTable } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';
import type { Invitation, InvitationStatus } from './invitation.schema.js';

function toInvitation(r: InvitationsTable): Invitation {
  return {
    id: r.id,
    orgId: r.org_id,
    email: r.email,
    name: r.name,
    role: r.role as Role,
    personId: r.person_id,
    engagementId: r.engagement_id ?? null,
    status: r.status as InvitationStatus,
    invitedBy: r.invited_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    respondedAt: r.responded_at,
  };
}

/** Inserts an invitation. */
export async function insertInvitation(db: WriteTx, row: InvitationsTable): Promise<void> {
  await db.insertInto('invitations').values(row).execute();
}

/** The invitation whose secret hashes to `tokenHash`, in any state. */
export async function findInvitationByHash(
  db: Kysely<DB>,
  tokenHash: string,
): Promise<Invitation | undefined> {
  const row = await db
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? toInvitation(row) : undefined;
}

/** One invitation of an organization by id. */
export async function findInvitation(
  db: Kysely<DB>,
  orgId: string,
  id: string,
): Promise<Invitation | undefined> {
  const row = await db
    .selectFrom('invitations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toInvitation(row) : undefined;
}

/** One invitation by id, whatever its organization (the invitee's own view checks the e-mail). */
export async function findInvitationById(db: Kysely<DB>, id: string): Promise<Invitation | undefined> {
  const row = await db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toInvitation(row) : undefined;
}

/** The pending invitations of an organization for one e-mail (to be replaced by a new one). */
export async function pendingInvitationsOf(
  db: Kysely<DB>,
  orgId: string,
  email: string,
): Promise<Invitation[]> {
  const rows = await db
    .selectFrom('invitations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('email', '=', email)
    .where('status', '=', 'pending')
    .execute();
  return rows.map(toInvitation);
}

/**
 * Moves a pending invitation to its answer; false when it was no longer
 * pending (two racing requests: only one wins).
 */
export async function answerInvitation(
  db: WriteTx,
  id: string,
  answer: { status: Exclude<InvitationStatus, 'pending'>; at: string; userId: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ status: answer.status, responded_at: answer.at, user_id: answer.userId })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** One page of an organization's pending invitations (expired ones included: they say so), by id. */
export async function pagePendingInvitations(
  db: Kysely<DB>,
  orgId: string,
  page: { after?: string | undefined; limit: number },
): Promise<Invitation[]> {
  let q = db
    .selectFrom('invitations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('status', '=', 'pending');
  if (page.after) q = q.where('id', '>', page.after);
  const rows = await q.orderBy('id').limit(page.limit).execute();
  return rows.map(toInvitation);
}

/** The pending, unexpired invitations addressed to an e-mail, with their organization's name. */
export async function invitationsForEmail(
  db: Kysely<DB>,
  email: string,
  now: string,
): Promise<(Invitation & { organizationName: string })[]> {
  const rows = await db
    .selectFrom('invitations as i')
    .innerJoin('organizations as o', 'o.id', 'i.org_id')
    .selectAll('i')
    .select('o.name as organization_name')
    .where('i.email', '=', email)
    .where('i.status', '=', 'pending')
    .where('i.expires_at', '>', now)
    .orderBy('i.id')
    .limit(100)
    .execute();
  return rows.map((r) => ({ ...toInvitation(r), organizationName: r.organization_name }));
}

/** The number of memberships (any state) of a user: an account with one is somebody's already. */
export async function countMembershipsOfUser(db: Kysely<DB>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
