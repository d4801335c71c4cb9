/**
 * What one NHI import or inventory refresh commits to in its single ledger
 * entry (docs/decisions/0032): two lists of leaves, its lifecycle events and
 * its other changes (findings opened, resolved or re-rated, leak links,
 * workload links), each leaf the SHA-256 of the row's canonical JSON, in the
 * order of the row's `seq` (0, 1, 2 …). The entry holds each list's count
 * and RFC 6962 Merkle root (leaf data = the 32 hash bytes), so `verify`
 * recomputes both from the rows and an inclusion proof shows one event in
 * its batch.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../ledger/canonical-json.js';
import { MerkleAccumulator } from '../ledger/merkle.js';

/** The columns of a lifecycle event its leaf hash covers (every stored column but the hash). */
export interface NhiEventContent {
  id: string;
  org_id: string;
  nhi_id: string;
  import_id: string | null;
  batch_id: string;
  seq: number;
  type: string;
  at: string;
  /** Canonical JSON text, hashed as the text stored. */
  details: string;
}

/** The columns of a change row its leaf hash covers (every stored column but the hash). */
export interface NhiChangeContent {
  batch_id: string;
  seq: number;
  org_id: string;
  record_type: string;
  record_id: string;
  action: string;
  /** Canonical JSON text, hashed as the text stored. */
  change: string;
}

/** One list's commitment: how many leaves, and their Merkle root (hex). */
export interface LeafListCommitment {
  count: number;
  root: string;
}

/** What a batch's ledger entry holds about the rows it wrote. */
export interface NhiBatchCommitment {
  events: LeafListCommitment;
  changes: LeafListCommitment;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** SHA-256 (hex) of the canonical JSON of an event's columns (`hash` itself excluded). */
export function nhiEventHash(e: NhiEventContent): string {
  return sha256(
    canonicalJson({
      at: e.at,
      batch_id: e.batch_id,
      details: e.details,
      id: e.id,
      import_id: e.import_id,
      nhi_id: e.nhi_id,
      org_id: e.org_id,
      seq: e.seq,
      type: e.type,
    }),
  );
}

/** SHA-256 (hex) of the canonical JSON of a change row's columns (`hash` itself excluded). */
export function nhiChangeHash(c: NhiChangeContent): string {
  return sha256(
    canonicalJson({
      action: c.action,
      batch_id: c.batch_id,
      change: c.change,
      org_id: c.org_id,
      record_id: c.record_id,
      record_type: c.record_type,
      seq: c.seq,
    }),
  );
}

/** A list of leaf hashes growing in `seq` order, with O(log n) memory; its commitment at any time. */
export class LeafList {
  private readonly tree = new MerkleAccumulator();

  /** The `seq` the next leaf gets. */
  get size(): number {
    return this.tree.size;
  }

  /** Appends the next leaf (a hex SHA-256). */
  append(hashHex: string): void {
    this.tree.append(Buffer.from(hashHex, 'hex'));
  }

  commitment(): LeafListCommitment {
    return { count: this.tree.size, root: this.tree.root().toString('hex') };
  }
}

const isCommitment = (v: unknown): v is LeafListCommitment =>
  typeof v === 'object' &&
  v !== null &&
  Number.isInteger((v as LeafListCommitment).count) &&
  typeof (v as LeafListCommitment).root === 'string';

/** The batch commitment a ledger entry's change holds (`events` and `changes`), or null when it holds none. */
export function batchCommitmentOf(change: unknown): NhiBatchCommitment | null {
  if (typeof change !== 'object' || change === null) return null;
  const { events, changes } = change as Record<string, unknown>;
  return isCommitment(events) && isCommitment(changes) ? { events, changes } : null;
}
