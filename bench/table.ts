// The one benchmark table (`npm run bench`): each benchmark adds its rows here as it measures, and the
// runner prints them together at the end: figure, baseline measured in the same run, ratio, target, met.

/** One line of the table. `met` is null when there is nothing to compare yet ("not built yet"). */
export interface BenchRow {
  benchmark: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | null;
}

const rows: BenchRow[] = [];

/** Adds a row (printed by {@link printTable}). */
export function addRow(row: BenchRow): void {
  rows.push(row);
}

/** The rows added so far. */
export function tableRows(): readonly BenchRow[] {
  return rows;
}

/** A millisecond figure, to the unit that reads best. */
export const ms = (x: number) =>
  x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`;

/** The table as Markdown (what README and the decision records quote). */
export function formatTable(list: readonly BenchRow[] = rows): string {
  const head = ['benchmark', 'figure', 'baseline (same run)', 'ratio', 'target', 'met'];
  const body = list.map((r) => [
    r.benchmark,
    r.figure,
    r.baseline,
    r.ratio,
    r.target,
    r.met === null ? 'not built yet' : r.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** Prints the table. */
export function printTable(title: string): void {
  console.log(`\n${title}\n\n${formatTable()}\n`);
}
