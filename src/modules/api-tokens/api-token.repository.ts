import type { Kysely } from 'kysely';
import type { Role } from '../../platform/auth/policy.js';
import type { ApiTokensTable, DB } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';
import type { ApiToken } from './api-token.schema.js';

function toApiToken(r: ApiTokensTable): ApiToken {
  return {
    id: r.id,
    orgId: r.org_id,
    name: r.name,
    prefix: r.prefix,
    role: r.role as Role,
    ownerPersonId: r.owner_person_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  };
}

/** Inserts a token row. */
export async function insertApiToken(db: WriteTx, row: ApiTokensTable): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

/** The token with a public prefix, with its hash for comparison and its organization (one query per request). */
export async function findApiTokenByPrefix(
  db: Kysely<DB>,
  prefix: string,
): Promise<(ApiToken & { tokenHash: string; orgSlug: string; orgName: string }) | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('organizations as o', 'o.id', 'api_tokens.org_id')
    .selectAll('api_tokens')
    .select(['o.slug as org_slug', 'o.name as org_name'])
    .where('api_tokens.prefix', '=', prefix)
    .executeTakeFirst();
  return row
    ? { ...toApiToken(row), tokenHash: row.token_hash, orgSlug: row.org_slug, orgName: row.org_name }
    : undefined;
}

/** One token of an organization by id. */
export async function findApiToken(db: Kysely<DB>, orgId: string, id: string): Promise<ApiToken | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toApiToken(row) : undefined;
}

/** One page of an organization's tokens, oldest first. */
export async function pageApiTokens(
  db: Kysely<DB>,
  orgId: string,
  page: { after?: string | undefined; limit: number },
): Promise<ApiToken[]> {
  let q = db.selectFrom('api_tokens').selectAll().where('org_id', '=', orgId);
  if (page.after) q = q.where('id', '>', page.after);
  return (await q.orderBy('id').limit(page.limit).execute()).map(toApiToken);
}

/** Marks a token revoked. */
export async function revokeApiToken(db: WriteTx, orgId: string, id: string, at: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Records when a token was last used (bookkeeping, not activity). */
export async function touchApiToken(db: WriteTx, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Sets `last_used_at` if the token was not used yet this UTC day; true when this call was the day's first use. */
export async function markFirstUseOfDay(db: WriteTx, id: string, at: string): Promise<boolean> {
  const dayStart = `${at.slice(0, 10)}T00:00:00.000Z`;
  const result = await db
    .updateTable('api_tokens')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', dayStart)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** One token by id, whatever its organization (installation-level CLI use only). */
export async function findApiTokenAnywhere(db: Kysely<DB>, id: string): Promise<ApiToken | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toApiToken(row) : undefined;
}
