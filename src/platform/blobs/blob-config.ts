import { AppError } from '../errors.js';
import type { BlobStore } from './blob-store.js';
import { DeferredBlobStore } from './deferred-blob-store.js';
import { blobStoreFor } from './fs-blob-store.js';

/** An S3 bucket (and key prefix) as `AUDITREADY_BLOBS` names it. */
export type S3Location = Extract<BlobLocation, { kind: 's3' }>;

/** Where evidence files are kept, as `AUDITREADY_BLOBS` says. */
export type BlobLocation =
  | { kind: 'fs' }
  | {
      kind: 's3';
      bucket: string;
      /** Empty or ending in `/`. */
      prefix: string;
      /** A custom S3-compatible endpoint (path-style requests), or null for AWS itself. */
      endpoint: string | null;
      region: string;
    };

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function bad(message: string): AppError {
  return new AppError('invalid_input', message);
}

/**
 * Reads `AUDITREADY_BLOBS` (unset: the data folder's `blobs/`;
 * `s3://bucket[/prefix]`: an S3-compatible bucket), the endpoint
 * (`AUDITREADY_S3_ENDPOINT`, else `AWS_ENDPOINT_URL`) and the region
 * (`AWS_REGION`, else `AWS_DEFAULT_REGION`; `us-east-1` with a custom
 * endpoint). A value that names no store is refused with what was wrong,
 * before anything starts. Credentials are the SDK's own chain
 * (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, a profile, an instance role):
 * never read, kept or logged here.
 */
export function blobLocationFromEnv(env: NodeJS.ProcessEnv = process.env): BlobLocation {
  const raw = env.AUDITREADY_BLOBS?.trim();
  if (!raw) return { kind: 'fs' };
  const m = /^s3:\/\/([^/]*)(?:\/(.*))?$/.exec(raw);
  if (!m)
    throw bad(
      `AUDITREADY_BLOBS: "${raw}" is not s3://bucket/prefix (leave it unset to keep evidence in the data folder)`,
    );
  const bucket = m[1]!;
  if (!BUCKET.test(bucket) || bucket.includes('..'))
    throw bad(
      `AUDITREADY_BLOBS: "${bucket}" is not an S3 bucket name (3–63 lowercase letters, digits, dots and hyphens)`,
    );
  const path = (m[2] ?? '').replace(/\/+$/, '');
  const segments = path === '' ? [] : path.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..')
      throw bad(`AUDITREADY_BLOBS: the prefix "${path}" has an empty, "." or ".." segment`);
    if (!/^[A-Za-z0-9!_.*'()-]+$/.test(segment))
      throw bad(
        `AUDITREADY_BLOBS: the prefix "${path}" may hold only letters, digits and !_.*'()- between slashes`,
      );
  }
  const prefix = path === '' ? '' : `${path}/`;
  const endpointRaw = (env.AUDITREADY_S3_ENDPOINT || env.AWS_ENDPOINT_URL || '').trim();
  let endpoint: string | null = null;
  if (endpointRaw) {
    const name = env.AUDITREADY_S3_ENDPOINT ? 'AUDITREADY_S3_ENDPOINT' : 'AWS_ENDPOINT_URL';
    let url: URL;
    try {
      url = new URL(endpointRaw);
    } catch {
      throw bad(`${name}: "${endpointRaw}" is not a URL like http://127.0.0.1:9000`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw bad(`${name}: "${endpointRaw}" is not an http(s) URL`);
    if (url.username || url.password)
      throw bad(`${name}: put no credentials in the URL; use AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`);
    endpoint = url.toString().replace(/\/$/, '');
  }
  const region = (env.AWS_REGION || env.AWS_DEFAULT_REGION || '').trim() || (endpoint ? 'us-east-1' : '');
  if (!region) throw bad('AUDITREADY_BLOBS is an S3 bucket: set AWS_REGION (or a custom endpoint)');
  if (!/^[a-z0-9-]+$/.test(region)) throw bad(`AWS_REGION: "${region}" is not a region name`);
  return { kind: 's3', bucket, prefix, endpoint, region };
}

/** The blob store `AUDITREADY_BLOBS` names: the data folder's (default) or an S3 bucket. */
export function blobStoreFromEnv(dataDir: string, env: NodeJS.ProcessEnv = process.env): BlobStore {
  const location = blobLocationFromEnv(env);
  if (location.kind === 'fs') return blobStoreFor(dataDir);
  // The AWS SDK loads with the first blob read or write, not with every command that might make one.
  const description = `s3://${location.bucket}/${location.prefix}${location.endpoint ? ` at ${location.endpoint}` : ''}`;
  return new DeferredBlobStore(description, async () =>
    (await import('./s3-blob-store.js')).s3BlobStoreAt(location, description),
  );
}
