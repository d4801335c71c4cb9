import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { Actor } from '../src/core/ledger/chain.js';
import { signerFromSeed } from '../src/core/ledger/signed-note.js';
import { createEngagement } from '../src/modules/engagements/engagement.service.js';
import { addEvidence } from '../src/modules/evidence/evidence.service.js';
import { initializeInstallation } from '../src/modules/installation/initialize.js';
import { preparePackage } from '../src/modules/package/package.service.js';
import { blobStoreFor } from '../src/platform/blobs/fs-blob-store.js';
import { todayIso } from '../src/platform/clock.js';
import { openDatabase } from '../src/platform/db/database.js';
import { median, time } from './measure.js';
import { addRow } from './table.js';

const ACTOR: Actor = { type: 'system', id: 'bench', label: 'bench' };
const FILE_MIB = 8;

/**
 * Consumes a stream into a sink that counts and discards the bytes (what a
 * download hands the network): the two sides differ only in what they do
 * before the bytes leave, not in a shared machine's disk writes.
 */
async function toSink(stream: Readable): Promise<number> {
  let bytes = 0;
  await pipeline(
    stream,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    }),
  );
  return bytes;
}

/** Peak RSS (MiB) sampled every 10 ms while `fn` runs. */
async function peakDuring(fn: () => Promise<void>): Promise<number> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().rss) / 1048576;
}

/**
 * The evidence package export of `totalMiB` of evidence (incompressible
 * files of 8 MiB, effective in the audit period) against a raw stored ZIP
 * of the same blob files written with yazl (no database, no hashing, no
 * manifest), both read to a discarding sink, in turns, `rounds` times each; the
 * medians compared. Also the peak RSS while the package streams, which must
 * not grow with the package. Target: the package ≥ 80% of the raw ZIP's speed.
 */
export async function benchPackageExport(totalMiB: number, rounds = 3): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'auditready-package-'));
  try {
    const dataDir = path.join(dir, 'data');
    const database = await openDatabase({ dataDir });
    const init = await initializeInstallation(database, ACTOR, 'Package bench');
    const orgId = init.organizations[0]!.id;
    const blobs = blobStoreFor(dataDir);
    const stores = { database, blobs };
    const files = Math.max(1, Math.round(totalMiB / FILE_MIB));
    const stored: { sha256: string; size: number; name: string }[] = [];
    for (let i = 0; i < files; i++) {
      const e = await addEvidence(stores, ACTOR, orgId, {
        metadata: { controlCode: 'OPS-01', requirementCode: 'OPS-01-E1', effective: '2026-11-01' },
        content: {
          kind: 'file',
          stream: Readable.from([randomBytes(FILE_MIB * 1024 * 1024)]),
          fileName: `export-${i}.bin`,
        },
      });
      stored.push({ sha256: e.sha256!, size: e.size!, name: `export-${i}.bin` });
    }
    const today = todayIso();
    const engagement = await createEngagement(database, ACTOR, orgId, {
      type: 'type1',
      auditDate: today,
      fieldworkStart: today,
    });
    const signer = signerFromSeed('auditready-bench', randomBytes(32));
    const blobPath = (sha: string) => path.join(dataDir, 'blobs', 'sha256', sha.slice(0, 2), sha.slice(2));

    const raw = async () => {
      const zip = new yazl.ZipFile();
      for (const f of stored) {
        zip.addReadStreamLazy(f.name, { compress: false, size: f.size }, (cb) =>
          cb(null, createReadStream(blobPath(f.sha256))),
        );
      }
      zip.end();
      await toSink(zip.outputStream as Readable);
    };
    let packaged = 0;
    const pkg = async () => {
      const prepared = await preparePackage(stores, signer, orgId, engagement.id);
      packaged = prepared.manifest.files.length;
      await toSink(prepared.open());
    };

    const rawMs: number[] = [];
    const pkgMs: number[] = [];
    let peak = 0;
    for (let r = 0; r < rounds; r++) {
      const order: [number[], () => Promise<void>][] = [
        [rawMs, raw],
        [pkgMs, pkg],
      ];
      if (r % 2 === 1) order.reverse();
      for (const [list, fn] of order) {
        if (fn === pkg)
          peak = Math.max(peak, await peakDuring(async () => void list.push((await time(fn)).ms)));
        else list.push((await time(fn)).ms);
      }
    }
    await database.close();
    if (packaged !== files) throw new Error(`the package holds ${packaged} of ${files} files`);
    const mib = files * FILE_MIB;
    const rawRate = mib / (median(rawMs) / 1000);
    const pkgRate = mib / (median(pkgMs) / 1000);
    const ratio = pkgRate / rawRate;
    addRow({
      benchmark: `package export vs raw stored ZIP (${mib} MiB, peak RSS ${peak.toFixed(0)} MiB)`,
      figure: `${pkgRate.toFixed(0)} MiB/s`,
      baseline: `${rawRate.toFixed(0)} MiB/s`,
      ratio: `${(ratio * 100).toFixed(0)}%`,
      target: '≥ 80%',
      met: ratio >= 0.8,
    });
    console.log(
      `[package] ${mib} MiB in ${files} files, ${rounds} rounds: raw stored ZIP ${rawRate.toFixed(0)} MiB/s, package ${pkgRate.toFixed(0)} MiB/s, ratio ${(ratio * 100).toFixed(0)}% (target ≥ 80%) ${ratio >= 0.8 ? 'OK' : 'MISSED'}; peak RSS while streaming ${peak.toFixed(0)} MiB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
