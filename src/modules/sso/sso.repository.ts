import type { Kysely } from 'kysely';
import type {
  DB,
  SsoConfigsTable,
  SsoIdentitiesTable,
  SsoLoginsTable,
  SsoPendingLinksTable,
  SsoSessionsTable,
} from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';

/** One organization's SSO configuration row, if any. */
export async function findSsoConfig(db: Kysely<DB>, orgId: string): Promise<SsoConfigsTable | undefined> {
  return db.selectFrom('sso_configs').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

/** Inserts or replaces an organization's SSO configuration. */
export async function saveSsoConfig(db: WriteTx, row: SsoConfigsTable): Promise<void> {
  const { org_id: _org, created_at: _created, ...changes } = row;
  await db
    .insertInto('sso_configs')
    .values(row)
    .onConflict((oc) => oc.column('org_id').doUpdateSet(changes))
    .execute();
}

/** The identity of an issuer's subject, with its user's status. */
export async function findIdentity(db: Kysely<DB>, issuer: string, subject: string) {
  return db
    .selectFrom('sso_identities as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .select(['i.id', 'i.user_id', 'u.status', 'u.email', 'u.name'])
    .where('i.issuer', '=', issuer)
    .where('i.subject', '=', subject)
    .executeTakeFirst();
}

/** Links an identity to a user. */
export async function insertIdentity(db: WriteTx, row: SsoIdentitiesTable): Promise<void> {
  await db.insertInto('sso_identities').values(row).execute();
}

/** Notes a sign-in through an identity. */
export async function touchIdentity(db: WriteTx, id: string, at: string, email: string | null) {
  await db.updateTable('sso_identities').set({ last_sign_in_at: at, email }).where('id', '=', id).execute();
}

/** Stores a sign-in in progress (and forgets those long dead). */
export async function insertLogin(db: WriteTx, row: SsoLoginsTable, pruneBefore: string): Promise<void> {
  await db.deleteFrom('sso_logins').where('expires_at', '<', pruneBefore).execute();
  await db.insertInto('sso_logins').values(row).execute();
}

/** A sign-in in progress by the hash of its state. */
export async function findLoginByState(db: Kysely<DB>, stateHash: string) {
  return db.selectFrom('sso_logins').selectAll().where('state_hash', '=', stateHash).executeTakeFirst();
}

/** Marks a sign-in in progress used; false when another request used it first. */
export async function consumeLogin(db: WriteTx, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('sso_logins')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Stores a pending link. */
export async function insertPendingLink(db: WriteTx, row: SsoPendingLinksTable): Promise<void> {
  await db.insertInto('sso_pending_links').values(row).execute();
}

/** A pending link by the hash of its browser token. */
export async function findPendingLink(db: Kysely<DB>, tokenHash: string) {
  return db
    .selectFrom('sso_pending_links')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Marks a pending link used; false when it was already. */
export async function consumePendingLink(db: WriteTx, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('sso_pending_links')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Notes that SSO started a session. */
export async function insertSsoSession(db: WriteTx, row: SsoSessionsTable): Promise<void> {
  await db.insertInto('sso_sessions').values(row).execute();
}

/** The organization whose SSO started a session, if SSO did. */
export async function findSsoSession(db: Kysely<DB>, sessionId: string) {
  return db.selectFrom('sso_sessions').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
}

/**
 * The slugs of organizations that require SSO and where the user is an
 * active member; empty for an installation admin (exempt for recovery).
 */
export async function ssoRequiredOrgsOf(db: Kysely<DB>, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('sso_configs as c', 'c.org_id', 'm.org_id')
    .innerJoin('organizations as o', 'o.id', 'm.org_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('o.slug')
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'active')
    .where('c.required', '=', 1)
    .where('c.enabled', '=', 1)
    .where('u.installation_admin', '=', 0)
    .orderBy('o.slug')
    .execute();
  return rows.map((r) => r.slug);
}

/** Marks a user an installation admin (exempt from "SSO required" for recovery). */
export async function markInstallationAdmin(db: WriteTx, userId: string): Promise<void> {
  await db.updateTable('users').set({ installation_admin: 1 }).where('id', '=', userId).execute();
}
