/** SQL of the `nhis` table: the inventory as it shows now (conversions in nhi-rows.ts). */
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import { insertInBatches } from '../../../platform/db/insert-batches.js';
import { containsIgnoringCase } from '../../../platform/db/like.js';
import type { DB, NhisTable } from '../../../platform/db/schema.js';
import type { WriteTx } from '../../../platform/db/transaction.js';

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

/** Columns an upsert of an identity rewrites (all but its id, organization, key and first creation). */
const NHI_UPDATED_COLUMNS = [
  'kind',
  'name',
  'parent_external_id',
  'family',
  'owner_person_id',
  'owner_source',
  'owner_hint',
  'owner_hint_source',
  'purpose',
  'environment',
  'privilege_summary',
  'privileged',
  'auth_method',
  'provider_created_at',
  'last_used_at',
  'last_rotated_at',
  'expires_at',
  'rotation_policy_days',
  'status',
  'first_seen_import_id',
  'last_seen_import_id',
  'attributes',
  'updated_at',
] as const satisfies readonly (keyof NhisTable)[];

/** Inserts new rows and rewrites changed ones (keyed by organization, provider and external id). */
export async function upsertNhis(db: WriteTx, rows: NhisTable[]): Promise<void> {
  await insertInBatches(db, 'nhis', rows, {
    columns: ['org_id', 'provider', 'external_id'],
    update: NHI_UPDATED_COLUMNS,
  });
}

/** Records that an import listed these identities (no other change). */
export async function markNhisSeen(
  db: WriteTx,
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
  db: WriteTx,
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

/** Filters of a page of the inventory. */
export interface NhiPageRowFilter extends NhiRowFilter {
  /** Only this status (then deleted rows show when it is `deleted`, whatever `includeDeleted`). */
  status?: string | undefined;
  /** Case-insensitive substring of the name or the external id. */
  search?: string | undefined;
  /** Only identities with an open finding of each of these rules. */
  rules?: string[] | undefined;
}

/** Where a row stands in the inventory's order (provider, kind, name, id): the cursor of a page. */
export interface NhiRowKey {
  provider: string;
  kind: string;
  name: string;
  id: string;
}

function pageConditions(orgId: string, filter: NhiPageRowFilter) {
  return (eb: ExpressionBuilder<DB, 'nhis'>) => {
    const conditions: Expression<SqlBool>[] = [eb('nhis.org_id', '=', orgId)];
    if (filter.kind) conditions.push(eb('nhis.kind', '=', filter.kind));
    if (filter.provider) conditions.push(eb('nhis.provider', '=', filter.provider));
    if (filter.status) conditions.push(eb('nhis.status', '=', filter.status));
    else if (!filter.includeDeleted) conditions.push(eb('nhis.status', '!=', 'deleted'));
    if (filter.search) {
      conditions.push(
        eb.or([
          containsIgnoringCase('nhis.name', filter.search),
          containsIgnoringCase('nhis.external_id', filter.search),
        ]),
      );
    }
    for (const rule of filter.rules ?? []) {
      conditions.push(
        eb.exists(
          eb
            .selectFrom('nhi_findings as nf')
            .innerJoin('findings as f', 'f.id', 'nf.finding_id')
            .select('nf.finding_id')
            .whereRef('nf.nhi_id', '=', 'nhis.id')
            .where('nf.rule', '=', rule)
            .where('f.resolved_on', 'is', null),
        ),
      );
    }
    return eb.and(conditions);
  };
}

/** One page of the inventory in its order (provider, kind, name, id), after `after`: `limit` rows at most. */
export async function pageNhiRows(
  db: Kysely<DB>,
  orgId: string,
  filter: NhiPageRowFilter,
  after: NhiRowKey | undefined,
  limit: number,
): Promise<NhisTable[]> {
  let q = db.selectFrom('nhis').selectAll('nhis').where(pageConditions(orgId, filter));
  if (after) {
    q = q.where((eb) =>
      eb(
        eb.refTuple('nhis.provider', 'nhis.kind', 'nhis.name', 'nhis.id'),
        '>',
        eb.tuple(after.provider, after.kind, after.name, after.id),
      ),
    );
  }
  return q
    .orderBy('nhis.provider')
    .orderBy('nhis.kind')
    .orderBy('nhis.name')
    .orderBy('nhis.id')
    .limit(limit)
    .execute();
}

/** How many identities the filter selects. */
export async function countNhiRows(db: Kysely<DB>, orgId: string, filter: NhiPageRowFilter): Promise<number> {
  const row = await db
    .selectFrom('nhis')
    .select((eb) => eb.fn.countAll().as('n'))
    .where(pageConditions(orgId, filter))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The identity a row belongs to (same provider) and the rows that belong to it, by kind and name. */
export async function relativesOf(
  db: Kysely<DB>,
  row: NhisTable,
): Promise<{ parent: NhisTable | undefined; children: NhisTable[] }> {
  const parent =
    row.parent_external_id === null
      ? undefined
      : await db
          .selectFrom('nhis')
          .selectAll()
          .where('org_id', '=', row.org_id)
          .where('provider', '=', row.provider)
          .where('external_id', '=', row.parent_external_id)
          .executeTakeFirst();
  const children = await db
    .selectFrom('nhis')
    .selectAll()
    .where('org_id', '=', row.org_id)
    .where('provider', '=', row.provider)
    .where('parent_external_id', '=', row.external_id)
    .orderBy('kind')
    .orderBy('name')
    .orderBy('id')
    .execute();
  return { parent, children };
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
 * Whole families of the identities every rule batch must see (AWS roles
 * trusting an OIDC provider, fingerprint holders); the SQL selects a
 * superset, `keep` says which count.
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
        eb.and([
          eb('provider', '=', 'aws'),
          eb('kind', '=', 'role'),
          eb.or([eb('auth_method', '=', 'oidc'), eb('attributes', 'like', '%"oidcProviders"%')]),
        ]),
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
