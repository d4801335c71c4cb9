// CLI start time: `bin/auditready readiness --json` on a demo store, whole process, as `npm ci` leaves a
// clone (the bundle in dist/cli), against the same command from the TypeScript source through tsx
// (AUDITREADY_FROM_SOURCE=1) and `node -e ''` (the runtime alone), started in turns so all see the same
// machine. Target (issue 14, docs/decisions/0016): under a second.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median } from './measure.js';
import { addRow, ms } from './table.js';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'auditready');
const TARGET_MS = 1000;

function timeRun(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = performance.now();
  const r = spawnSync(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return performance.now() - started;
}

/** Medians of `runs` turns of the bundled CLI, the CLI from source and bare node, after one warm-up each. */
export function benchCliStart(runs: number): void {
  const data = mkdtempSync(path.join(tmpdir(), 'auditready-cli-start-'));
  try {
    const env = { ...process.env, DATABASE_URL: '' };
    const source = { ...env, AUDITREADY_FROM_SOURCE: '1' };
    timeRun(BIN, ['demo', '--data', data], env);
    const readiness = ['readiness', '--data', data, '--json'];
    timeRun(BIN, readiness, env);
    timeRun(BIN, readiness, source);
    const bundled: number[] = [];
    const fromSource: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) {
      bundled.push(timeRun(BIN, readiness, env));
      fromSource.push(timeRun(BIN, readiness, source));
      bare.push(timeRun(process.execPath, ['-e', '']));
    }
    const [c, s, b] = [median(bundled), median(fromSource), median(bare)];
    console.log(
      `[cli] readiness --json median: bundled ${ms(c)}, from source (tsx) ${ms(s)}, node -e '' ${ms(b)} (${runs} runs each)`,
    );
    addRow({
      benchmark: `CLI start (readiness --json on the demo, bundled; median of ${runs})`,
      figure: ms(c),
      baseline: `${ms(b)} node alone; ${ms(s)} from source`,
      ratio: `${(c / b).toFixed(1)}×`,
      target: `≤ ${ms(TARGET_MS)}`,
      met: c <= TARGET_MS,
    });
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}
