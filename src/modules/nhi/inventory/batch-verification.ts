/**
 * `verify`'s check of NHI batches (docs/decisions/0032): during the chain
 * walk it collects every import's and inventory refresh's commitment (count
 * and Merkle root of its events and of its other changes); afterwards it
 * re-hashes each batch's rows a page at a time in `seq` order and compares
 * both roots, and looks for rows naming a batch no entry commits to. An
 * edited, inserted, deleted or reordered row fails and names the import.
 */
import {
  batchCommitmentOf,
  LeafList,
  type LeafListCommitment,
  type NhiBatchCommitment,
  nhiChangeHash,
  nhiEventHash,
} from '../../../core/nhi/index.js';
import type { Database } from '../../../platform/db/database.js';
import type { ActivityTable } from '../../../platform/db/schema.js';
import { batchChangesPage, batchEventsPage, batchIdsPage } from './change.repository.js';

/** Rows read per query. */
const PAGE = 5000;
/** Problems listed; the rest are counted. */
const MAX_REPORTED = 1000;

/** Ledger record types whose entries commit to a batch. */
const BATCH_RECORD_TYPES: Record<string, string> = {
  'nhi-import': 'NHI import',
  'nhi-refresh': 'NHI inventory refresh',
};

/** What the check found. */
export interface NhiBatchReport {
  batches: number;
  rows: number;
  problems: string[];
  more: number;
}

interface Committed {
  what: string;
  entry: string;
  commitment: NhiBatchCommitment;
}

/** Starts the check: feed it every walked entry with `visit`, then `finish`. */
export function nhiBatchVerification(database: Database, options: { orgId?: string | undefined } = {}) {
  const batches = new Map<string, Committed>();
  const report: NhiBatchReport = { batches: 0, rows: 0, problems: [], more: 0 };
  const problem = (message: string) => {
    if (report.problems.length < MAX_REPORTED) report.problems.push(message);
    else report.more++;
  };

  /** Re-hashes one list of a batch in `seq` order: its count and root as the rows are now. */
  async function recompute<R extends { seq: number | null; hash: string | null }>(
    name: string,
    label: string,
    page: (afterSeq: number) => Promise<R[]>,
    hashOf: (row: R & { seq: number }) => string,
    idOf: (row: R) => string,
  ): Promise<LeafListCommitment> {
    const list = new LeafList();
    for (let after = -1; ; ) {
      const rows = await page(after);
      for (const row of rows) {
        const seq = row.seq as number;
        if (seq !== list.size) {
          problem(
            `${name}: ${label} #${seq} stands where #${list.size} should: a row is missing or out of place`,
          );
        }
        const hash = hashOf({ ...row, seq });
        if (hash !== row.hash)
          problem(`${name}: ${label} ${idOf(row)} (#${seq}) was changed after it was written`);
        list.append(hash);
        report.rows++;
      }
      if (rows.length < PAGE) return list.commitment();
      after = rows[rows.length - 1]!.seq as number;
    }
  }

  return {
    visit(row: ActivityTable): void {
      const what = BATCH_RECORD_TYPES[row.record_type];
      if (!what) return;
      let change: unknown;
      try {
        change = JSON.parse(row.change);
      } catch {
        return; // the chain walk reports an entry it cannot read
      }
      const commitment = batchCommitmentOf(change);
      if (commitment) {
        batches.set(row.record_id, { what, entry: `${row.chain}#${row.seq}`, commitment });
      }
    },

    async finish(): Promise<NhiBatchReport> {
      const db = database.db;
      for (const [id, b] of batches) {
        report.batches++;
        const name = `${b.what} ${id} (ledger entry ${b.entry})`;
        const events = await recompute(
          name,
          'lifecycle event',
          (after) => batchEventsPage(db, id, after, PAGE),
          (r) => nhiEventHash({ ...r, batch_id: id }),
          (r) => r.id,
        );
        const changes = await recompute(
          name,
          'change',
          (after) => batchChangesPage(db, id, after, PAGE),
          (r) => nhiChangeHash(r),
          (r) => `${r.record_type} ${r.record_id} ${r.action}`,
        );
        for (const [label, now, then] of [
          ['lifecycle events', events, b.commitment.events],
          ['changes', changes, b.commitment.changes],
        ] as const) {
          if (now.count !== then.count) {
            problem(`${name}: it committed to ${then.count} ${label}, the store now holds ${now.count}`);
          } else if (now.root !== then.root) {
            problem(`${name}: its ${label} no longer hash to the Merkle root it committed to`);
          }
        }
      }
      for (const table of ['nhi_events', 'nhi_changes'] as const) {
        for (let after = ''; ; ) {
          const ids = await batchIdsPage(db, table, options.orgId, after, PAGE);
          for (const id of ids) {
            if (!batches.has(id)) {
              problem(
                `${table} rows name batch ${id}, which no NHI import's or refresh's ledger entry commits to`,
              );
            }
          }
          if (ids.length < PAGE) break;
          after = ids[ids.length - 1]!;
        }
      }
      return report;
    },
  };
}
