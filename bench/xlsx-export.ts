/**
 * XLSX export of a 10,000-control matrix: auditready's writer
 * (`writeControlMatrixXlsx`: cells built from the rows, neutralized, streamed)
 * against exceljs's own streaming writer writing the same cells with no
 * logic, both in this run, to a sink that discards the bytes. Prints each
 * one's time, the ratio, and the peak RSS and heap (sampled every 5 ms).
 *
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

const count = Number(process.argv[2] ?? 10_000);
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
  const ms = performance.now() - start;
  clearInterval(timer);
  const mib = (b: number) => (b / 1024 / 1024).toFixed(1);
  console.log(
    `${name.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms   peak RSS ${mib(rss)} MiB   peak heap ${mib(heap)} MiB`,
  );
  return ms;
}

console.log(`XLSX export of a ${count}-control matrix (${MATRIX_COLUMNS.length} columns)`);
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
// Warm up both once, then measure in alternation.
await raw();
await ours();
const rawMs = await measure('exceljs streaming writer (no logic)', raw);
const oursMs = await measure('auditready writeControlMatrixXlsx', ours);
console.log(`auditready at ${((rawMs / oursMs) * 100).toFixed(0)} % of exceljs's own speed`);
