/**
 * XLSX export of a control matrix (10,000 controls by default): auditready's
 * writer (`writeControlMatrixXlsx`: cells built from the rows, neutralized,
 * streamed) against exceljs's own streaming writer writing the same cells with
 * no logic, both in this run, to a sink that discards the bytes. Each is
 * warmed up once, then both are timed in turns, `rounds` times, and the
 * medians compared; prints each one's time with its peak RSS and heap
 * (sampled every 5 ms) and adds the row "XLSX export vs exceljs alone" to the
 * benchmark table (target ≥ 80% of exceljs's own speed, docs/decisions/0016).
 *
 *   npm run bench -- xlsx [--controls N]      (in the table)
 *   node --import tsx bench/xlsx-export.ts [controls]
 */
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ControlMatrixRow } from '../src/modules/controls/control.schema.js';
import { starterMatrixRows } from '../src/modules/controls/control.service.js';
import {
  MATRIX_COLUMNS,
  matrixCells,
  writeControlMatrixXlsx,
} from '../src/modules/controls/control-matrix.js';
import { median } from './measure.js';
import { addRow, ms } from './table.js';

function sink(): Writable {
  return new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });
}

async function measure(name: string, fn: () => Promise<void>) {
  global.gc?.();
  let rss = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 5);
  const start = performance.now();
  await fn();
  const elapsed = performance.now() - start;
  clearInterval(timer);
  const mib = (b: number) => (b / 1024 / 1024).toFixed(1);
  console.log(
    `[xlsx] ${name.padEnd(34)} ${elapsed.toFixed(0).padStart(6)} ms   peak RSS ${mib(rss)} MiB   peak heap ${mib(heap)} MiB`,
  );
  return elapsed;
}

/** The XLSX export benchmark (see the module comment); adds its row to the table. */
export async function benchXlsxExport(count: number, rounds: number): Promise<void> {
  const starter = starterMatrixRows();
  const rows: ControlMatrixRow[] = Array.from({ length: count }, (_, i) => {
    const s = starter[i % starter.length]!;
    const code = `B-${String(i).padStart(5, '0')}`;
    return {
      ...s,
      code,
      title: i % 7 === 0 ? `=${s.title}` : s.title,
      requirements: s.requirements.map((r, j) => ({ ...r, code: `${code}-E${j + 1}` })),
    };
  });
  const cells = [...matrixCells(rows)];
  console.log(`[xlsx] XLSX export of a ${count}-control matrix (${MATRIX_COLUMNS.length} columns)`);
  const raw = async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: sink(),
      useSharedStrings: false,
      useStyles: false,
    });
    const ws = wb.addWorksheet('Controls');
    ws.addRow([...MATRIX_COLUMNS]).commit();
    for (const row of cells) ws.addRow(row).commit();
    ws.commit();
    await wb.commit();
  };
  const ours = () => writeControlMatrixXlsx(sink(), rows);
  // Warm up both once, then measure in turns.
  await raw();
  await ours();
  const rawMs: number[] = [];
  const oursMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    rawMs.push(await measure('exceljs streaming writer (no logic)', raw));
    oursMs.push(await measure('auditready writeControlMatrixXlsx', ours));
  }
  const rawMedian = median(rawMs);
  const oursMedian = median(oursMs);
  const ratio = rawMedian / oursMedian;
  console.log(
    `[xlsx] auditready at ${(ratio * 100).toFixed(0)}% of exceljs's own speed (medians of ${rounds}; target ≥ 80%)`,
  );
  addRow({
    benchmark: `XLSX export vs exceljs alone (${count.toLocaleString('en-US')} controls, median of ${rounds})`,
    figure: ms(oursMedian),
    baseline: `${ms(rawMedian)} exceljs writing the same cells`,
    ratio: `${(ratio * 100).toFixed(0)}%`,
    target: '≥ 80%',
    met: ratio >= 0.8,
  });
}

// Run on its own (`node --import tsx bench/xlsx-export.ts [controls]`); imported by bench/run.ts it waits.
if (import.meta.filename === process.argv[1]) {
  await benchXlsxExport(Number(process.argv[2] ?? 10_000), 3);
}
