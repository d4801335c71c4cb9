import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, open, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.js';
import {
  type BlobCheck,
  type BlobStore,
  isSha256,
  STALE_TEMP_MS,
  type StoredBlob,
  type StoredBlobInfo,
} from './blob-store.js';
import { HashingLimit, IN_FLIGHT_BYTES } from './hashing.js';

/** A `.part` file untouched this long belongs to no running put (a write in progress renews it with every chunk). */
export { STALE_TEMP_MS } from './blob-store.js';

async function fsyncPath(p: string, flags: string): Promise<void> {
  const handle = await open(p, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Blobs as files under `<root>/sha256/ab/cdef…`. A put streams into a temp
 * file while hashing (one pass, the bytes never copied), fsyncs it, renames
 * it into place (or drops it when the same content is already there), then
 * fsyncs the directory: a crash at any point leaves either no blob or a
 * complete one, never a partial file under a content address. Stored files
 * are never overwritten; the directories are made durable once (`prepare`).
 */
export class FsBlobStore implements BlobStore {
  /** The directory layout, made durable once per store and process (see `prepare`). */
  private layout: Promise<void> | undefined;

  readonly description: string;

  constructor(private readonly root: string) {
    this.description = root;
  }

  /** Where a blob with this hash lives. */
  pathOf(sha256: string): string {
    if (!isSha256(sha256)) throw new AppError('invalid_input', `not a SHA-256: ${sha256}`);
    return path.join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2));
  }

  async put(input: Readable, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    await this.prepare();
    const tmp = path.join(this.root, 'tmp', `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
    const hasher = new HashingLimit(options.maxBytes);
    const out = createWriteStream(tmp, { flags: 'wx', highWaterMark: IN_FLIGHT_BYTES });
    try {
      await pipeline(input, hasher, out);
      await fsyncPath(tmp, 'r');
      const sha256 = hasher.hash.digest('hex');
      const target = this.pathOf(sha256);
      if (await exists(target)) {
        await rm(tmp, { force: true });
        // Stored again: renew its time, so garbage collection treats it as just written (docs/decisions/0010).
        const now = new Date();
        await utimes(target, now, now).catch(() => undefined);
        return { sha256, size: hasher.bytes, created: false };
      }
      await rename(tmp, target);
      await fsyncPath(path.dirname(target), 'r');
      return { sha256, size: hasher.bytes, created: true };
    } catch (err) {
      // An input that fails at once (an upload cut at its limit) can fail the pipeline while the file is
      // still being opened: remove it once the stream has closed, or the open would create it afterwards.
      if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /**
   * Creates `tmp/` and all 256 directories `sha256/00` … `sha256/ff` at the
   * first put, then fsyncs `sha256/`, the root and its parent: every
   * directory a blob is renamed into then exists durably, and a put never
   * creates one (no mkdir, no fsync of a parent per new prefix). Existing
   * directories are kept as they are.
   */
  private prepare(): Promise<void> {
    this.layout ??= (async () => {
      const shards = path.join(this.root, 'sha256');
      await mkdir(path.join(this.root, 'tmp'), { recursive: true });
      await mkdir(shards, { recursive: true });
      await Promise.all(
        Array.from({ length: 256 }, (_, i) =>
          mkdir(path.join(shards, i.toString(16).padStart(2, '0'))).catch((err: NodeJS.ErrnoException) => {
            if (err.code !== 'EEXIST') throw err;
          }),
        ),
      );
      await fsyncPath(shards, 'r');
      await fsyncPath(this.root, 'r');
      await fsyncPath(path.dirname(this.root), 'r');
      await this.sweepTemp();
    })().catch((err: unknown) => {
      this.layout = undefined;
      throw err;
    });
    return this.layout;
  }

  /**
   * Removes `.part` files of `tmp/` left by crashed or killed puts: only
   * those untouched for `olderThanMs` (default ten minutes), so a put
   * another process is writing right now keeps its file. Runs when a
   * process first writes to the store and when `serve` starts; returns the
   * names removed.
   */
  async sweepTemp(olderThanMs = STALE_TEMP_MS, now = Date.now()): Promise<string[]> {
    const dir = path.join(this.root, 'tmp');
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const removed: string[] = [];
    for (const name of names) {
      if (!name.endsWith('.part')) continue;
      const file = path.join(dir, name);
      try {
        const info = await stat(file);
        if (now - info.mtimeMs < olderThanMs) continue;
        await rm(file, { force: true });
        removed.push(name);
      } catch (err) {
        // Finished (renamed or removed) by its own put meanwhile.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    return removed;
  }

  async *list(): AsyncIterable<StoredBlobInfo[]> {
    const shards = path.join(this.root, 'sha256');
    for (let i = 0; i < 256; i++) {
      const prefix = i.toString(16).padStart(2, '0');
      let names: string[];
      try {
        names = await readdir(path.join(shards, prefix));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      const out: StoredBlobInfo[] = [];
      for (const name of names) {
        const sha256 = prefix + name;
        if (!isSha256(sha256)) continue;
        try {
          const info = await stat(path.join(shards, prefix, name));
          out.push({ sha256, size: info.size, storedAt: info.mtimeMs });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
      if (out.length > 0) yield out;
    }
  }

  async remove(sha256: string): Promise<boolean> {
    const file = this.pathOf(sha256);
    if (!(await exists(file))) return false;
    await rm(file, { force: true });
    await fsyncPath(path.dirname(file), 'r');
    return true;
  }

  async open(sha256: string): Promise<Readable> {
    const file = this.pathOf(sha256);
    if (!(await exists(file))) throw new AppError('not_found', `stored file ${sha256} is missing`);
    return createReadStream(file);
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }

  async check(sha256: string): Promise<BlobCheck> {
    const file = this.pathOf(sha256);
    if (!(await exists(file))) return { status: 'missing' };
    const hash = createHash('sha256');
    await pipeline(createReadStream(file), hash);
    const actual = hash.digest('hex');
    return actual === sha256 ? { status: 'ok' } : { status: 'mismatch', actual };
  }
}

/** The blob store of a data folder. */
export function blobStoreFor(dataDir: string): FsBlobStore {
  return new FsBlobStore(path.join(dataDir, 'blobs'));
}
