// Runs vitest suites as separate processes, at most AUDITREADY_TEST_JOBS (default 2, one per core) at a
// time, longest first, so no core idles while another suite still runs: on two cores the PostgreSQL
// integration suite (the longest) runs beside the SQLite one, then beside the end-to-end and unit suites.
// Each suite writes its own JSON report into test-results/ (summed by .ci/test-summary.mjs); its output is
// printed when it finishes. Exits non-zero when any suite failed.
//
//   node scripts/test-suites.mjs [SUITE…]    SUITE: postgres, sqlite, e2e, unit (default: all four)
//
// The two integration runs share nothing: each test file makes its own store (a temporary SQLite file, or
// a fresh PostgreSQL database). AUDITREADY_TEST_ENGINES (e.g. "sqlite") still narrows the integration runs.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const engines = (process.env.AUDITREADY_TEST_ENGINES ?? 'sqlite,postgres').split(',').filter(Boolean);

const vitest = (project, report, env = {}) => ({
  args: [
    'vitest',
    'run',
    ...project.flatMap((p) => ['--project', p]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=test-results/vitest-${report}.json`,
  ],
  env,
});

// Longest first (measured in CI): the scheduler starts them in this order.
const SUITES = {
  postgres: vitest(['integration'], 'postgres', { AUDITREADY_TEST_DB: 'postgres' }),
  sqlite: vitest(['integration'], 'sqlite', { AUDITREADY_TEST_DB: 'sqlite' }),
  e2e: vitest(['e2e'], 'e2e'),
  unit: vitest(['unit', 'web'], 'unit'),
};

const asked = process.argv.slice(2);
for (const name of asked) {
  if (!(name in SUITES)) {
    console.error(`unknown suite "${name}"; known: ${Object.keys(SUITES).join(', ')}`);
    process.exit(2);
  }
}
const wanted = Object.keys(SUITES).filter(
  (name) =>
    (asked.length === 0 || asked.includes(name)) &&
    (!['sqlite', 'postgres'].includes(name) || engines.includes(name)),
);
const jobs = Math.max(1, Number(process.env.AUDITREADY_TEST_JOBS ?? Math.min(2, availableParallelism())));

function run(name) {
  const { args, env } = SUITES[name];
  return new Promise((resolve) => {
    const started = Date.now();
    process.stdout.write(`[test-suites] ${name} started\n`);
    const child = spawn('npx', args, {
      env: { ...process.env, ...env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => out.push(chunk));
    child.on('close', (code) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      process.stdout.write(`\n===== ${name} (${seconds} s, exit ${code}) =====\n`);
      process.stdout.write(Buffer.concat(out));
      resolve({ name, seconds, code: code ?? 1 });
    });
  });
}

const queue = [...wanted];
const results = [];
async function worker() {
  while (queue.length > 0) results.push(await run(queue.shift()));
}
const started = Date.now();
await Promise.all(Array.from({ length: Math.min(jobs, wanted.length) }, worker));
const total = Math.round((Date.now() - started) / 1000);
process.stdout.write(
  `\n[test-suites] ${results.map((r) => `${r.name} ${r.seconds} s${r.code ? ' FAILED' : ''}`).join(', ')}; ${total} s in all, ${jobs} at a time\n`,
);
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
