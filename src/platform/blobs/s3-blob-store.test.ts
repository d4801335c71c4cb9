import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestS3, type TestS3 } from '../../../test/s3-server.js';
import { AppError } from '../errors.js';
import { S3BlobStore } from './s3-blob-store.js';

const MiB = 1024 * 1024;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** `total` bytes of seeded content in 64 KiB chunks, produced as they are read (never all in memory at once). */
function generated(total: number, seed = 1): { stream: () => Readable; sha256: string } {
  const chunkOf = (i: number) =>
    Buffer.alloc(Math.min(64 * 1024, total - i * 64 * 1024), (i * 31 + seed) % 251);
  const hash = createHash('sha256');
  const count = Math.ceil(total / (64 * 1024));
  for (let i = 0; i < count; i++) hash.update(chunkOf(i));
  return {
    sha256: hash.digest('hex'),
    stream: () =>
      Readable.from(
        (function* () {
          for (let i = 0; i < count; i++) yield chunkOf(i);
        })(),
      ),
  };
}

describe('S3BlobStore against a real S3-protocol server (s3rver)', () => {
  let s3: TestS3;
  let store: S3BlobStore;
  /** The S3 operations the store's client sent, in order. */
  const sent: string[] = [];

  beforeAll(async () => {
    s3 = await startTestS3();
    s3.client.middlewareStack.add(
      (next, context) => (args) => {
        sent.push(context.commandName as string);
        return next(args);
      },
      { step: 'initialize' },
    );
    store = new S3BlobStore({
      client: s3.client,
      bucket: s3.bucket,
      prefix: 'org/evidence/',
      partSize: 5 * MiB,
    });
  });
  afterAll(async () => {
    await s3?.close();
  });

  it('puts content under its SHA-256 (prefix + sha256/ab/cdef…), reads it back, and stores it once', async () => {
    const body = Buffer.from('the access review of March, signed off');
    const first = await store.put(Readable.from([body]));
    expect(first).toEqual({ sha256: sha(body), size: body.length, created: true });
    expect(await s3.keys('org/evidence/')).toEqual([
      `org/evidence/sha256/${first.sha256.slice(0, 2)}/${first.sha256.slice(2)}`,
    ]);
    expect(await store.has(first.sha256)).toBe(true);
    expect((await readAll(await store.open(first.sha256))).equals(body)).toBe(true);
    expect(await store.check(first.sha256)).toEqual({ status: 'ok' });
    const again = await store.put(Readable.from([body]));
    expect(again).toEqual({ ...first, created: false });
    // No temporary object left behind by either put.
    expect(await s3.keys('org/evidence/tmp/')).toEqual([]);
  });

  it('says missing for absent content, and mismatch when the object was changed behind its back', async () => {
    const absent = sha('never stored');
    expect(await store.has(absent)).toBe(false);
    expect(await store.check(absent)).toEqual({ status: 'missing' });
    await expect(store.open(absent)).rejects.toMatchObject({ code: 'not_found' });
    const stored = await store.put(Readable.from([Buffer.from('original bytes')]));
    await s3.putRaw(store.keyOf(stored.sha256), 'edited afterwards');
    expect(await store.check(stored.sha256)).toEqual({
      status: 'mismatch',
      actual: sha('edited afterwards'),
    });
    expect(() => store.keyOf('../../etc/passwd')).toThrow(AppError);
  });

  it('streams a large file as a multipart upload of 5 MiB parts, hashing on the way', async () => {
    const big = generated(13 * MiB + 12_345);
    sent.length = 0;
    const stored = await store.put(big.stream());
    expect(stored).toEqual({ sha256: big.sha256, size: 13 * MiB + 12_345, created: true });
    // Three parts (5 + 5 + 3 MiB): multipart, not one PutObject holding the whole file.
    expect(sent.filter((c) => c === 'UploadPartCommand')).toHaveLength(3);
    expect(sent).toContain('CreateMultipartUploadCommand');
    expect(sent).toContain('CompleteMultipartUploadCommand');
    expect(sent).not.toContain('PutObjectCommand');
    expect(await store.check(stored.sha256)).toEqual({ status: 'ok' });
    expect(sha(await readAll(await store.open(stored.sha256)))).toBe(big.sha256);
  });

  it('refuses content over maxBytes and keeps nothing', async () => {
    const before = await s3.keys('org/evidence/');
    const big = generated(6 * MiB, 7);
    await expect(store.put(big.stream(), { maxBytes: 5 * MiB + 1 })).rejects.toMatchObject({
      code: 'payload_too_large',
    });
    expect(await s3.keys('org/evidence/')).toEqual(before);
    expect(await store.has(big.sha256)).toBe(false);
  });

  it('an input that fails half-way (after a part was uploaded) leaves no object, under its final key or any other', async () => {
    const before = await s3.keys('org/evidence/');
    const whole = generated(12 * MiB, 3);
    const cut = new Error('connection reset by the client');
    let handed = 0;
    const input = new Readable({
      read() {},
    });
    // 7 MiB then the failure: one 5 MiB part is on the server by then.
    sent.length = 0;
    const put = store.put(input);
    for await (const chunk of whole.stream()) {
      input.push(chunk);
      handed += (chunk as Buffer).length;
      if (handed >= 7 * MiB) break;
      await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 200));
    input.destroy(cut);
    await expect(put).rejects.toBe(cut);
    expect(sent).toContain('UploadPartCommand');
    expect(sent).not.toContain('CompleteMultipartUploadCommand');
    expect(sent).not.toContain('CopyObjectCommand');
    expect(await s3.keys('org/evidence/')).toEqual(before);
    expect(await store.has(whole.sha256)).toBe(false);
  });

  it('a put whose process is SIGKILLed mid-upload leaves no object under any final key', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve(import.meta.dirname, '../../../test/s3-put-child.ts')],
      {
        env: { ...process.env, ...s3.env('killed/') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, s) => resolve(s)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no part uploaded in 60 s: ${out}`)), 60_000);
      child.stdout.on('data', () => {
        if (out.includes('uploaded part 2')) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(() => reject(new Error(`the child exited early: ${out}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(out).not.toContain('finished');
    // Two 5 MiB parts were on the server; the multipart upload never completed, so there is no object at all.
    expect(await s3.keys('killed/')).toEqual([]);
    const killedStore = new S3BlobStore({ client: s3.client, bucket: s3.bucket, prefix: 'killed/' });
    expect(await collect(killedStore.list())).toEqual([]);
  }, 90_000);

  it('sweepTemp removes temporary objects a crash left after their upload, only once they are stale', async () => {
    await s3.putRaw('org/evidence/tmp/1700000000000-deadbeef.part', 'left by a put killed before its copy');
    const now = Date.now();
    expect(await store.sweepTemp(10 * 60_000, now)).toEqual([]);
    expect(await store.sweepTemp(10 * 60_000, now + 11 * 60_000)).toEqual(['1700000000000-deadbeef.part']);
    expect(await s3.keys('org/evidence/tmp/')).toEqual([]);
  });

  it('lists every stored blob with its size and time, and removes one', async () => {
    const listed = (await collect(store.list())).flat();
    const keys = await s3.keys('org/evidence/sha256/');
    expect(listed.map((b) => store.keyOf(b.sha256)).sort()).toEqual(keys);
    const big = listed.find((b) => b.size === 13 * MiB + 12_345);
    expect(big).toBeDefined();
    expect(Math.abs(big!.storedAt - Date.now())).toBeLessThan(10 * 60_000);
    expect(await store.remove(big!.sha256)).toBe(true);
    expect(await store.remove(big!.sha256)).toBe(false);
    expect(await store.has(big!.sha256)).toBe(false);
  });
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
