// Runs the integration suite on SQLite and on PostgreSQL at the same time (two vitest processes,
// one per engine; each writes its own JSON report), prints each engine's output as it finishes,
// and exits non-zero when either failed. The two runs share nothing: each test file makes its own
// store (a temporary SQLite file, or a fresh PostgreSQL database).
import { spawn } from 'node:child_process';

const engines = (process.env.AUDITREADY_TEST_ENGINES ?? 'sqlite,postgres').split(',').filter(Boolean);

function run(engine) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(
      'npx',
      [
        'vitest',
        'run',
        '--project',
        'integration',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=test-results/vitest-${engine}.json`,
      ],
      {
        env: { ...process.env, AUDITREADY_TEST_DB: engine, FORCE_COLOR: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const out = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => out.push(chunk));
    child.on('close', (code) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      process.stdout.write(`\n===== integration suite on ${engine} (${seconds} s, exit ${code}) =====\n`);
      process.stdout.write(Buffer.concat(out));
      resolve(code ?? 1);
    });
  });
}

const codes = await Promise.all(engines.map(run));
process.exit(codes.some((c) => c !== 0) ? 1 : 0);
