import type { Actor } from '../../core/ledger/chain.js';
import type { BlobStore } from '../../platform/blobs/blob-store.js';
import type { Database } from '../../platform/db/database.js';
import { write } from '../../platform/ledger/ledger.js';
import { referencedBlobs } from './integrity.repository.js';

/**
 * How long an unreferenced blob is kept: a put stores the content before
 * the transaction that records its row (an evidence upload, an NHI import
 * that parses for minutes), and a put of content already stored renews its
 * time; a blob younger than this may belong to such a write in flight.
 */
export const GC_MIN_AGE_HOURS = 24;

const CHUNK = 500;

/** What a garbage collection found and (unless a dry run) removed. */
export interface BlobGcResult {
  dryRun: boolean;
  /** Blobs looked at. */
  scanned: number;
  /** Referenced by a record. */
  referenced: number;
  /** Unreferenced but younger than the minimum age: kept. */
  young: number;
  /** Unreferenced and old enough: removed (or, in a dry run, would be). */
  removed: { sha256: string; size: number }[];
  bytes: number;
}

/**
 * `auditready blobs gc`: removes stored blobs that no record references
 * (evidence, NHI imports) and that are older than the minimum age, so no
 * write in flight loses its content. The removal is recorded on the
 * installation chain (every hash and the bytes freed) before the files go:
 * a crash in between leaves files the next run removes and records again.
 */
export async function collectBlobGarbage(
  stores: { database: Database; blobs: BlobStore },
  actor: Actor,
  options: { dryRun: boolean; minAgeHours?: number; now?: number },
): Promise<BlobGcResult> {
  const minAgeMs = (options.minAgeHours ?? GC_MIN_AGE_HOURS) * 3600_000;
  const now = options.now ?? Date.now();
  let scanned = 0;
  let referenced = 0;
  let young = 0;
  const candidates: { sha256: string; size: number }[] = [];
  for await (const shard of stores.blobs.list()) {
    for (let i = 0; i < shard.length; i += CHUNK) {
      const chunk = shard.slice(i, i + CHUNK);
      scanned += chunk.length;
      const used = await referencedBlobs(
        stores.database.db,
        chunk.map((b) => b.sha256),
      );
      for (const blob of chunk) {
        if (used.has(blob.sha256)) referenced += 1;
        else if (now - blob.storedAt < minAgeMs) young += 1;
        else candidates.push({ sha256: blob.sha256, size: blob.size });
      }
    }
  }
  const result = (removed: { sha256: string; size: number }[]): BlobGcResult => ({
    dryRun: options.dryRun,
    scanned,
    referenced,
    young,
    removed,
    bytes: removed.reduce((sum, b) => sum + b.size, 0),
  });
  if (options.dryRun || candidates.length === 0) return result(candidates);
  const removed = await write(stores.database, { actor, orgId: null }, async (w) => {
    // Looked up again inside the write: a record committed since the scan keeps its blob.
    const still: { sha256: string; size: number }[] = [];
    for (let i = 0; i < candidates.length; i += CHUNK) {
      const chunk = candidates.slice(i, i + CHUNK);
      const used = await referencedBlobs(
        w.tx,
        chunk.map((b) => b.sha256),
      );
      still.push(...chunk.filter((b) => !used.has(b.sha256)));
    }
    if (still.length > 0) {
      w.record({
        action: 'gc',
        recordType: 'blobs',
        recordId: 'blobs',
        change: {
          removed: still.map((b) => b.sha256).sort(),
          count: still.length,
          bytes: still.reduce((sum, b) => sum + b.size, 0),
          minAgeHours: minAgeMs / 3600_000,
        },
      });
    }
    return still;
  });
  for (const blob of removed) await stores.blobs.remove(blob.sha256);
  return result(removed);
}
