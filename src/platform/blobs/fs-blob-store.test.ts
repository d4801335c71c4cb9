import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { FsBlobStore } from './fs-blob-store.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('FsBlobStore', () => {
  let root: string;
  let store: FsBlobStore;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'blobs-'));
    store = new FsBlobStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores content under sha256/ab/cdef… and reads it back', async () => {
    const blob = await store.put(Readable.from(['hello ', 'world']));
    expect(blob).toEqual({ sha256: sha('hello world'), size: 11, created: true });
    const file = path.join(root, 'sha256', blob.sha256.slice(0, 2), blob.sha256.slice(2));
    expect(readFileSync(file, 'utf8')).toBe('hello world');
    const chunks: Buffer[] = [];
    for await (const c of await store.open(blob.sha256)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('hello world');
  });

  it('stores the same content once and never overwrites it', async () => {
    const first = await store.put(Readable.from(['same']));
    const second = await store.put(Readable.from(['same']));
    expect(second).toEqual({ ...first, created: false });
    expect(readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('lays out all 256 prefix directories at the first put, so no put creates one', async () => {
    await store.put(Readable.from(['first']));
    const shards = readdirSync(path.join(root, 'sha256'));
    expect(shards).toHaveLength(256);
    expect(shards).toContain('00');
    expect(shards).toContain('ff');
  });

  it('stores into directories another store (or process) already created', async () => {
    const first = 'content 0';
    let second = 1;
    while (sha(`content ${second}`).slice(0, 2) !== sha(first).slice(0, 2)) second++;
    await store.put(Readable.from([first]));
    const other = new FsBlobStore(root);
    const blob = await other.put(Readable.from([`content ${second}`]));
    expect(blob.created).toBe(true);
    expect(readdirSync(path.join(root, 'sha256', blob.sha256.slice(0, 2))).sort()).toEqual(
      [sha(first).slice(2), blob.sha256.slice(2)].sort(),
    );
  });

  it('refuses content over the limit and keeps nothing', async () => {
    const err = await store.put(Readable.from(['x'.repeat(100)]), { maxBytes: 10 }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('payload_too_large');
    expect(readdirSync(path.join(root, 'tmp'))).toEqual([]);
    expect(await store.has(sha('x'.repeat(100)))).toBe(false);
  });

  it('reports missing and tampered blobs', async () => {
    const blob = await store.put(Readable.from(['original']));
    expect(await store.check(blob.sha256)).toEqual({ status: 'ok' });
    writeFileSync(store.pathOf(blob.sha256), 'tampered');
    expect(await store.check(blob.sha256)).toEqual({ status: 'mismatch', actual: sha('tampered') });
    expect(await store.check(sha('never stored'))).toEqual({ status: 'missing' });
  });

  it('rejects addresses that are not SHA-256 (no path traversal)', () => {
    expect(() => store.pathOf('../../etc/passwd')).toThrow('not a SHA-256');
  });
});

describe('FsBlobStore hygiene', () => {
  let root: string;
  let store: FsBlobStore;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'blobs-'));
    store = new FsBlobStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('sweeps .part files untouched for ten minutes, and keeps ones a put may still be writing', async () => {
    const tmp = path.join(root, 'tmp');
    mkdirSync(tmp, { recursive: true });
    const stale = path.join(tmp, 'stale.part');
    const fresh = path.join(tmp, 'fresh.part');
    writeFileSync(stale, 'cut short');
    writeFileSync(fresh, 'being written');
    writeFileSync(path.join(tmp, 'notes.txt'), 'not ours');
    const old = new Date(Date.now() - 11 * 60 * 1000);
    utimesSync(stale, old, old);
    expect(await store.sweepTemp()).toEqual(['stale.part']);
    expect(readdirSync(tmp).sort()).toEqual(['fresh.part', 'notes.txt']);
  });

  it('sweeps stale .part files when a process first writes to the store', async () => {
    const tmp = path.join(root, 'tmp');
    mkdirSync(tmp, { recursive: true });
    const stale = path.join(tmp, 'crashed.part');
    writeFileSync(stale, 'x');
    const old = new Date(Date.now() - 60 * 60 * 1000);
    utimesSync(stale, old, old);
    await store.put(Readable.from(['content']));
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('lists stored blobs, renews the time of content stored again, and removes one', async () => {
    const blob = await store.put(Readable.from(['kept once']));
    const old = new Date(Date.now() - 48 * 3600 * 1000);
    utimesSync(store.pathOf(blob.sha256), old, old);
    const listed = async () => {
      const out = [];
      for await (const shard of store.list()) out.push(...shard);
      return out;
    };
    expect((await listed())[0]).toMatchObject({ sha256: blob.sha256, size: 9 });
    expect((await listed())[0]!.storedAt).toBeLessThan(Date.now() - 47 * 3600 * 1000);
    await store.put(Readable.from(['kept once']));
    expect((await listed())[0]!.storedAt).toBeGreaterThan(Date.now() - 60 * 1000);
    expect(await store.remove(blob.sha256)).toBe(true);
    expect(await store.remove(blob.sha256)).toBe(false);
    expect(await listed()).toEqual([]);
  });
});
