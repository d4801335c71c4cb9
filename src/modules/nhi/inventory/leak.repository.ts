/** SQL of secret-scanner leaks and of Kubernetes workload-identity links. */
import { type Kysely, sql } from 'kysely';
import { insertInBatches } from '../../../platform/db/insert-batches.js';
import type { DB, NhiLeaksTable, NhiWorkloadLinksTable } from '../../../platform/db/schema.js';
import type { WriteTx } from '../../../platform/db/transaction.js';
import { NHI_BATCH } from './nhi.repository.js';

/** Stored leaks of one scanner with these fingerprints. */
export async function leaksByFingerprints(
  db: Kysely<DB>,
  orgId: string,
  scanner: string,
  fingerprints: string[],
): Promise<NhiLeaksTable[]> {
  if (fingerprints.length === 0) return [];
  return db
    .selectFrom('nhi_leaks')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('scanner', '=', scanner)
    .where('fingerprint', 'in', fingerprints)
    .execute();
}

/** Inserts new leaks and rewrites the scanner's facts of changed ones (link and status stay). */
export async function upsertLeaks(db: WriteTx, rows: NhiLeaksTable[]): Promise<void> {
  await insertInBatches(db, 'nhi_leaks', rows, {
    columns: ['org_id', 'scanner', 'fingerprint'],
    update: [
      'rule',
      'leaked_at',
      'verified',
      'location',
      'hints',
      'redacted',
      'last_seen_import_id',
      'updated_at',
    ],
  });
}

/** Records that an import listed these leaks again, unchanged. */
export async function markLeaksSeen(
  db: WriteTx,
  orgId: string,
  ids: string[],
  importId: string,
): Promise<void> {
  for (let i = 0; i < ids.length; i += NHI_BATCH) {
    await db
      .updateTable('nhi_leaks')
      .set({ last_seen_import_id: importId })
      .where('org_id', '=', orgId)
      .where('id', 'in', ids.slice(i, i + NHI_BATCH))
      .execute();
  }
}

/** Every leak of an organization (or of one identity). */
export async function listLeakRows(db: Kysely<DB>, orgId: string, nhiId?: string): Promise<NhiLeaksTable[]> {
  let q = db.selectFrom('nhi_leaks').selectAll().where('org_id', '=', orgId);
  if (nhiId !== undefined) q = q.where('nhi_id', '=', nhiId);
  return q.orderBy('scanner').orderBy('fingerprint').execute();
}

/** Sets the identity a leak is linked to and its status. */
export async function updateLeakLink(
  db: WriteTx,
  orgId: string,
  id: string,
  link: Pick<NhiLeaksTable, 'nhi_id' | 'link_via' | 'status' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('nhi_leaks').set(link).where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** Every workload-identity link of an organization (or of one service account). */
export async function listWorkloadLinks(
  db: Kysely<DB>,
  orgId: string,
  nhiId?: string,
): Promise<NhiWorkloadLinksTable[]> {
  let q = db.selectFrom('nhi_workload_links').selectAll().where('org_id', '=', orgId);
  if (nhiId !== undefined) q = q.where('nhi_id', '=', nhiId);
  return q.orderBy('nhi_id').orderBy('provider').orderBy('reference').execute();
}

/** Inserts workload-identity links. */
export async function insertWorkloadLinks(db: WriteTx, rows: NhiWorkloadLinksTable[]): Promise<void> {
  await insertInBatches(db, 'nhi_workload_links', rows);
}

/** Removes one workload-identity link. */
export async function deleteWorkloadLink(db: WriteTx, link: NhiWorkloadLinksTable): Promise<void> {
  await db
    .deleteFrom('nhi_workload_links')
    .where('org_id', '=', link.org_id)
    .where('nhi_id', '=', link.nhi_id)
    .where('provider', '=', link.provider)
    .where('reference', '=', link.reference)
    .execute();
}

/**
 * The two scratch tables of one inventory refresh (temporary: never
 * persisted, invisible to other connections, dropped by `dropLeakScratch`
 * at the end of the refresh on both engines): every leak's link
 * keys, indexed, so that a batch of identities finds the few leaks that can
 * concern it; and each leak's best link so far.
 */
export type LeakScratch = {
  tmp_nhi_leak_keys: { key: string; leak_id: string };
  tmp_nhi_leak_links: { leak_id: string; nhi_id: string; via: string; rank: number; content: string };
};

/** The transaction with the scratch tables in view. */
export type ScratchTx = Kysely<DB & LeakScratch>;

/** The refresh's scratch tables, created empty. */
export async function createLeakScratch(db: WriteTx, dialect: 'sqlite' | 'postgres'): Promise<ScratchTx> {
  await dropLeakScratch(db);
  // Session tables on both engines, dropped explicitly at the end of the refresh (PostgreSQL's
  // `on commit drop` lost them in CI's demo build).
  void dialect;
  await sql`create temporary table tmp_nhi_leak_keys (key text not null, leak_id text not null)`.execute(db);
  await sql`create index tmp_nhi_leak_keys_key on tmp_nhi_leak_keys (key)`.execute(db);
  await sql`create temporary table tmp_nhi_leak_links (leak_id text primary key, nhi_id text not null, via text not null, rank integer not null, content text not null)`.execute(
    db,
  );
  await sql`create index tmp_nhi_leak_links_nhi on tmp_nhi_leak_links (nhi_id)`.execute(db);
  return db.withTables<LeakScratch>();
}

/** Drops the scratch tables (a no-op when they do not exist). */
export async function dropLeakScratch(db: WriteTx): Promise<void> {
  await sql`drop table if exists tmp_nhi_leak_keys`.execute(db);
  await sql`drop table if exists tmp_nhi_leak_links`.execute(db);
}

/** Whether the organization has any stored leak. */
export async function hasLeaks(db: Kysely<DB>, orgId: string): Promise<boolean> {
  const row = await db
    .selectFrom('nhi_leaks')
    .select('id')
    .where('org_id', '=', orgId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Where a leak stands in the order of its unique key (scanner, fingerprint): the cursor of a page. */
export interface LeakKey {
  scanner: string;
  fingerprint: string;
}

/** One page of an organization's leaks after `after`, in the order of their unique key (an index scan, no sort). */
export async function pageLeakRows(
  db: Kysely<DB>,
  orgId: string,
  after: LeakKey | null,
  limit: number,
): Promise<NhiLeaksTable[]> {
  let q = db.selectFrom('nhi_leaks').selectAll().where('org_id', '=', orgId);
  if (after !== null) {
    q = q.where((eb) =>
      eb(eb.refTuple('scanner', 'fingerprint'), '>', eb.tuple(after.scanner, after.fingerprint)),
    );
  }
  return q.orderBy('scanner').orderBy('fingerprint').limit(limit).execute();
}

/** Leaks by id. */
export async function leaksByIds(db: Kysely<DB>, orgId: string, ids: string[]): Promise<NhiLeaksTable[]> {
  const out: NhiLeaksTable[] = [];
  for (let i = 0; i < ids.length; i += NHI_BATCH) {
    out.push(
      ...(await db
        .selectFrom('nhi_leaks')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('id', 'in', ids.slice(i, i + NHI_BATCH))
        .execute()),
    );
  }
  return out;
}

/** The ids of the leaks holding any of these link keys. */
export async function leakIdsWithKeys(scratch: ScratchTx, keys: string[]): Promise<string[]> {
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i += NHI_BATCH) {
    const rows = await scratch
      .selectFrom('tmp_nhi_leak_keys')
      .select('leak_id')
      .where('key', 'in', keys.slice(i, i + NHI_BATCH))
      .execute();
    for (const r of rows) out.add(r.leak_id);
  }
  return [...out];
}

/** The best links stored so far of these leaks. */
export async function storedLeakLinks(
  scratch: ScratchTx,
  leakIds: string[],
): Promise<LeakScratch['tmp_nhi_leak_links'][]> {
  const out: LeakScratch['tmp_nhi_leak_links'][] = [];
  for (let i = 0; i < leakIds.length; i += NHI_BATCH) {
    out.push(
      ...(await scratch
        .selectFrom('tmp_nhi_leak_links')
        .selectAll()
        .where('leak_id', 'in', leakIds.slice(i, i + NHI_BATCH))
        .execute()),
    );
  }
  return out;
}

/** The links (leak id, identity id, via) to these identities. */
export async function leakLinksToIdentities(
  scratch: ScratchTx,
  nhiIds: string[],
): Promise<LeakScratch['tmp_nhi_leak_links'][]> {
  const out: LeakScratch['tmp_nhi_leak_links'][] = [];
  for (let i = 0; i < nhiIds.length; i += NHI_BATCH) {
    out.push(
      ...(await scratch
        .selectFrom('tmp_nhi_leak_links')
        .selectAll()
        .where('nhi_id', 'in', nhiIds.slice(i, i + NHI_BATCH))
        .execute()),
    );
  }
  return out;
}
