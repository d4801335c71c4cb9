// Evidence put throughput into an S3-compatible bucket (docs/decisions/0034) against the file store on this
// machine, in turns so both see the same load: MiB/s of `put` for one file of M MiB of random content each
// round (multipart upload to a temporary key, server-side copy, delete), median of the rounds. Runs only when
// an S3 endpoint is configured (`AUDITREADY_BLOBS=s3://bucket/prefix` with `AUDITREADY_S3_ENDPOINT` or AWS
// itself, and credentials); otherwise it says so and adds no row. No target: the figure depends on the
// S3 service and the network far more than on auditready.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { blobLocationFromEnv, blobStoreFromEnv } from '../src/platform/blobs/blob-config.js';
import type { BlobStore } from '../src/platform/blobs/blob-store.js';
import { blobStoreFor } from '../src/platform/blobs/fs-blob-store.js';
import { median } from './measure.js';
import { addRow } from './table.js';

/** One file of `mib` MiB (fresh content each time: never deduplicated) in 1 MiB chunks; MiB/s of its put. */
async function putRate(store: BlobStore, mib: number): Promise<number> {
  const chunks = Array.from({ length: mib }, () => randomBytes(1024 * 1024));
  const started = performance.now();
  const stored = await store.put(Readable.from(chunks));
  const seconds = (performance.now() - started) / 1000;
  await store.remove(stored.sha256);
  return mib / seconds;
}

export async function benchS3Put(mib: number, rounds: number): Promise<void> {
  const location = blobLocationFromEnv();
  if (location.kind !== 's3') {
    console.log('[s3] skipped: no S3 endpoint configured (AUDITREADY_BLOBS=s3://bucket/prefix)');
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'auditready-bench-s3-'));
  try {
    const s3 = blobStoreFromEnv(dir);
    const fs = blobStoreFor(dir);
    await putRate(s3, 1);
    await putRate(fs, 1);
    const s3Rates: number[] = [];
    const fsRates: number[] = [];
    for (let i = 0; i < rounds; i++) {
      s3Rates.push(await putRate(s3, mib));
      fsRates.push(await putRate(fs, mib));
    }
    const [s, f] = [median(s3Rates), median(fsRates)];
    const load = loadavg()[0]!.toFixed(1);
    console.log(
      `[s3] put of ${mib} MiB, median of ${rounds}: ${s.toFixed(0)} MiB/s into ${s3.description}, ${f.toFixed(0)} MiB/s into the file store (load ${load})`,
    );
    addRow({
      benchmark: `evidence put into S3 (${mib} MiB, ${s3.description}; load ${load})`,
      figure: `${s.toFixed(0)} MiB/s`,
      baseline: `${f.toFixed(0)} MiB/s file store`,
      ratio: `${(s / f).toFixed(2)}×`,
      target: '— (the S3 service sets it)',
      met: true,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
