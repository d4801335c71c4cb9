import type { Kysely } from 'kysely';
import type { Role } from '../../platform/auth/policy.js';
import type { DB, MembershipsTable, UsersTable } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';
import type { Member, Membership, OrgMembership, User } from './user.schema.js';

function toUser(r: UsersTable): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    status: r.status as User['status'],
    hasPassword: r.password_hash !== null,
    createdAt: r.created_at,
  };
}

function toMembership(r: MembershipsTable): Membership {
  return {
    id: r.id,
    orgId: r.org_id,
    userId: r.user_id,
    role: r.role as Role,
    personId: r.person_id,
    engagementId: r.engagement_id ?? null,
    status: r.status as Membership['status'],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The number of users of the installation (first run has none). */
export async function countUsers(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One user by e-mail (already lower-cased), with the password hash for sign-in. */
export async function findUserByEmail(
  db: Kysely<DB>,
  email: string,
): Promise<(User & { passwordHash: string | null }) | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  return row ? { ...toUser(row), passwordHash: row.password_hash } : undefined;
}

/** One user by id, with the password hash. */
export async function findUserById(
  db: Kysely<DB>,
  id: string,
): Promise<(User & { passwordHash: string | null }) | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { ...toUser(row), passwordHash: row.password_hash } : undefined;
}

/** Inserts a user. */
export async function insertUser(db: WriteTx, row: UsersTable): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

/** Sets a user's password hash. */
export async function setPasswordHash(db: WriteTx, userId: string, hash: string, at: string) {
  await db
    .updateTable('users')
    .set({ password_hash: hash, password_changed_at: at, updated_at: at })
    .where('id', '=', userId)
    .execute();
}

/** Sets a user's installation-wide status (`active` or `disabled`). */
export async function setUserStatus(db: WriteTx, userId: string, status: 'active' | 'disabled', at: string) {
  await db.updateTable('users').set({ status, updated_at: at }).where('id', '=', userId).execute();
}

/** Inserts a membership. */
export async function insertMembership(db: WriteTx, row: MembershipsTable): Promise<void> {
  await db.insertInto('memberships').values(row).execute();
}

/** Changes the mutable fields of a membership. */
export async function updateMembership(
  db: WriteTx,
  m: Pick<Membership, 'id' | 'orgId' | 'role' | 'personId' | 'engagementId' | 'status' | 'updatedAt'>,
): Promise<void> {
  await db
    .updateTable('memberships')
    .set({
      role: m.role,
      person_id: m.personId,
      // Only an auditor is scoped to an engagement: any other role carries none.
      engagement_id: m.role === 'auditor' ? m.engagementId : null,
      status: m.status,
      updated_at: m.updatedAt,
    })
    .where('org_id', '=', m.orgId)
    .where('id', '=', m.id)
    .execute();
}

/** One membership of an organization by id. */
export async function findMembership(db: Kysely<DB>, orgId: string, id: string) {
  const row = await db
    .selectFrom('memberships')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toMembership(row) : undefined;
}

/** The membership of a user in an organization, active or not. */
export async function findMembershipOfUser(db: Kysely<DB>, orgId: string, userId: string) {
  const row = await db
    .selectFrom('memberships')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? toMembership(row) : undefined;
}

/**
 * The active membership of a user in the organization named by id or slug,
 * with the organization: what every organization-scoped request checks.
 */
export async function findActiveMembershipByOrgRef(
  db: Kysely<DB>,
  userId: string,
  orgRef: string,
): Promise<OrgMembership | undefined> {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select(['o.id', 'o.slug', 'o.name', 'm.role', 'm.person_id', 'm.engagement_id'])
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'active')
    .where((eb) => eb.or([eb('o.id', '=', orgRef), eb('o.slug', '=', orgRef)]))
    .executeTakeFirst();
  return row ? toOrgMembership(row) : undefined;
}

/** Every active membership of a user with its organization, by organization name. */
export async function listOrgMemberships(db: Kysely<DB>, userId: string): Promise<OrgMembership[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .select(['o.id', 'o.slug', 'o.name', 'm.role', 'm.person_id', 'm.engagement_id'])
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'active')
    .orderBy('o.created_at')
    .orderBy('o.id')
    .execute();
  return rows.map(toOrgMembership);
}

function toOrgMembership(r: {
  id: string;
  slug: string;
  name: string;
  role: string;
  person_id: string | null;
  engagement_id?: string | null | undefined;
}): OrgMembership {
  return {
    orgId: r.id,
    slug: r.slug,
    name: r.name,
    role: r.role as Role,
    personId: r.person_id,
    engagementId: r.engagement_id ?? null,
  };
}

/** One page of an organization's members (by membership id, i.e. creation order). */
export async function pageMembers(
  db: Kysely<DB>,
  orgId: string,
  page: { after?: string | undefined; limit: number },
): Promise<Member[]> {
  let q = db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .selectAll('m')
    .select(['u.email', 'u.name'])
    .where('m.org_id', '=', orgId);
  if (page.after) q = q.where('m.id', '>', page.after);
  const rows = await q.orderBy('m.id').limit(page.limit).execute();
  return rows.map((r) => ({ ...toMembership(r), email: r.email, name: r.name }));
}

/** The number of active admins of an organization (an organization must keep at least one). */
export async function countActiveAdmins(db: Kysely<DB>, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId)
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The roster people of an organization's active admins: the person linked to
 * the membership, else the person with the user's e-mail (readiness sends the
 * reasons of controls nobody owns to them when there is no compliance lead).
 */
export async function adminPersonIds(db: Kysely<DB>, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('people as p', (join) => join.onRef('p.email', '=', 'u.email').on('p.org_id', '=', orgId))
    .select(['m.person_id', 'p.id as email_person_id'])
    .where('m.org_id', '=', orgId)
    .where('m.role', '=', 'admin')
    .where('m.status', '=', 'active')
    .execute();
  return [...new Set(rows.flatMap((r) => r.person_id ?? r.email_person_id ?? []))].sort();
}
