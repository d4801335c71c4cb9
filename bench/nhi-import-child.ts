// The NHI benchmark's child process: one `importNhi` of one file into an initialized store, measured from
// inside, so that its peak resident memory is the import's own and not the benchmark's. Prints one JSON line.
// `node --import tsx bench/nhi-import-child.ts KIND FILE DATA_DIR AT` (PostgreSQL when DATABASE_URL is set); the benchmarks run it bundled (bench/child-bundle.ts). Like the
// `auditready import` command, it bounds V8's heap growth first (src/platform/heap.ts). With NHI_SQL_PROFILE=1 on
// PostgreSQL it also prints, on standard error, the statements that took the most time, as the client waited for
// them (round trip and server), grouped by their text with literals and lists folded; on SQLite, the time each
// statement spent executing (better-sqlite3 is synchronous, so that is SQLite's own time).
import SQLite from 'better-sqlite3';
import pg from 'pg';
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
const profile = new Map<string, { calls: number; ms: number }>();
const fold = (text: string) =>
  text
    .replace(/\$\d+(, \$\d+)*/g, '$n')
    .replace(/\(\?(, \?)*\)(, \(\?(, \?)*\))*/g, '(?…)')
    .replace(/\?(, \?)+/g, '?…')
    .replace(/\s+/g, ' ')
    .slice(0, 160);
function timed(key: string, ms: number): void {
  const entry = profile.get(key) ?? { calls: 0, ms: 0 };
  entry.calls++;
  entry.ms += ms;
  profile.set(key, entry);
}
if (process.env.NHI_SQL_PROFILE === '1' && !process.env.DATABASE_URL) {
  const statement = Object.getPrototypeOf(new SQLite(':memory:').prepare('select 1')) as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  for (const method of ['run', 'get', 'all', 'iterate'] as const) {
    const original = statement[method]!;
    statement[method] = function (this: { source: string }, ...args: unknown[]) {
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        timed(fold(this.source), performance.now() - started);
      }
    };
  }
}
if (process.env.NHI_SQL_PROFILE === '1' && process.env.DATABASE_URL) {
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text =
      typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string })?.text ?? 'COPY');
    const key = fold(text);
    const started = performance.now();
    const result = query.apply(this, args);
    const done = () => timed(key, performance.now() - started);
    if (result && typeof (result as Promise<unknown>).then === 'function')
      (result as Promise<unknown>).then(done, done);
    return result;
  } as typeof pg.Client.prototype.query;
}
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
  if (profile.size > 0) {
    const top = [...profile].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20);
    for (const [text, { calls, ms }] of top)
      process.stderr.write(`${ms.toFixed(0).padStart(7)} ms ${String(calls).padStart(6)}× ${text}\n`);
  }
} finally {
  await database.close();
}
