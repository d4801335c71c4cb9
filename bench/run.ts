// `npm run bench [-- NAME…] [--quick] [--requests N] [--evidence N] [--controls N] [--rows N] [--gitleaks-mib M] [--ingest-mib M]
// [--db sqlite|postgres] [--no-trufflehog] [--no-verify] [--duration S] [--connections N]`
//
// With no NAME every benchmark runs, in this one process (the imports and the HTTP load generator in child
// processes of it), and one table closes the run: figure, baseline measured in the same run, ratio, target,
// met (docs/decisions/0016). Names: core, readiness, ingest, nhi, http, cli, changes (--pulls N --deployments N;
// SQLite against a raw multi-row insert, PostgreSQL against COPY; --db picks one), package (--package-mib M),
// xlsx (--controls N), s3 (--s3-mib M; only with AUDITREADY_BLOBS=s3://… set, see bench/s3-put.ts); `large` (the large
// organization: 10,000 controls, 1,000,000 evidence rows; minutes, so only when named). `--quick` runs
// smaller sizes (under ten minutes on a shared 2-core machine); explicit sizes win over it. Asserts nothing.
import { benchChangesImport } from './changes-import.js';
import { benchCliStart } from './cli-start.js';
import { benchCoreReadiness } from './core-readiness.js';
import { benchHttp } from './http.js';
import { benchIngest } from './ingest.js';
import { benchLargeOrganization } from './large-organization.js';
import { benchNhi } from './nhi.js';
import { benchPackageExport } from './package-export.js';
import { benchReadiness } from './readiness.js';
import { benchS3Put } from './s3-put.js';
import { addRow, printTable } from './table.js';
import { benchXlsxExport } from './xlsx-export.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? undefined : args[i + 1];
};
const quick = args.includes('--quick');
const size = (name: string, full: number, small: number) => Number(flag(name) ?? (quick ? small : full));
const VALUE_FLAGS = new Set([
  '--facts',
  '--evidence',
  '--rows',
  '--gitleaks-mib',
  '--ingest-mib',
  '--db',
  '--duration',
  '--connections',
  '--rounds',
  '--controls',
  '--requests',
  '--pulls',
  '--deployments',
  '--package-mib',
  '--s3-mib',
]);
const wanted = args.filter((a, i) => !a.startsWith('--') && !VALUE_FLAGS.has(args[i - 1] ?? ''));
const run = (name: string) => (wanted.length === 0 ? name !== 'large' : wanted.includes(name));
const dbs = (flag('db') ? [flag('db')] : ['sqlite', 'postgres']) as ('sqlite' | 'postgres')[];
const started = performance.now();

/** Runs one benchmark; a failure becomes a row that says so, and the others still run. */
async function step(name: string, fn: () => unknown): Promise<void> {
  if (!run(name)) return;
  try {
    await fn();
  } catch (err) {
    console.error(`[${name}] failed:`, err);
    addRow({
      benchmark: `${name}: FAILED`,
      figure: err instanceof Error ? err.message.slice(0, 60) : String(err),
      baseline: '—',
      ratio: '—',
      target: '—',
      met: false,
    });
  }
}

await step('core', () => benchCoreReadiness(size('facts', 250_000, 50_000)));
await step('readiness', async () => {
  const controls = size('controls', 1000, 1000);
  for (const db of dbs)
    await benchReadiness(db, size('evidence', 1_000_000, 50_000), { controls, people: controls / 2 });
});
await step('ingest', () => benchIngest(size('ingest-mib', 1024, 64)));
await step('nhi', () =>
  benchNhi({
    rows: size('rows', 100_000, 5_000),
    gitleaksMiB: size('gitleaks-mib', 100, 2),
    dbs,
    trufflehog: !quick && !args.includes('--no-trufflehog'),
    verify: !quick && !args.includes('--no-verify'),
  }),
);
await step('http', () =>
  benchHttp({
    duration: size('duration', 5, 3),
    connections: size('connections', 10, 10),
    rounds: size('rounds', 2, 1),
  }),
);
await step('cli', () => benchCliStart(quick ? 3 : 10));
await step('changes', () =>
  benchChangesImport({
    pulls: size('pulls', 10_000, 1_000),
    deployments: size('deployments', 2_000, 200),
    dbs,
  }),
);
await step('package', () => benchPackageExport(size('package-mib', 1024, 128), quick ? 2 : 3));
await step('xlsx', () => benchXlsxExport(size('controls', 10_000, 10_000), quick ? 3 : 5));
await step('s3', () => benchS3Put(size('s3-mib', 256, 32), quick ? 2 : 3));
await step('large', () =>
  benchLargeOrganization({
    dbs,
    controls: size('controls', 10_000, 10_000),
    evidence: size('evidence', 1_000_000, 1_000_000),
    requests: size('requests', 10_000, 10_000),
  }),
);
printTable(
  `auditready benchmarks${quick ? ' (--quick sizes)' : ''}: ${((performance.now() - started) / 60_000).toFixed(1)} min`,
);
