import type { Readable } from 'node:stream';

/** What storing a blob produced: its content address and size. */
export interface StoredBlob {
  sha256: string;
  size: number;
  /** False when identical content was already stored (content is stored once). */
  created: boolean;
}

/** The outcome of re-hashing one stored blob. */
export type BlobCheck = { status: 'ok' } | { status: 'missing' } | { status: 'mismatch'; actual: string };

/**
 * A temporary upload untouched this long belongs to no running put (a put
 * renews it with every chunk, or finishes it within seconds of its last
 * byte): only one stalled for ten minutes or cut short by a crash is this old.
 */
export const STALE_TEMP_MS = 10 * 60 * 1000;

/**
 * Content-addressed, write-once storage for evidence files: the file system
 * store (`fs-blob-store.ts`, the embedded default) or an S3-compatible bucket
 * (`s3-blob-store.ts`), chosen by `AUDITREADY_BLOBS` (`blob-config.ts`).
 */
export interface BlobStore {
  /** Where the blobs live, for start-up lines and errors (a folder, or `s3://bucket/prefix`); never a secret. */
  readonly description: string;
  /** Streams content in, hashing as it goes; refuses content over `maxBytes` (nothing is kept then). */
  put(input: Readable, options?: { maxBytes?: number }): Promise<StoredBlob>;
  /** A stream of the stored content; fails with not_found when absent. */
  open(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  /** Re-hashes stored content and compares it with its address. */
  check(sha256: string): Promise<BlobCheck>;
  /** Every stored blob with the time it was last stored (a put of content already there renews it), shard by shard. */
  list(): AsyncIterable<StoredBlobInfo[]>;
  /** Removes a stored blob (garbage collection only); true when it was there. */
  remove(sha256: string): Promise<boolean>;
  /**
   * Removes temporary uploads left by crashed or killed puts, only those
   * untouched for `olderThanMs` (default {@link STALE_TEMP_MS}), so a put
   * another process is writing right now keeps its upload; returns their names.
   */
  sweepTemp(olderThanMs?: number, now?: number): Promise<string[]>;
}

/** A stored blob as listing sees it. */
export interface StoredBlobInfo {
  sha256: string;
  size: number;
  /** Milliseconds since the epoch of its last put. */
  storedAt: number;
}

/** True for a lowercase hex SHA-256. */
export function isSha256(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}
