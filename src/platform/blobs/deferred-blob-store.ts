import type { Readable } from 'node:stream';
import type { BlobCheck, BlobStore, StoredBlob, StoredBlobInfo } from './blob-store.js';

/**
 * A blob store whose implementation is loaded by its first use: the S3 store
 * brings the AWS SDK (a large module graph that every CLI command would
 * otherwise load at start, evidence or not). Its description is known at
 * once; a load that fails is tried again by the next call.
 */
export class DeferredBlobStore implements BlobStore {
  private store: Promise<BlobStore> | undefined;

  constructor(
    readonly description: string,
    private readonly load: () => Promise<BlobStore>,
  ) {}

  /** The store itself, loaded on first demand. */
  loaded(): Promise<BlobStore> {
    this.store ??= this.load().catch((err: unknown) => {
      this.store = undefined;
      throw err;
    });
    return this.store;
  }

  async put(input: Readable, options?: { maxBytes?: number }): Promise<StoredBlob> {
    return (await this.loaded()).put(input, options);
  }

  async open(sha256: string): Promise<Readable> {
    return (await this.loaded()).open(sha256);
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.loaded()).has(sha256);
  }

  async check(sha256: string): Promise<BlobCheck> {
    return (await this.loaded()).check(sha256);
  }

  async *list(): AsyncIterable<StoredBlobInfo[]> {
    yield* (await this.loaded()).list();
  }

  async remove(sha256: string): Promise<boolean> {
    return (await this.loaded()).remove(sha256);
  }

  async sweepTemp(olderThanMs?: number, now?: number): Promise<string[]> {
    return (await this.loaded()).sweepTemp(olderThanMs, now);
  }
}
