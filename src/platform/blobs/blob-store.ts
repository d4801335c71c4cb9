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
 * Content-addressed, write-once storage for evidence files. The file system
 * implementation is the embedded default; an S3-compatible store can
 * implement the same interface.
 */
export interface BlobStore {
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
