/**
 * Reads a file through a consumer while hashing it as it streams (the hash
 * inside the pipe, never a second read): what every import that keeps the
 * SHA-256 of its input files uses.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type Readable, Transform } from 'node:stream';

/** Streams `file` (or `source`, when given) to `consume`, returning the SHA-256 and size of what it read. */
export async function readHashed(
  file: string,
  consume: (input: Readable) => Promise<void>,
  source: Readable = createReadStream(file),
): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  source.on('error', (err: Error) => hashing.destroy(err));
  try {
    await consume(source.pipe(hashing));
  } finally {
    source.destroy();
  }
  return { sha256: hash.digest('hex'), size };
}
