/** SQL of the `nhis` table: the inventory as it shows now (conversions in nhi-rows.ts). */
import type { Kysely } from 'kysely';
import type { DB, NhisTable } from '../../platform/db/schema.js';

/** Rows per multi-row statement (27 columns: well under both engines' parameter limits). */
export const NHI_BATCH = 500;

/** Rows of the given families of an organization. */
export async function nhisOfFamilies(
  db: Kysely<DB>,
  orgId: string,
  families: string[],
): Promise<NhisTable[]> {
  if (families.length === 0) return [];
  return db
    .selectFrom('nhis')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('family', 'in', families)
    .execute();
}

/** Rows of the given external ids of one provider. */
export async function nhisByExternalIds(
  db: Kysely<DB>,
  orgId: string,
  provider: string,
  externalIds: string[],
): Promise<NhisTable[]> {
  if (externalIds.length === 0) return [];
  return db
    .selectFrom('nhis')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('provider', '=', provider)
    .where('external_id', 'in', externalIds)
    .execute();
}

/** Inserts new rows and rewrites changed ones (keyed by organization, provider and external id). */
export async function upsertNhis(db: Kysely<DB>, rows: NhisTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += NHI_BATCH) {
    await db
      .insertInto('nhis')
      .values(rows.slice(i, i + NHI_BATCH))
      .onConflict((oc) =>
        oc.columns(['org_id', 'provider', 'external_id']).doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          name: eb.ref('excluded.name'),
          parent_external_id: eb.ref('excluded.parent_external_id'),
          family: eb.ref('excluded.family'),
          owner_person_id: eb.ref('excluded.owner_person_id'),
          owner_source: eb.ref('excluded.owner_source'),
          owner_hint: eb.ref('excluded.owner_hint'),
          owner_hint_source: eb.ref('excluded.owner_hint_source'),
          purpose: eb.ref('excluded.purpose'),
          environment: eb.ref('excluded.environment'),
          privilege_summary: eb.ref('excluded.privilege_summary'),
          privileged: eb.ref('excluded.privileged'),
          auth_method: eb.ref('excluded.auth_method'),
          provider_created_at: eb.ref('excluded.provider_created_at'),
          last_used_at: eb.ref('excluded.last_used_at'),
          last_rotated_at: eb.ref('excluded.last_rotated_at'),
          expires_at: eb.ref('excluded.expires_at'),
          rotation_policy_days: eb.ref('excluded.rotation_policy_days'),
          status: eb.ref('excluded.status'),
          first_seen_import_id: eb.ref('excluded.first_seen_import_id'),
          last_seen_import_id: eb.ref('excluded.last_seen_import_id'),
          attributes: eb.ref('excluded.attributes'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** Records that an import listed these identities (no other change). */
export async function markNhisSeen(
  db: Kysely<DB>,
  orgId: string,
  ids: string[],
  importId: string,
): Promise<void> {
  for (let i = 0; i < ids.length; i += NHI_BATCH) {
    await db
      .updateTable('nhis')
      .set({ last_seen_import_id: importId })
      .where('org_id', '=', orgId)
      .where('id', 'in', ids.slice(i, i + NHI_BATCH))
      .execute();
  }
}

/** Sets the owner of one identity. */
export async function updateNhiOwner(
  db: Kysely<DB>,
  orgId: string,
  id: string,
  owner: { owner_person_id: string | null; owner_source: string | null; updated_at: string },
): Promise<void> {
  await db.updateTable('nhis').set(owner).where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** Filters of the inventory list. */
export interface NhiRowFilter {
  kind?: string | undefined;
  provider?: string | undefined;
  /** Include deleted identities. */
  includeDeleted?: boolean | undefined;
}

/** Rows of an organization, by provider, kind and name. */
export async function listNhiRows(
  db: Kysely<DB>,
  orgId: string,
  filter: NhiRowFilter = {},
): Promise<NhisTable[]> {
  let q = db.selectFrom('nhis').selectAll('nhis').where('nhis.org_id', '=', orgId);
  if (filter.kind) q = q.where('nhis.kind', '=', filter.kind);
  if (filter.provider) q = q.where('nhis.provider', '=', filter.provider);
  if (!filter.includeDeleted) q = q.where('nhis.status', '!=', 'deleted');
  return q.orderBy('nhis.provider').orderBy('nhis.kind').orderBy('nhis.name').orderBy('nhis.id').execute();
}

/** Identities whose id starts with `prefix`, or whose external id is exactly `key` (at most `limit`). */
export async function findNhiRows(
  db: Kysely<DB>,
  orgId: string,
  key: string,
  limit = 2,
): Promise<NhisTable[]> {
  const byId =
    key.length >= 8 && /^[0-9a-f-]+$/i.test(key)
      ? await db
          .selectFrom('nhis')
          .selectAll()
          .where('org_id', '=', orgId)
          .where('id', 'like', `${key.toLowerCase()}%`)
          .limit(limit)
          .execute()
      : [];
  if (byId.length > 0) return byId;
  return db
    .selectFrom('nhis')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('external_id', '=', key)
    .limit(limit)
    .execute();
}

/** Rows by id. */
export async function nhisByIds(db: Kysely<DB>, orgId: string, ids: string[]): Promise<NhisTable[]> {
  const out: NhisTable[] = [];
  for (let i = 0; i < ids.length; i += NHI_BATCH) {
    out.push(
      ...(await db
        .selectFrom('nhis')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('id', 'in', ids.slice(i, i + NHI_BATCH))
        .execute()),
    );
  }
  return out;
}

/** auditready's own API tokens of an organization, with their owner's e-mail (for the inventory). */
export async function apiTokensOf(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('api_tokens as t')
    .leftJoin('people as p', 'p.id', 't.owner_person_id')
    .select([
      't.id',
      't.name',
      't.prefix',
      't.token_hash',
      't.role',
      't.created_by',
      't.created_at',
      't.expires_at',
      't.revoked_at',
      't.last_used_at',
      'p.email as owner_email',
    ])
    .where('t.org_id', '=', orgId)
    .orderBy('t.id')
    .execute();
}

/** The next `limit` families of an organization after `after`, in order. */
export async function nhiFamilies(
  db: Kysely<DB>,
  orgId: string,
  after: string | null,
  limit: number,
): Promise<string[]> {
  let q = db.selectFrom('nhis').select('family').distinct().where('org_id', '=', orgId);
  if (after !== null) q = q.where('family', '>', after);
  return (await q.orderBy('family').limit(limit).execute()).map((r) => r.family);
}

/**
 * Whole families of the identities every rule batch must see (AWS roles and
 * fingerprint holders); the SQL selects a superset, `keep` says which count.
 */
export async function sharedFamilyRows(
  db: Kysely<DB>,
  orgId: string,
  keep: (r: NhisTable) => boolean,
): Promise<NhisTable[]> {
  const candidates = await db
    .selectFrom('nhis')
    .selectAll()
    .where('org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        eb.and([eb('provider', '=', 'aws'), eb('kind', '=', 'role')]),
        eb('attributes', 'like', '%"credentialFingerprint"%'),
      ]),
    )
    .execute();
  const families = [...new Set(candidates.filter(keep).map((r) => r.family))];
  const out: NhisTable[] = [];
  for (let i = 0; i < families.length; i += NHI_BATCH) {
    out.push(...(await nhisOfFamilies(db, orgId, families.slice(i, i + NHI_BATCH))));
  }
  return out;
}
