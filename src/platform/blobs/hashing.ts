import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../errors.js';

/**
 * How much a put keeps in flight between hashing and the disk (or the
 * network). Node's default of 16 KiB lets one chunk through at a time, so
 * hashing and writing take turns; a few MiB let the next chunks hash while
 * the last ones are written.
 */
export const IN_FLIGHT_BYTES = 4 * 1024 * 1024;

/**
 * Passes bytes through unchanged while hashing them (SHA-256) and counting
 * them; fails with payload_too_large once more than `maxBytes` went by.
 * Every blob store's put streams through one: the content address is known
 * when the last byte has passed, without a second read.
 */
export class HashingLimit extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;

  constructor(private readonly maxBytes: number | undefined) {
    super({ highWaterMark: IN_FLIGHT_BYTES });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.maxBytes !== undefined && this.bytes > this.maxBytes) {
      done(new AppError('payload_too_large', `the file is larger than the limit of ${this.maxBytes} bytes`));
      return;
    }
    // Hand the chunk on first: its write starts in the thread pool while this thread hashes it.
    done(null, chunk);
    this.hash.update(chunk);
  }
}
