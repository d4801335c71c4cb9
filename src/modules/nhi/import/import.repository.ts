/**
 * SQL of NHI imports: import runs, the staging table an import fills while it
 * parses, each source's last observations, and lifecycle events.
 */
import { type Kysely, sql } from 'kysely';
import type { SourceLatestImport } from '../../../core/nhi/index.js';
import { copyRows, dialectOf, insertInBatches } from '../../../platform/db/insert-batches.js';
import type {
  DB,
  NhiEventsTable,
  NhiImportStagingTable,
  NhiImportsTable,
  NhiObservationsTable,
} from '../../../platform/db/schema.js';
import type { WriteTx } from '../../../platform/db/transaction.js';
import { NHI_BATCH } from '../inventory/nhi.repository.js';

/** Inserts an import run. */
export async function insertImport(db: WriteTx, row: NhiImportsTable): Promise<void> {
  await db.insertInto('nhi_imports').values(row).execute();
}

/** Rewrites an import run once it is finished. */
export async function finishImport(db: WriteTx, row: NhiImportsTable): Promise<void> {
  const { id, org_id, ...fields } = row;
  await db.updateTable('nhi_imports').set(fields).where('org_id', '=', org_id).where('id', '=', id).execute();
}

/** The latest import of a source (kind and scope), if any. */
export async function latestImportOf(
  db: Kysely<DB>,
  orgId: string,
  source: string,
): Promise<NhiImportsTable | undefined> {
  return db
    .selectFrom('nhi_imports')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('source', '=', source)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The latest import of this kind with exactly this content (and scope, when one is named). */
export async function latestImportWithContent(
  db: Kysely<DB>,
  orgId: string,
  kind: string,
  sha256: string,
  scope: string | null,
): Promise<NhiImportsTable | undefined> {
  let q = db
    .selectFrom('nhi_imports')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('sha256', '=', sha256);
  if (scope !== null) q = q.where('scope', '=', scope);
  return q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Import runs by id. */
export async function importsById(db: Kysely<DB>, orgId: string, ids: string[]): Promise<NhiImportsTable[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('nhi_imports')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .execute();
}

/** Where an import run stands in the history (newest first): the cursor of a page. */
export interface ImportKey {
  startedAt: string;
  id: string;
}

/** One page of an organization's import runs, newest first, after `after`. */
export async function pageImports(
  db: Kysely<DB>,
  orgId: string,
  after: ImportKey | undefined,
  limit: number,
): Promise<NhiImportsTable[]> {
  let q = db.selectFrom('nhi_imports').selectAll().where('org_id', '=', orgId);
  if (after) {
    q = q.where((eb) => eb(eb.refTuple('started_at', 'id'), '<', eb.tuple(after.startedAt, after.id)));
  }
  return q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/**
 * Creates the import's staging table: temporary, so its rows never reach
 * the store's files, its write-ahead log or (PostgreSQL) its shared
 * buffers, and it leaves no dead rows behind (the permanent unlogged table
 * it replaces kept about 2 KB per report row of dead space on PostgreSQL).
 * No primary key: only the family index serves a query. PostgreSQL drops
 * it at commit or rollback; on SQLite, a rollback undoes its creation and
 * `dropStaging` ends it otherwise.
 */
export async function createStaging(db: WriteTx): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  await sql`create temporary table if not exists nhi_staging_temp (
      import_id text not null, seq integer not null, family text not null, data text not null
    )${sql.raw(postgres ? ' on commit drop' : '')}`.execute(db);
  await sql`create index if not exists ${sql.raw(postgres ? '' : 'temp.')}nhi_staging_temp_family
    on nhi_staging_temp (import_id, family)`.execute(db);
}

/** Adds parsed observations to the staging table of an import (PostgreSQL: one COPY). */
export async function insertStaging(db: WriteTx, rows: NhiImportStagingTable[]): Promise<void> {
  await copyRows(db, 'nhi_staging_temp', rows);
}

/** A staged family: how many distinct observations it holds, and whether they all equal the source's stored ones. */
export interface StagedFamily {
  family: string;
  observations: number;
  /** Every staged observation of the family equals (same canonical text) one the source already holds there. */
  unchanged: boolean;
}

/**
 * The next `limit` staged families after `after`, in order, each compared
 * with what the source holds, set-wise (one statement per page): a family
 * is unchanged when each of its staged observations is, as text, one of
 * the source's stored observations of that family (staging holds the
 * canonical JSON the observations keep).
 */
export async function stagedFamilyPage(
  db: Kysely<DB>,
  scope: { orgId: string; source: string; importId: string },
  after: string | null,
  limit: number,
): Promise<StagedFamily[]> {
  // On PostgreSQL `offset 0` keeps the EXISTS a per-row probe of the (org_id, source, family) index: without
  // it the planner may hash the source's observations instead, reading them all once per page, which it
  // does when the statistics were taken before a first import filled the table (a page of 500 families
  // then read every observation of the source: 60–70 ms at 20,000 rows, growing with the import).
  const postgres = dialectOf(db) === 'postgres';
  const { rows } = await sql<{ family: string; observations: number | string; changed: number | string }>`
    select s.family, count(distinct s.data) as observations,
      max(case when exists (
        select 1 from nhi_observations o
        where o.org_id = ${scope.orgId} and o.source = ${scope.source} and o.family = s.family and o.data = s.data
        ${postgres ? sql`offset 0` : sql``}
      ) then 0 else 1 end) as changed
    from nhi_staging_temp s
    where s.import_id = ${scope.importId} ${after === null ? sql`` : sql`and s.family > ${after}`}
    group by s.family
    order by s.family
    limit ${limit}`.execute(db);
  return rows.map((r) => ({
    family: r.family,
    observations: Number(r.observations),
    unchanged: Number(r.changed) === 0,
  }));
}

/**
 * Of these families, those an unchanged staging does not settle: another
 * source observes an identity there (the merge must see this source's new
 * time), or this source holds a live observation the export no longer
 * lists as it was (a complete export drops or changes it).
 */
export async function familiesNeedingApply(
  db: Kysely<DB>,
  scope: { orgId: string; source: string; importId: string; otherSources: readonly string[] },
  families: string[],
): Promise<Set<string>> {
  const out = new Set<string>();
  if (families.length === 0) return out;
  if (scope.otherSources.length > 0) {
    const shared = await db
      .selectFrom('nhi_observations')
      .select('family')
      .distinct()
      .where('org_id', '=', scope.orgId)
      .where('source', 'in', [...scope.otherSources])
      .where('family', 'in', families)
      .execute();
    for (const r of shared) out.add(r.family);
  }
  const postgres = dialectOf(db) === 'postgres';
  const dropped = await db
    .selectFrom('nhi_observations as o')
    .select('o.family')
    .distinct()
    .where('o.org_id', '=', scope.orgId)
    .where('o.source', '=', scope.source)
    .where('o.family', 'in', families)
    .where('o.status', '!=', 'deleted')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('nhi_staging_temp as s')
            .select('s.seq')
            .where('s.import_id', '=', scope.importId)
            // The page's families again on PostgreSQL: it then reads only their staged rows, not the whole
            // import's. Not on SQLite: it drives the subquery's index lookups by that list, once per outer
            // row (a page of 1,000 families cost 0.6 s instead of 5 ms; docs/decisions/0035).
            .$if(postgres, (q) => q.where('s.family', 'in', families))
            .whereRef('s.family', '=', 'o.family')
            .whereRef('s.data', '=', 'o.data'),
        ),
      ),
    )
    .execute();
  for (const r of dropped) out.add(r.family);
  return out;
}

/** What each source's latest import says about its observations (docs/decisions/0035). */
export async function latestSeenBySource(
  db: Kysely<DB>,
  orgId: string,
): Promise<Map<string, SourceLatestImport>> {
  const latest = await latestImportsBySource(db, orgId);
  return new Map(
    [...latest].map(([source, i]) => [
      source,
      { id: i.id, complete: Number(i.complete), at: i.exported_at ?? i.started_at },
    ]),
  );
}

/** Every source an organization has imported (kind, or kind:scope). */
export async function importSources(db: Kysely<DB>, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('nhi_imports')
    .select('source')
    .distinct()
    .where('org_id', '=', orgId)
    .execute();
  return rows.map((r) => r.source);
}

/** The latest import of each source of an organization (few rows: one per source). */
export async function latestImportsBySource(
  db: Kysely<DB>,
  orgId: string,
): Promise<Map<string, NhiImportsTable>> {
  const rows = await db
    .selectFrom('nhi_imports as i')
    .selectAll('i')
    .where('i.org_id', '=', orgId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('nhi_imports as j')
            .select('j.id')
            .where('j.org_id', '=', orgId)
            .whereRef('j.source', '=', 'i.source')
            .where((x) =>
              x.or([
                x('j.started_at', '>', x.ref('i.started_at')),
                x.and([x('j.started_at', '=', x.ref('i.started_at')), x('j.id', '>', x.ref('i.id'))]),
              ]),
            ),
        ),
      ),
    )
    .execute();
  return new Map(rows.map((r) => [r.source, r]));
}

/** The staged observations (JSON) of these families (in no particular order: applying them does not depend on it). */
export async function stagedOf(db: Kysely<DB>, importId: string, families: string[]): Promise<string[]> {
  if (families.length === 0) return [];
  const rows = await db
    .selectFrom('nhi_staging_temp')
    .select('data')
    .where('import_id', '=', importId)
    .where('family', 'in', families)
    .execute();
  return rows.map((r) => r.data);
}

/** Ends the import's staging table (created by `createStaging`). */
export async function dropStaging(db: WriteTx): Promise<void> {
  await sql`drop table if exists nhi_staging_temp`.execute(db);
}

/**
 * The next `limit` families after `after` where this source still has a
 * live observation but the import staged nothing: absent from a complete export.
 */
export async function absentFamilies(
  db: Kysely<DB>,
  orgId: string,
  source: string,
  importId: string,
  after: string | null,
  limit: number,
): Promise<string[]> {
  let q = db
    .selectFrom('nhi_observations as o')
    .select('o.family')
    .distinct()
    .where('o.org_id', '=', orgId)
    .where('o.source', '=', source)
    .where('o.status', '!=', 'deleted')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('nhi_staging_temp as s')
            .select('s.seq')
            .where('s.import_id', '=', importId)
            .whereRef('s.family', '=', 'o.family'),
        ),
      ),
    );
  if (after !== null) q = q.where('o.family', '>', after);
  const rows = await q.orderBy('o.family').limit(limit).execute();
  return rows.map((r) => r.family);
}

/** Every source's last observation of these identities. */
export async function observationsOf(
  db: Kysely<DB>,
  orgId: string,
  nhiIds: string[],
): Promise<NhiObservationsTable[]> {
  const out: NhiObservationsTable[] = [];
  for (let i = 0; i < nhiIds.length; i += NHI_BATCH) {
    out.push(
      ...(await db
        .selectFrom('nhi_observations')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('nhi_id', 'in', nhiIds.slice(i, i + NHI_BATCH))
        .execute()),
    );
  }
  return out;
}

/** Observations of one source (small sources only: auditready's own tokens). */
export async function observationsOfSource(
  db: Kysely<DB>,
  orgId: string,
  source: string,
): Promise<NhiObservationsTable[]> {
  return db
    .selectFrom('nhi_observations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('source', '=', source)
    .execute();
}

/** Inserts or rewrites observations (one per identity and source). */
export async function upsertObservations(db: WriteTx, rows: NhiObservationsTable[]): Promise<void> {
  await insertInBatches(db, 'nhi_observations', rows, {
    columns: ['nhi_id', 'source'],
    update: ['family', 'import_id', 'observed_at', 'status', 'data'],
  });
}

/** Records that an import saw these identities unchanged. */
export async function markObservationsSeen(
  db: WriteTx,
  orgId: string,
  source: string,
  nhiIds: string[],
  seen: { import_id: string; observed_at: string },
): Promise<void> {
  for (let i = 0; i < nhiIds.length; i += NHI_BATCH) {
    await db
      .updateTable('nhi_observations')
      .set(seen)
      .where('org_id', '=', orgId)
      .where('source', '=', source)
      .where('nhi_id', 'in', nhiIds.slice(i, i + NHI_BATCH))
      .execute();
  }
}

/** Inserts lifecycle events. */
export async function insertEvents(db: WriteTx, rows: NhiEventsTable[]): Promise<void> {
  await insertInBatches(db, 'nhi_events', rows);
}

/** The lifecycle events of one identity, oldest first. */
export async function eventsOf(db: Kysely<DB>, orgId: string, nhiId: string): Promise<NhiEventsTable[]> {
  return db
    .selectFrom('nhi_events')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('nhi_id', '=', nhiId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** The time of the latest `reviewed` event of each of these identities that has one. */
export async function lastReviewsOf(
  db: Kysely<DB>,
  orgId: string,
  nhiIds: string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < nhiIds.length; i += NHI_BATCH) {
    const rows = await db
      .selectFrom('nhi_events')
      .select(({ fn }) => ['nhi_id', fn.max('at').as('at')])
      .where('org_id', '=', orgId)
      .where('type', '=', 'reviewed')
      .where('nhi_id', 'in', nhiIds.slice(i, i + NHI_BATCH))
      .groupBy('nhi_id')
      .execute();
    for (const r of rows) out.set(r.nhi_id, String(r.at));
  }
  return out;
}

/** This source's observations in these families (to find identities a complete export no longer lists). */
export async function sourceObservationsOfFamilies(
  db: Kysely<DB>,
  orgId: string,
  source: string,
  families: string[],
): Promise<NhiObservationsTable[]> {
  if (families.length === 0) return [];
  return db
    .selectFrom('nhi_observations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('source', '=', source)
    .where('family', 'in', families)
    .execute();
}
