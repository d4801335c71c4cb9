// CLI start time: `auditready --help` (tsx loads the source and every command module, nothing else runs)
// against `node -e ''` (the runtime alone), started in turns so that both see the same machine.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { median } from './measure.js';
import { addRow, ms } from './table.js';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'auditready');
/** Target set by docs/decisions/0016: a command answers its help within a second. */
const TARGET_MS = 1000;

function timeRun(file: string, args: string[]): number {
  const started = performance.now();
  const r = spawnSync(file, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.status}`);
  return performance.now() - started;
}

/** Median of `runs` starts of each, after one warm-up of each (tsx's compile cache filled). */
export function benchCliStart(runs: number): void {
  timeRun(BIN, ['--help']);
  timeRun(process.execPath, ['-e', '']);
  const cli: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    cli.push(timeRun(BIN, ['--help']));
    bare.push(timeRun(process.execPath, ['-e', '']));
  }
  const c = median(cli);
  const b = median(bare);
  console.log(`[cli] auditready --help median ${ms(c)}, node -e '' median ${ms(b)} (${runs} runs each)`);
  addRow({
    benchmark: `CLI start (auditready --help, median of ${runs})`,
    figure: ms(c),
    baseline: `${ms(b)} node alone`,
    ratio: `${(c / b).toFixed(1)}×`,
    target: `≤ ${ms(TARGET_MS)}`,
    met: c <= TARGET_MS,
  });
}
