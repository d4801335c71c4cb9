import { LONE_SURROGATE_RE } from '../../core/json-bounds.js';
import { canonicalJson } from '../../core/ledger/canonical-json.js';
import { type Actor, entryHashOfCanonicalChange, GENESIS_HASH } from '../../core/ledger/chain.js';
import { nowIso } from '../clock.js';
import type { Database } from '../db/database.js';
import { insertInBatches } from '../db/insert-batches.js';
import type { ActivityTable } from '../db/schema.js';
import { type WriteTx, withTransaction } from '../db/transaction.js';
import { newId } from '../ids.js';

/** The chain that records installation-wide writes (catalogs, users, organizations list). */
export const INSTALLATION_CHAIN = 'installation';

/** One thing that changed, as a service reports it to the ledger. */
export interface ActivityInput {
  action: string;
  recordType: string;
  recordId: string;
  /** The change itself: a created record, or `{ field: [before, after] }` for updates. */
  change: unknown;
}

/** A write in progress: the transaction to write through, and the ledger to report every change to. */
export interface Write {
  readonly tx: WriteTx;
  readonly actor: Actor;
  readonly orgId: string | null;
  /** Reports one change; the entry is appended, hash-chained, before the transaction commits. */
  record(entry: ActivityInput): void;
  /** Appends the entries reported so far now (still inside the transaction), so a long import keeps few in memory. */
  flush(): Promise<void>;
}

/**
 * Runs `fn` in one transaction and appends an activity entry for every change
 * it records, in that same transaction: the only way services write. The
 * chain head row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite's
 * IMMEDIATE transaction already holds the write lock) so concurrent writers
 * get strictly consecutive sequence numbers and back-links.
 */
export async function write<T>(
  database: Database,
  scope: { actor: Actor; orgId: string | null },
  fn: (w: Write) => Promise<T>,
): Promise<T> {
  return withTransaction(database, async (tx) => {
    let pending: ActivityInput[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      const entries = pending;
      pending = [];
      await appendEntries(database, tx, scope, entries);
    };
    const w: Write = {
      tx,
      actor: scope.actor,
      orgId: scope.orgId,
      record: (e) => pending.push(e),
      flush,
    };
    const result = await fn(w);
    await flush();
    return result;
  });
}

async function appendEntries(
  database: Database,
  tx: WriteTx,
  scope: { actor: Actor; orgId: string | null },
  entries: ActivityInput[],
): Promise<void> {
  const chain = scope.orgId ?? INSTALLATION_CHAIN;
  await tx
    .insertInto('ledger_heads')
    .values({ chain, seq: 0, hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('chain').doNothing())
    .execute();
  let head = tx.selectFrom('ledger_heads').select(['seq', 'hash']).where('chain', '=', chain);
  if (database.dialect === 'postgres') head = head.forUpdate();
  const current = await head.executeTakeFirstOrThrow();
  let seq = Number(current.seq);
  let prev = current.hash;
  const at = nowIso();
  const actor = { ...scope.actor, label: storable(scope.actor.label) };
  const rows: ActivityTable[] = entries.map((input) => {
    seq += 1;
    // Text columns hold UTF-8: an unpaired surrogate would be stored as U+FFFD, so hash what is stored.
    const e = { ...input, action: storable(input.action), recordId: storable(input.recordId) };
    // Normalise the change through canonical JSON so what is hashed is exactly what is stored.
    const changeText = canonicalJson(e.change ?? null);
    const hash = entryHashOfCanonicalChange(
      prev,
      {
        chain,
        seq,
        orgId: scope.orgId,
        at,
        actor,
        action: e.action,
        recordType: e.recordType,
        recordId: e.recordId,
      },
      changeText,
    );
    const row: ActivityTable = {
      id: newId(),
      chain,
      seq,
      org_id: scope.orgId,
      at,
      actor_type: scope.actor.type,
      actor_id: scope.actor.id,
      actor_label: actor.label,
      action: e.action,
      record_type: e.recordType,
      record_id: e.recordId,
      change: changeText,
      prev_hash: prev,
      hash,
    };
    prev = hash;
    return row;
  });
  await insertInBatches(tx, 'activity', rows);
  await tx.updateTable('ledger_heads').set({ seq, hash: prev }).where('chain', '=', chain).execute();
}

/** A string as a UTF-8 text column will keep it: each unpaired surrogate becomes U+FFFD. */
function storable(text: string): string {
  return LONE_SURROGATE_RE.test(text) ? text.replace(LONE_SURROGATE_G, '\uFFFD') : text;
}
const LONE_SURROGATE_G = new RegExp(LONE_SURROGATE_RE.source, 'gu');

/** `{ field: [before, after] }` for every field whose value differs; the shape of update entries. */
export function diff<T extends object>(before: T, after: Partial<T>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    const a = before[key];
    const b = after[key];
    if (b !== undefined && canonicalJson(a) !== canonicalJson(b)) out[String(key)] = [a ?? null, b ?? null];
  }
  return out;
}
