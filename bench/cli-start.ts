// CLI start time: `bin/auditready readiness --json` on a demo store, whole process, against
// `node -e 0` (the floor any Node.js command pays) measured alternately in the same run.
// Target (issue 14): under 1 s from a fresh clone after `npm ci` (which builds the bundle).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median } from './measure.js';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'auditready');

function wallMs(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = performance.now();
  const run = spawnSync(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr.toString()}`);
  return ms;
}

export interface CliStartFigures {
  bundleMs: number;
  sourceMs: number;
  nodeMs: number;
}

/** Medians of `runs` alternating runs of the bundled CLI, the CLI from source (tsx) and bare node. */
export function benchCliStart(runs = 9): CliStartFigures {
  const data = mkdtempSync(path.join(tmpdir(), 'auditready-cli-start-'));
  try {
    const env = { ...process.env, DATABASE_URL: '' };
    const demo = spawnSync(BIN, ['demo', '--data', data], { env, stdio: 'ignore' });
    if (demo.status !== 0) throw new Error('demo failed');
    const bundle: number[] = [];
    const source: number[] = [];
    const node: number[] = [];
    for (let i = 0; i < runs; i++) {
      bundle.push(wallMs(BIN, ['readiness', '--data', data, '--json'], env));
      source.push(
        wallMs(BIN, ['readiness', '--data', data, '--json'], { ...env, AUDITREADY_FROM_SOURCE: '1' }),
      );
      node.push(wallMs(process.execPath, ['-e', '0']));
    }
    const figures = { bundleMs: median(bundle), sourceMs: median(source), nodeMs: median(node) };
    console.log(
      `cli start (readiness --json, demo store, median of ${runs}): bundled ${figures.bundleMs.toFixed(0)} ms, ` +
        `from source (tsx) ${figures.sourceMs.toFixed(0)} ms, bare node ${figures.nodeMs.toFixed(0)} ms; ` +
        `target < 1000 ms: ${figures.bundleMs < 1000 ? 'met' : 'NOT met'}`,
    );
    return figures;
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
}
