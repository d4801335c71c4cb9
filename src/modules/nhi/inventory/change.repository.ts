/** SQL of the rows NHI batches commit to (docs/decisions/0032): change rows, and both lists read back in order. */
import type { Kysely } from 'kysely';
import { insertInBatches } from '../../../platform/db/insert-batches.js';
import type { DB, NhiChangesTable, NhiEventsTable } from '../../../platform/db/schema.js';
import type { WriteTx } from '../../../platform/db/transaction.js';

export async function insertChanges(tx: WriteTx, rows: NhiChangesTable[]): Promise<void> {
  await insertInBatches(tx, 'nhi_changes', rows);
}

/** One page of a batch's events in `seq` order, from `afterSeq` (exclusive). */
export async function batchEventsPage(
  db: Kysely<DB>,
  batchId: string,
  afterSeq: number,
  limit: number,
): Promise<NhiEventsTable[]> {
  return db
    .selectFrom('nhi_events')
    .selectAll()
    .where('batch_id', '=', batchId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** One page of a batch's change rows in `seq` order, from `afterSeq` (exclusive). */
export async function batchChangesPage(
  db: Kysely<DB>,
  batchId: string,
  afterSeq: number,
  limit: number,
): Promise<NhiChangesTable[]> {
  return db
    .selectFrom('nhi_changes')
    .selectAll()
    .where('batch_id', '=', batchId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** Batch ids that rows name, a page at a time in id order (both tables), from `after` (exclusive). */
export async function batchIdsPage(
  db: Kysely<DB>,
  table: 'nhi_events' | 'nhi_changes',
  orgId: string | undefined,
  after: string,
  limit: number,
): Promise<string[]> {
  let q = db
    .selectFrom(table)
    .select('batch_id')
    .distinct()
    .where('batch_id', 'is not', null)
    .where('batch_id', '>', after);
  if (orgId) q = q.where('org_id', '=', orgId);
  const rows = await q.orderBy('batch_id').limit(limit).execute();
  return rows.map((r) => r.batch_id as string);
}

/** The ledger entry that commits to a batch (the import's, or the refresh's), if any. */
export async function batchEntryOf(
  db: Kysely<DB>,
  orgId: string,
  batchId: string,
): Promise<{ chain: string; seq: number; hash: string; record_type: string; change: string } | undefined> {
  return db
    .selectFrom('activity')
    .select(['chain', 'seq', 'hash', 'record_type', 'change'])
    .where('chain', '=', orgId)
    .where('record_type', 'in', ['nhi-import', 'nhi-refresh'])
    .where('record_id', '=', batchId)
    .executeTakeFirst();
}
