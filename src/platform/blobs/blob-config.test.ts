import { describe, expect, it } from 'vitest';
import { blobLocationFromEnv, blobStoreFromEnv } from './blob-config.js';
import { DeferredBlobStore } from './deferred-blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

describe('AUDITREADY_BLOBS', () => {
  it('unset or empty: the data folder', () => {
    expect(blobLocationFromEnv({})).toEqual({ kind: 'fs' });
    expect(blobLocationFromEnv({ AUDITREADY_BLOBS: '  ' })).toEqual({ kind: 'fs' });
    const store = blobStoreFromEnv('/srv/auditready', {});
    expect(store).toBeInstanceOf(FsBlobStore);
    expect(store.description).toBe('/srv/auditready/blobs');
  });

  it('s3://bucket/prefix with a custom endpoint: path-style, us-east-1 unless told', async () => {
    expect(
      blobLocationFromEnv({
        AUDITREADY_BLOBS: 's3://audit-evidence/prod/blobs/',
        AWS_ENDPOINT_URL: 'http://minio:9000/',
      }),
    ).toEqual({
      kind: 's3',
      bucket: 'audit-evidence',
      prefix: 'prod/blobs/',
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
    });
    // AUDITREADY_S3_ENDPOINT wins over AWS_ENDPOINT_URL; AWS_REGION over AWS_DEFAULT_REGION.
    expect(
      blobLocationFromEnv({
        AUDITREADY_BLOBS: 's3://b-1',
        AUDITREADY_S3_ENDPOINT: 'https://s3.internal',
        AWS_ENDPOINT_URL: 'http://elsewhere',
        AWS_REGION: 'eu-west-3',
        AWS_DEFAULT_REGION: 'us-west-2',
      }),
    ).toEqual({
      kind: 's3',
      bucket: 'b-1',
      prefix: '',
      endpoint: 'https://s3.internal',
      region: 'eu-west-3',
    });
    const store = blobStoreFromEnv('/data', {
      AUDITREADY_BLOBS: 's3://b-1/x',
      AWS_DEFAULT_REGION: 'eu-central-1',
    });
    // The S3 store (and the AWS SDK) loads with the first use; its description is known before.
    expect(store).toBeInstanceOf(DeferredBlobStore);
    expect(store.description).toBe('s3://b-1/x/');
    const s3 = await (store as DeferredBlobStore).loaded();
    expect(s3).toBeInstanceOf(S3BlobStore);
    expect(s3.description).toBe('s3://b-1/x/');
    expect((s3 as S3BlobStore).keyOf('a'.repeat(64))).toBe(`x/sha256/aa/${'a'.repeat(62)}`);
  });

  it('a deferred store loads once, and again after a load that failed', async () => {
    let loads = 0;
    const fs = new FsBlobStore('/nonexistent/blobs');
    const store = new DeferredBlobStore('deferred', async () => {
      loads++;
      if (loads === 1) throw new Error('SDK missing');
      return fs;
    });
    await expect(store.has('a'.repeat(64))).rejects.toThrow('SDK missing');
    expect(await store.has('a'.repeat(64))).toBe(false);
    expect(await store.has('b'.repeat(64))).toBe(false);
    expect(loads).toBe(2);
    expect(await store.loaded()).toBe(fs);
  });

  it.each([
    ['/var/blobs', 'is not s3://bucket/prefix'],
    ['s3:/bucket', 'is not s3://bucket/prefix'],
    ['gs://bucket/x', 'is not s3://bucket/prefix'],
    ['s3://', 'is not an S3 bucket name'],
    ['s3://Bucket/x', 'is not an S3 bucket name'],
    ['s3://a..b/x', 'is not an S3 bucket name'],
    ['s3://bucket//x', 'has an empty, "." or ".." segment'],
    ['s3://bucket/a/../b', 'has an empty, "." or ".." segment'],
    ['s3://bucket/a b', 'may hold only letters'],
  ])('refuses AUDITREADY_BLOBS=%s with a clear error', (value, message) => {
    expect(() => blobLocationFromEnv({ AUDITREADY_BLOBS: value, AWS_REGION: 'us-east-1' })).toThrow(message);
  });

  it('refuses a bad endpoint, credentials in its URL, and an S3 bucket with no region', () => {
    const base = { AUDITREADY_BLOBS: 's3://bucket' };
    expect(() => blobLocationFromEnv({ ...base, AUDITREADY_S3_ENDPOINT: 'minio:9000' })).toThrow(
      /AUDITREADY_S3_ENDPOINT: "minio:9000" is not an http\(s\) URL|is not a URL/,
    );
    expect(() => blobLocationFromEnv({ ...base, AWS_ENDPOINT_URL: 'not a url' })).toThrow(
      'AWS_ENDPOINT_URL: "not a url" is not a URL',
    );
    expect(() => blobLocationFromEnv({ ...base, AUDITREADY_S3_ENDPOINT: 'http://key:secret@host' })).toThrow(
      'put no credentials in the URL',
    );
    expect(() => blobLocationFromEnv(base)).toThrow('set AWS_REGION');
    expect(() => blobLocationFromEnv({ ...base, AWS_REGION: 'EU WEST' })).toThrow('is not a region name');
  });
});
