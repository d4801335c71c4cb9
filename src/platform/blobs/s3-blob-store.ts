import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { AppError } from '../errors.js';
import type { S3Location } from './blob-config.js';
import {
  type BlobCheck,
  type BlobStore,
  isSha256,
  STALE_TEMP_MS,
  type StoredBlob,
  type StoredBlobInfo,
} from './blob-store.js';
import { HashingLimit } from './hashing.js';

/** S3's smallest part (every part but the last); larger parts mean fewer requests. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

/**
 * The largest object one CopyObject moves (S3's limit): a put is refused
 * beyond it, since its content reaches its final key by that copy.
 */
export const MAX_S3_BLOB_BYTES = 5 * 1024 * 1024 * 1024;

/** Where an S3 store keeps its blobs and how it uploads them. */
export interface S3BlobStoreOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix, empty or ending in `/` (`evidence/`): blobs under `<prefix>sha256/ab/cdef…`. */
  prefix: string;
  /** Multipart part size (≥ 5 MiB); default 8 MiB. */
  partSize?: number;
  /** Parts uploaded at once per put; default 4. */
  queueSize?: number;
  /** What `description` says (no credentials); default `s3://bucket/prefix`. */
  description?: string;
}

/** True for the SDK's "no such key" answers (HeadObject has no body, so only its status says so). */
function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/**
 * Blobs as objects under `<prefix>sha256/ab/cdef…` in one bucket of an
 * S3-compatible service. A put streams the content through the hasher into
 * a temporary key `<prefix>tmp/<time>-<random>.part` (lib-storage's Upload:
 * multipart above one part, so memory stays at a few parts whatever the
 * size), then, its hash known, copies it server-side to its content address
 * and deletes the temporary key. The final key is written only by that copy,
 * after the last byte was hashed: a put cut short at any point (the input
 * failing, the process killed) leaves nothing under a content address — at
 * most an unfinished multipart upload (never an object; a bucket lifecycle
 * rule aborts them) or a complete temporary object that `sweepTemp` removes.
 * S3 writes are atomic per key, so a reader sees a whole blob or none.
 */
export class S3BlobStore implements BlobStore {
  readonly description: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(options: S3BlobStoreOptions) {
    if (options.prefix !== '' && !options.prefix.endsWith('/'))
      throw new AppError('invalid_input', `an S3 key prefix ends with "/": ${options.prefix}`);
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = options.prefix;
    this.partSize = Math.max(MIN_PART_BYTES, options.partSize ?? 8 * 1024 * 1024);
    this.queueSize = options.queueSize ?? 4;
    this.description = options.description ?? `s3://${options.bucket}/${options.prefix}`;
  }

  /** The object key of a blob with this hash. */
  keyOf(sha256: string): string {
    if (!isSha256(sha256)) throw new AppError('invalid_input', `not a SHA-256: ${sha256}`);
    return `${this.prefix}sha256/${sha256.slice(0, 2)}/${sha256.slice(2)}`;
  }

  private get tempPrefix(): string {
    return `${this.prefix}tmp/`;
  }

  async put(input: Readable, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const maxBytes = Math.min(options.maxBytes ?? MAX_S3_BLOB_BYTES, MAX_S3_BLOB_BYTES);
    const tmp = `${this.tempPrefix}${Date.now()}-${randomBytes(8).toString('hex')}.part`;
    const hasher = new HashingLimit(maxBytes);
    // The input's own failure (an upload cut at its limit, a dropped connection) is the one reported.
    let inputError: unknown;
    const onInputError = (err: unknown) => {
      inputError ??= err;
      hasher.destroy(err as Error);
    };
    input.once('error', onInputError);
    hasher.once('error', (err) => {
      inputError ??= err;
      input.unpipe(hasher);
      input.destroy();
    });
    input.pipe(hasher);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: tmp, Body: hasher },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      input.off('error', onInputError);
      // As the file store's pipeline does: neither stream is read any further.
      input.unpipe(hasher);
      if (!input.destroyed) input.destroy();
      if (!hasher.destroyed) hasher.destroy();
      // A single-part upload that reached the server before failing is an object: remove it.
      await this.deleteQuietly(tmp);
      throw inputError ?? err;
    }
    try {
      const sha256 = hasher.hash.digest('hex');
      const target = this.keyOf(sha256);
      const existed = await this.has(sha256);
      // Copied even when the content is already there: the same bytes, with a renewed time, so garbage
      // collection treats it as just written (docs/decisions/0010).
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: target,
          CopySource: encodeURI(`${this.bucket}/${tmp}`),
        }),
      );
      return { sha256, size: hasher.bytes, created: !existed };
    } finally {
      await this.deleteQuietly(tmp);
    }
  }

  private async deleteQuietly(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch(() => undefined);
  }

  async open(sha256: string): Promise<Readable> {
    const key = this.keyOf(sha256);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body as Readable;
    } catch (err) {
      if (isNotFound(err)) throw new AppError('not_found', `stored file ${sha256} is missing`);
      throw err;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async check(sha256: string): Promise<BlobCheck> {
    let body: Readable;
    try {
      body = await this.open(sha256);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') return { status: 'missing' };
      throw err;
    }
    const hash = createHash('sha256');
    await pipeline(body, hash);
    const actual = hash.digest('hex');
    return actual === sha256 ? { status: 'ok' } : { status: 'mismatch', actual };
  }

  /** Every object under `prefix`, a listing page (up to 1,000 keys) at a time. */
  private async *objects(prefix: string): AsyncIterable<{ key: string; size: number; at: number }[]> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      yield (page.Contents ?? []).map((o) => ({
        key: o.Key ?? '',
        size: o.Size ?? 0,
        at: o.LastModified?.getTime() ?? 0,
      }));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async *list(): AsyncIterable<StoredBlobInfo[]> {
    const base = `${this.prefix}sha256/`;
    for await (const page of this.objects(base)) {
      const out: StoredBlobInfo[] = [];
      for (const o of page) {
        const sha256 = o.key.slice(base.length).replace('/', '');
        if (isSha256(sha256) && o.key === this.keyOf(sha256))
          out.push({ sha256, size: o.size, storedAt: o.at });
      }
      if (out.length > 0) yield out;
    }
  }

  async remove(sha256: string): Promise<boolean> {
    if (!(await this.has(sha256))) return false;
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
    return true;
  }

  /**
   * Removes temporary objects under `<prefix>tmp/` older than `olderThanMs`:
   * those of puts killed after their upload completed and before its copy.
   * (An unfinished multipart upload is no object; the bucket's lifecycle
   * rule `AbortIncompleteMultipartUpload` frees its parts.) Runs when
   * `serve` starts, which also proves the bucket is reachable.
   */
  async sweepTemp(olderThanMs = STALE_TEMP_MS, now = Date.now()): Promise<string[]> {
    const removed: string[] = [];
    for await (const page of this.objects(this.tempPrefix)) {
      for (const o of page) {
        if (!o.key.endsWith('.part') || now - o.at < olderThanMs) continue;
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: o.key }));
        removed.push(o.key.slice(this.tempPrefix.length));
      }
    }
    return removed;
  }
}

/** The S3 client of a location: path-style against a custom endpoint, checksums only where S3 requires them. */
export function s3ClientFor(location: S3Location): S3Client {
  return new S3Client({
    region: location.region,
    ...(location.endpoint ? { endpoint: location.endpoint, forcePathStyle: true } : {}),
    // S3-compatible servers (MinIO, Ceph, SeaweedFS, …) differ in the newer flexible checksums; the content
    // address (SHA-256 of every byte, checked by `verify`) is the integrity check that matters here.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** The store of an S3 location, with its client (see `s3ClientFor`). */
export function s3BlobStoreAt(location: S3Location, description?: string): S3BlobStore {
  return new S3BlobStore({
    client: s3ClientFor(location),
    bucket: location.bucket,
    prefix: location.prefix,
    ...(description === undefined ? {} : { description }),
  });
}
