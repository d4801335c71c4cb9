/**
 * The rows one NHI import or inventory refresh writes under its single
 * ledger entry (docs/decisions/0032): each lifecycle event gets the batch id,
 * its `seq` and its content hash; each other change (finding, leak link,
 * workload link) becomes a `nhi_changes` row the same way. The batch keeps
 * only the two growing Merkle trees' frontiers and the change rows not yet
 * written, so its memory does not grow with the import.
 */

import { canonicalJson } from '../../../core/ledger/canonical-json.js';
import { LeafList, type NhiBatchCommitment, nhiChangeHash, nhiEventHash } from '../../../core/nhi/index.js';
import type { NhiChangesTable, NhiEventsTable } from '../../../platform/db/schema.js';
import type { WriteTx } from '../../../platform/db/transaction.js';
import { insertChanges } from './change.repository.js';

/** A lifecycle event before the batch numbers and hashes it. */
export type UnnumberedEvent = Omit<NhiEventsTable, 'batch_id' | 'seq' | 'hash'>;

/** One import's or refresh's changes in the making; see the module comment. */
export class NhiChangeBatch {
  private readonly events = new LeafList();
  private readonly changes = new LeafList();
  private pending: NhiChangesTable[] = [];

  constructor(
    /** The import's id, or the refresh's own. */
    readonly id: string,
    readonly orgId: string,
  ) {}

  /** Rows committed to so far. */
  get size(): number {
    return this.events.size + this.changes.size;
  }

  /** Numbers and hashes a lifecycle event; the caller inserts the row returned. */
  event(row: UnnumberedEvent): NhiEventsTable {
    const numbered = { ...row, batch_id: this.id, seq: this.events.size };
    const hash = nhiEventHash(numbered);
    this.events.append(hash);
    return { ...numbered, hash };
  }

  /** Records one change (written by the next {@link flush}). */
  change(c: { recordType: string; recordId: string; action: string; change: unknown }): void {
    const row = {
      batch_id: this.id,
      seq: this.changes.size,
      org_id: this.orgId,
      record_type: c.recordType,
      record_id: c.recordId,
      action: c.action,
      change: canonicalJson(c.change ?? null),
    };
    const hash = nhiChangeHash(row);
    this.changes.append(hash);
    this.pending.push({ ...row, hash });
  }

  /** Writes the change rows recorded since the last flush. */
  async flush(tx: WriteTx): Promise<void> {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    await insertChanges(tx, rows);
  }

  /** What the batch's ledger entry holds: each list's count and Merkle root. */
  commitment(): NhiBatchCommitment {
    return { events: this.events.commitment(), changes: this.changes.commitment() };
  }
}
