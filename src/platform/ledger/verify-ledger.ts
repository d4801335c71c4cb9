import { type ChainBreak, checkEntry, type StoredEntry } from '../../core/ledger/chain.js';
import type { Database } from '../db/database.js';
import type { ActivityTable } from '../db/schema.js';

/** The first entry that breaks a chain, in words and by id. */
export interface LedgerProblem {
  chain: string;
  seq: number;
  entryId: string | null;
  message: string;
}

/** The outcome of re-hashing every chain. */
export interface LedgerVerification {
  ok: boolean;
  entries: number;
  chains: number;
  problems: LedgerProblem[];
}

const PAGE = 5000;

function toStored(row: ActivityTable): StoredEntry | string {
  let change: unknown;
  try {
    change = JSON.parse(row.change);
  } catch {
    return 'its change is not valid JSON';
  }
  return {
    id: row.id,
    chain: row.chain,
    seq: Number(row.seq),
    orgId: row.org_id,
    at: row.at,
    actor: { type: row.actor_type as StoredEntry['actor']['type'], id: row.actor_id, label: row.actor_label },
    action: row.action,
    recordType: row.record_type,
    recordId: row.record_id,
    change,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function describeBreak(b: ChainBreak): string {
  switch (b.kind) {
    case 'sequence':
      return `sequence jumps (expected ${b.expected}): an entry was removed or reordered`;
    case 'prev-hash':
      return 'its link to the previous entry does not match: an earlier entry was changed or removed';
    case 'hash':
      return 'its content does not match its hash: the entry was edited';
  }
}

/**
 * Re-hashes every chain from its first entry, page by page (bounded memory),
 * and reports the first broken entry of each chain, plus any chain whose head
 * disagrees with its last entry (a truncated tail).
 */
export async function verifyLedger(
  database: Database,
  options: { orgId?: string } = {},
): Promise<LedgerVerification> {
  let chainQuery = database.db.selectFrom('ledger_heads').selectAll().orderBy('chain');
  if (options.orgId) chainQuery = chainQuery.where('chain', '=', options.orgId);
  const heads = await chainQuery.execute();
  const problems: LedgerProblem[] = [];
  let entries = 0;
  for (const head of heads) {
    let previous: StoredEntry | null = null;
    let broken = false;
    let afterSeq = -1;
    for (;;) {
      const page = await database.db
        .selectFrom('activity')
        .selectAll()
        .where('chain', '=', head.chain)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(PAGE)
        .execute();
      for (const row of page) {
        entries += 1;
        if (broken) continue;
        const stored = toStored(row);
        if (typeof stored === 'string') {
          problems.push({ chain: head.chain, seq: Number(row.seq), entryId: row.id, message: stored });
          broken = true;
          continue;
        }
        const problem = checkEntry(previous, stored);
        if (problem) {
          problems.push({
            chain: head.chain,
            seq: stored.seq,
            entryId: stored.id,
            message: describeBreak(problem),
          });
          broken = true;
        }
        previous = stored;
      }
      if (page.length < PAGE) break;
      afterSeq = Number(page[page.length - 1]!.seq);
    }
    if (!broken) {
      const lastSeq = previous?.seq ?? 0;
      if (lastSeq !== Number(head.seq) || (previous && previous.hash !== head.hash)) {
        problems.push({
          chain: head.chain,
          seq: Number(head.seq),
          entryId: null,
          message: `the chain head says ${head.seq} entries but the log ends at ${lastSeq}: entries were removed from its end`,
        });
      }
    }
  }
  return { ok: problems.length === 0, entries, chains: heads.length, problems };
}
