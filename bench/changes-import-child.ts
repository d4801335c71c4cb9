// The change import benchmark's child process: one `importChanges` of one export directory into an initialized
// store, measured from inside, so that its peak resident memory is the import's own and not that of the benchmark
// (which generates the export in memory). Prints one JSON line: wall time, this process's CPU time (user +
// system, all threads) and peak RSS.
// `node --import tsx bench/changes-import-child.ts EXPORT_DIR DATA_DIR AT` (PostgreSQL when DATABASE_URL is set); the benchmarks run it bundled (bench/child-bundle.ts).
// Like the `auditready changes import` command, it sets V8's heap growth first (src/platform/heap.ts).
import type { Actor } from '../src/core/ledger/chain.js';
import { importChanges } from '../src/modules/changes/changes.import.js';
import { resolveOrganization } from '../src/modules/organizations/organization.service.js';
import { blobStoreFor } from '../src/platform/blobs/fs-blob-store.js';
import { openDatabase } from '../src/platform/db/database.js';
import { boundHeapGrowth, HEAP_GROWTH } from '../src/platform/heap.js';

const [location, dataDir, at] = process.argv.slice(2);
if (!location || !dataDir || !at) {
  process.stderr.write('usage: changes-import-child.ts EXPORT_DIR DATA_DIR AT\n');
  process.exit(2);
}
const actor: Actor = { type: 'system', id: 'bench', label: 'bench' };
boundHeapGrowth(HEAP_GROWTH.holding);
const database = await openDatabase({ dataDir, databaseUrl: process.env.DATABASE_URL });
try {
  const org = await resolveOrganization(database, undefined);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await importChanges({ database, blobs: blobStoreFor(dataDir) }, actor, org.id, {
    location,
    at,
  });
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ ms, cpuMs, peakMiB, status: result.status, counts: result.counts })}\n`,
  );
} finally {
  await database.close();
}
