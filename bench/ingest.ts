import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Actor } from '../src/core/ledger/chain.js';
import { addEvidence } from '../src/modules/evidence/evidence.service.js';
import { initializeInstallation } from '../src/modules/installation/initialize.js';
import { blobStoreFor } from '../src/platform/blobs/fs-blob-store.js';
import { openDatabase } from '../src/platform/db/database.js';
import { time } from './measure.js';
import { addRow } from './table.js';

const ACTOR: Actor = { type: 'system', id: 'bench', label: 'bench' };
const FILE_MIB = 16;

/**
 * Ingest of `totalMiB` of evidence files through addEvidence (hash while
 * streaming, fsync, rename, fsync the directory, row + ledger entry + kept
 * readiness facts) against a plain copy of the same bytes with write + fsync,
 * file by file in turns. Target: ingest ≥ 80% of the plain copy. Memory:
 * the resident set is sampled every 10 ms while the ingests alone run (the
 * process's lifetime peak would name whatever ran before in `npm run bench`,
 * such as the readiness benchmarks' 50,000-row stores), and its growth over
 * the resident set before them must stay within 64 MiB whatever the file
 * size: a put streams through a few MiB in flight, never a whole file.
 */
export async function benchIngest(totalMiB: number): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'auditready-ingest-'));
  try {
    const files = Math.max(1, Math.round(totalMiB / FILE_MIB));
    const sources = Array.from({ length: files }, (_, i) => {
      const file = path.join(dir, `source-${i}.bin`);
      writeFileSync(file, randomBytes(FILE_MIB * 1024 * 1024));
      return file;
    });
    const plainDir = path.join(dir, 'plain');
    mkdirSync(plainDir);
    const dataDir = path.join(dir, 'data');
    const database = await openDatabase({ dataDir });
    const init = await initializeInstallation(database, ACTOR, 'Ingest bench');
    const orgId = init.organizations[0]!.id;
    const stores = { database, blobs: blobStoreFor(dataDir) };
    const copy = async (i: number) => {
      const target = path.join(plainDir, `copy-${i}.bin`);
      await pipeline(createReadStream(sources[i]!), createWriteStream(target));
      const h = await open(target, 'r');
      await h.sync();
      await h.close();
    };
    const ingestOne = (i: number) =>
      addEvidence(stores, ACTOR, orgId, {
        metadata: { controlCode: 'OPS-01', requirementCode: 'OPS-01-E1', effective: '2026-11-01' },
        content: { kind: 'file', stream: createReadStream(sources[i]!), fileName: `export-${i}.bin` },
      });
    // Once, unmeasured: the store's first put lays out its 256 directories and fsyncs them, and the
    // first statements are prepared; neither is what each further file costs.
    await addEvidence(stores, ACTOR, orgId, {
      metadata: { controlCode: 'OPS-01', requirementCode: 'OPS-01-E1', effective: '2026-11-01' },
      content: { kind: 'file', stream: Readable.from([randomBytes(1024)]), fileName: 'warm-up.bin' },
    });
    // File by file, alternating which goes first, so that both see the same disk on a shared machine.
    const plain = { ms: 0 };
    const ingest = { ms: 0 };
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampleRss = () => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    };
    for (let i = 0; i < files; i++) {
      const steps: [{ ms: number }, () => Promise<unknown>][] = [
        [plain, () => copy(i)],
        [ingest, () => ingestOne(i)],
      ];
      if (i % 2 === 1) steps.reverse();
      for (const [total, step] of steps) {
        const sampler = total === ingest ? setInterval(sampleRss, 10) : undefined;
        total.ms += (await time(step)).ms;
        if (sampler) {
          clearInterval(sampler);
          sampleRss();
        }
      }
    }
    await database.close();
    const mib = files * FILE_MIB;
    const plainRate = mib / (plain.ms / 1000);
    const ingestRate = mib / (ingest.ms / 1000);
    const mibOf = (bytes: number) => bytes / 1024 / 1024;
    const growth = mibOf(rssPeak - rssBefore);
    addRow({
      benchmark: `evidence ingest vs write+fsync (${mib} MiB, ${FILE_MIB} MiB files)`,
      figure: `${ingestRate.toFixed(0)} MiB/s`,
      baseline: `${plainRate.toFixed(0)} MiB/s`,
      ratio: `${((ingestRate / plainRate) * 100).toFixed(0)}%`,
      target: '≥ 80%',
      met: ingestRate / plainRate >= 0.8,
    });
    addRow({
      benchmark: `evidence ingest, resident memory growth while ingesting (${FILE_MIB} MiB files)`,
      figure: `+${growth.toFixed(0)} MiB (peak ${mibOf(rssPeak).toFixed(0)} MiB)`,
      baseline: `${mibOf(rssBefore).toFixed(0)} MiB before`,
      ratio: '—',
      target: '≤ +64 MiB',
      met: growth <= 64,
    });
    console.log(
      `[ingest] ${mib} MiB in ${files} files: plain write+fsync ${plainRate.toFixed(0)} MiB/s, evidence ingest ${ingestRate.toFixed(0)} MiB/s, ratio ${((ingestRate / plainRate) * 100).toFixed(0)}% (target ≥ 80%) ${ingestRate / plainRate >= 0.8 ? 'OK' : 'MISSED'}; resident ${mibOf(rssBefore).toFixed(0)} MiB before the ingests, peak ${mibOf(rssPeak).toFixed(0)} MiB while they ran (+${growth.toFixed(0)} MiB)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
