/**
 * Inclusion proofs of one identity's lifecycle events (docs/decisions/0032):
 * for each event an import or refresh committed to, the event's stored
 * columns, its leaf hash, its place and the tree's size, the RFC 6962 audit
 * path, and the ledger entry holding the root. With it an auditor checks one
 * identity's history against the chain's signed head without the store.
 */
import { auditPathRanges, MerkleAccumulator } from '../../../core/ledger/merkle.js';
import { batchCommitmentOf, type NhiEventContent, nhiEventHash } from '../../../core/nhi/index.js';
import type { Database } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/errors.js';
import { eventsOf } from '../import/import.repository.js';
import { batchEntryOf, batchEventsPage } from './change.repository.js';
import { resolveNhiKeys } from './keys.js';

const PAGE = 5000;

/** One event's inclusion proof. */
export interface NhiEventProof {
  /** Every column of the event but its hash: SHA-256 of its canonical JSON is `leafHash`. */
  event: NhiEventContent;
  /** The leaf data (hex): RFC 6962 hashes it as SHA-256(0x00 || these 32 bytes). */
  leafHash: string;
  /** The event's place in its batch (0-based) and the number of events the batch committed to. */
  index: number;
  treeSize: number;
  /** Sibling hashes (hex) from the leaf up. */
  auditPath: string[];
  /** The root (hex) the ledger entry holds as `events.root`. */
  root: string;
  /** The ledger entry committing to it: chain, sequence number and hash, as checkpoints sign them. */
  ledgerEntry: { chain: string; seq: number; hash: string; recordType: string; recordId: string };
}

/** The proofs of every event of one identity that an import or refresh committed to, oldest first. */
export async function nhiEventProofs(
  database: Database,
  orgId: string,
  key: string,
): Promise<{ nhiId: string; proofs: NhiEventProof[]; unproved: number }> {
  const [row] = await resolveNhiKeys(database.db, orgId, [key]);
  const events = await eventsOf(database.db, orgId, row!.id);
  const proofs: NhiEventProof[] = [];
  let unproved = 0;
  for (const e of events) {
    if (e.batch_id === null || e.seq === null) {
      unproved++; // a person's act, or written before 0032: its own ledger entry records it
      continue;
    }
    const entry = await batchEntryOf(database.db, orgId, e.batch_id);
    const committed = entry ? batchCommitmentOf(JSON.parse(entry.change))?.events : undefined;
    if (!entry || !committed) {
      throw new AppError(
        'conflict',
        `event ${e.id} names batch ${e.batch_id}, which no ledger entry commits to: run auditready verify`,
      );
    }
    const ranges = auditPathRanges(e.seq, committed.count);
    const trees = ranges.map(() => new MerkleAccumulator());
    let leaf = '';
    for (let after = -1; ; ) {
      const page = await batchEventsPage(database.db, e.batch_id, after, PAGE);
      for (const r of page) {
        const hash = nhiEventHash({ ...r, batch_id: e.batch_id, seq: r.seq as number });
        const seq = r.seq as number;
        if (seq === e.seq) leaf = hash;
        const i = ranges.findIndex(([from, to]) => seq >= from && seq < to);
        if (i >= 0) trees[i]!.append(Buffer.from(hash, 'hex'));
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.seq as number;
    }
    const { hash: _stored, ...content } = e;
    proofs.push({
      event: { ...content, batch_id: e.batch_id, seq: e.seq },
      leafHash: leaf,
      index: e.seq,
      treeSize: committed.count,
      auditPath: trees.map((t) => t.root().toString('hex')),
      root: committed.root,
      ledgerEntry: {
        chain: entry.chain,
        seq: Number(entry.seq),
        hash: entry.hash,
        recordType: entry.record_type,
        recordId: e.batch_id,
      },
    });
  }
  return { nhiId: row!.id, proofs, unproved };
}
