import type { Kysely } from 'kysely';
import type { TrackedKind } from '../../core/ledger/record-state.js';
import type { CheckpointsTable, DB } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';

/** A stored row of a tracked kind, keyed by `key` (the record id the log uses). */
export type TrackedRow = { key: string } & Record<string, unknown>;

/**
 * One page of the stored rows of a tracked kind, by key, after `after`:
 * evidence, review decisions (keyed by evidence id), memberships (with the
 * user's e-mail), exceptions (with the approver's e-mail), API tokens.
 */
export async function pageTrackedRows(
  db: Kysely<DB>,
  kind: TrackedKind,
  page: { orgId?: string | undefined; after: string | null; limit: number },
): Promise<TrackedRow[]> {
  const rows = await trackedQuery(db, kind, page.orgId, page.after, page.limit);
  return rows as TrackedRow[];
}

function trackedQuery(
  db: Kysely<DB>,
  kind: TrackedKind,
  orgId: string | undefined,
  after: string | null,
  limit: number,
) {
  switch (kind) {
    case 'evidence': {
      let q = db.selectFrom('evidence').selectAll().select('id as key');
      if (orgId) q = q.where('org_id', '=', orgId);
      if (after !== null) q = q.where('id', '>', after);
      return q.orderBy('id').limit(limit).execute();
    }
    case 'review': {
      let q = db.selectFrom('evidence_reviews').selectAll().select('evidence_id as key');
      if (orgId) q = q.where('org_id', '=', orgId);
      if (after !== null) q = q.where('evidence_id', '>', after);
      return q.orderBy('evidence_id').limit(limit).execute();
    }
    case 'membership': {
      let q = db
        .selectFrom('memberships as m')
        .leftJoin('users as u', 'u.id', 'm.user_id')
        .select([
          'm.id as key',
          'm.org_id',
          'm.user_id',
          'u.email as user_email',
          'm.role',
          'm.person_id',
          'm.engagement_id',
          'm.status',
        ]);
      if (orgId) q = q.where('m.org_id', '=', orgId);
      if (after !== null) q = q.where('m.id', '>', after);
      return q.orderBy('m.id').limit(limit).execute();
    }
    case 'exception': {
      let q = db
        .selectFrom('exceptions as x')
        .leftJoin('people as p', 'p.id', 'x.approver_id')
        .selectAll('x')
        .select(['x.id as key', 'p.email as approver_email']);
      if (orgId) q = q.where('x.org_id', '=', orgId);
      if (after !== null) q = q.where('x.id', '>', after);
      return q.orderBy('x.id').limit(limit).execute();
    }
    case 'api-token': {
      let q = db.selectFrom('api_tokens').selectAll().select('id as key');
      if (orgId) q = q.where('org_id', '=', orgId);
      if (after !== null) q = q.where('id', '>', after);
      return q.orderBy('id').limit(limit).execute();
    }
  }
}

/** The keys among `keys` that have a stored row of the kind. */
export async function existingKeys(db: Kysely<DB>, kind: TrackedKind, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await (kind === 'review'
    ? db.selectFrom('evidence_reviews').select('evidence_id as key').where('evidence_id', 'in', keys)
    : db
        .selectFrom(
          kind === 'evidence'
            ? 'evidence'
            : kind === 'membership'
              ? 'memberships'
              : kind === 'exception'
                ? 'exceptions'
                : 'api_tokens',
        )
        .select('id as key')
        .where('id', 'in', keys)
  ).execute();
  return new Set(rows.map((r) => r.key));
}

/** One ledger entry of a record, as the comparison folds it. */
export interface RecordEntryRow {
  record_id: string;
  action: string;
  org_id: string | null;
  change: string;
}

/** Every ledger entry of the given record type and record ids, oldest first (by time, then chain order). */
export async function entriesOfRecords(
  db: Kysely<DB>,
  recordType: string,
  recordIds: string[],
): Promise<RecordEntryRow[]> {
  if (recordIds.length === 0) return [];
  return db
    .selectFrom('activity')
    .select(['record_id', 'action', 'org_id', 'change'])
    .where('record_type', '=', recordType)
    .where('record_id', 'in', recordIds)
    .orderBy('at')
    .orderBy('seq')
    .execute();
}

/** Inserts a checkpoint unless the chain already has one of that size; true when inserted. */
export async function insertCheckpoint(db: WriteTx, row: CheckpointsTable): Promise<boolean> {
  const result = await db
    .insertInto('checkpoints')
    .values(row)
    .onConflict((oc) => oc.columns(['chain', 'size']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The latest (largest) checkpoint of every chain, or of the given chains. */
export async function latestCheckpoints(db: Kysely<DB>, chains?: string[]): Promise<CheckpointsTable[]> {
  let q = db
    .selectFrom('checkpoints as c')
    .selectAll('c')
    .where(({ eb, selectFrom }) =>
      eb(
        'c.size',
        '=',
        selectFrom('checkpoints as d')
          .select(({ fn }) => fn.max('d.size').as('m'))
          .whereRef('d.chain', '=', 'c.chain'),
      ),
    );
  if (chains) q = q.where('c.chain', 'in', chains.length ? chains : ['']);
  const rows = await q.orderBy('c.chain').execute();
  return rows.map((r) => ({ ...r, size: Number(r.size) }));
}

/** The chains with a head row, and their heads. */
export async function chainHeads(db: Kysely<DB>): Promise<{ chain: string; seq: number; hash: string }[]> {
  const rows = await db.selectFrom('ledger_heads').selectAll().orderBy('chain').execute();
  return rows.map((r) => ({ chain: r.chain, seq: Number(r.seq), hash: r.hash }));
}

/** A page of one chain's entries (hash fields only, or whole rows), after a sequence number. */
export async function chainHashes(db: Kysely<DB>, chain: string, afterSeq: number, limit: number) {
  const rows = await db
    .selectFrom('activity')
    .select(['seq', 'hash', 'prev_hash'])
    .where('chain', '=', chain)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash, prevHash: r.prev_hash }));
}

/** Whole entries of one chain from `fromSeq` to `toSeq` inclusive, in order (a page at most `limit`). */
export async function chainEntries(
  db: Kysely<DB>,
  chain: string,
  afterSeq: number,
  toSeq: number,
  limit: number,
) {
  return db
    .selectFrom('activity')
    .selectAll()
    .where('chain', '=', chain)
    .where('seq', '>', afterSeq)
    .where('seq', '<=', toSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** Which of these blob hashes a record references (evidence, NHI imports, policy versions' text). */
export async function referencedBlobs(db: Kysely<DB>, hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const [evidence, imports, policyTexts] = await Promise.all([
    db.selectFrom('evidence').select('sha256').where('sha256', 'in', hashes).distinct().execute(),
    db.selectFrom('nhi_imports').select('sha256').where('sha256', 'in', hashes).distinct().execute(),
    db.selectFrom('policy_versions').select('sha256').where('sha256', 'in', hashes).distinct().execute(),
  ]);
  const out = new Set<string>();
  for (const r of [...evidence, ...imports, ...policyTexts]) if (r.sha256) out.add(r.sha256);
  return out;
}
