// The NHI benchmark's child process: one `importNhi` of one file into an initialized store, measured from
// inside, so that its peak resident memory is the import's own and not the benchmark's. Prints one JSON line.
// `node --import tsx bench/nhi-import-child.ts KIND FILE DATA_DIR AT` (PostgreSQL when DATABASE_URL is set). Like the
// `auditready import` command, it bounds V8's heap growth first (src/platform/heap.ts).
import type { Actor } from '../src/core/ledger/chain.js';
import { importNhi } from '../src/modules/nhi/import/import.service.js';
import { resolveOrganization } from '../src/modules/organizations/organization.service.js';
import { blobStoreFor } from '../src/platform/blobs/fs-blob-store.js';
import { openDatabase } from '../src/platform/db/database.js';
import { boundHeapGrowth } from '../src/platform/heap.js';

const [kind, file, dataDir, at] = process.argv.slice(2);
if (!kind || !file || !dataDir || !at) {
  process.stderr.write('usage: nhi-import-child.ts KIND FILE DATA_DIR AT\n');
  process.exit(2);
}
const actor: Actor = { type: 'system', id: 'bench', label: 'bench' };
boundHeapGrowth();
const database = await openDatabase({ dataDir, databaseUrl: process.env.DATABASE_URL });
try {
  const org = await resolveOrganization(database, undefined);
  const restMiB = process.memoryUsage().rss / 1024 / 1024;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await importNhi({ database, blobs: blobStoreFor(dataDir) }, actor, org.id, {
    kind,
    file,
    at,
  });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ ms, cpuMs, peakMiB, restMiB, status: result.status, counts: result.counts })}\n`,
  );
} finally {
  await database.close();
}
