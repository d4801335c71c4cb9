// A real S3-protocol server for the tests (s3rver: pure JavaScript, objects as files in a temp folder),
// listening on 127.0.0.1 at a free port, with one bucket; and the environment a child process needs to use it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { s3ClientFor } from '../src/platform/blobs/s3-blob-store.js';

/** s3rver's fixed credentials (it checks request signatures against them). */
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** An SDK client on the server (what the store uses, built the same way). */
  client: S3Client;
  /** `AUDITREADY_BLOBS`, the endpoint and credentials for a child process (`auditready serve`, the CLI). */
  env(prefix: string): Record<string, string>;
  /** Every key under `prefix`. */
  keys(prefix: string): Promise<string[]>;
  /** Writes an object behind the store's back (tampering, a temp left by a crash). */
  putRaw(key: string, body: string | Buffer): Promise<void>;
  deleteRaw(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts s3rver with one bucket in a temp folder. */
export async function startTestS3(bucket = 'evidence'): Promise<TestS3> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'auditready-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  // The SDK reads credentials from the environment (its default chain): set them for this process too.
  Object.assign(process.env, CREDENTIALS);
  const client = s3ClientFor({ kind: 's3', bucket, prefix: '', endpoint, region: 'us-east-1' });
  const keys = async (prefix: string) => {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      out.push(...(page.Contents ?? []).map((o) => o.Key!));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort();
  };
  return {
    endpoint,
    bucket,
    client,
    env: (prefix) => ({
      AUDITREADY_BLOBS: `s3://${bucket}/${prefix}`,
      AUDITREADY_S3_ENDPOINT: endpoint,
      AWS_REGION: 'us-east-1',
      ...CREDENTIALS,
    }),
    keys,
    putRaw: async (key, body) => {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    deleteRaw: async (key) => {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    close: async () => {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
