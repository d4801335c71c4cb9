import type { Kysely } from 'kysely';
import type { DB, SessionsTable, SetupTokensTable } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';

/** A session row joined with the state of its user: everything needed to accept or refuse it. */
export interface SessionRecord {
  id: string;
  userId: string;
  email: string;
  name: string;
  userStatus: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

/** Inserts a session. */
export async function insertSession(db: WriteTx, row: SessionsTable): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** The session whose token hashes to `tokenHash`, with its user, or undefined. */
export async function findSessionByHash(
  db: Kysely<DB>,
  tokenHash: string,
): Promise<SessionRecord | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id',
      's.user_id',
      'u.email',
      'u.name',
      'u.status',
      's.csrf_token',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      's.revoked_at',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    userId: row.user_id,
    email: row.email,
    name: row.name,
    userStatus: row.status,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * Records that a session was used. Bookkeeping, not activity: it does not go
 * through the ledger (an entry per request would drown the log).
 */
export async function touchSession(db: WriteTx, id: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

/** Revokes one session; returns whether it was live. */
export async function revokeSession(db: WriteTx, id: string, at: string, reason: string) {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: at, revoked_reason: reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Revokes every live session of a user; returns the ids revoked. */
export async function revokeUserSessions(
  db: WriteTx,
  userId: string,
  at: string,
  reason: string,
): Promise<string[]> {
  const live = await db
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .execute();
  if (live.length === 0) return [];
  const ids = live.map((s) => s.id);
  await db
    .updateTable('sessions')
    .set({ revoked_at: at, revoked_reason: reason })
    .where('id', 'in', ids)
    .execute();
  return ids;
}

/** Inserts a one-time setup token. */
export async function insertSetupToken(db: WriteTx, row: SetupTokensTable): Promise<void> {
  await db.insertInto('setup_tokens').values(row).execute();
}

/** The setup token whose secret hashes to `tokenHash`. */
export async function findSetupToken(db: Kysely<DB>, tokenHash: string) {
  return db.selectFrom('setup_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks a setup token used; false when it was already used (two racing requests). */
export async function useSetupToken(db: WriteTx, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('setup_tokens')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Expires every unused setup token of a purpose (and user), so only the newest link works. */
export async function expireSetupTokens(db: WriteTx, purpose: string, userId: string | null, at: string) {
  let q = db
    .updateTable('setup_tokens')
    .set({ expires_at: at })
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at);
  q = userId === null ? q.where('user_id', 'is', null) : q.where('user_id', '=', userId);
  await q.execute();
}
