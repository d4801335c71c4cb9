/** Writes a value as pretty JSON to stdout (the `--json` output of every command). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes lines of text to stdout. */
export function printLines(...lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** A column of a text table: header and how to read the cell. */
export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  /** Cut cells longer than this (with an ellipsis) so tables stay readable. */
  max?: number;
}

function cell<T>(col: Column<T>, row: T): string {
  const raw = col.value(row);
  const text = raw === null || raw === undefined ? '' : String(raw).replace(/\s+/g, ' ');
  return col.max && text.length > col.max ? `${text.slice(0, col.max - 1)}…` : text;
}

/** Renders rows as an aligned plain-text table (no colours: output is often piped). */
export function formatTable<T>(rows: T[], columns: Column<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => cell(c, r)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
  ].join('\n');
}

/** Prints a table, or a friendly line when there is nothing to show. */
export function printTable<T>(rows: T[], columns: Column<T>[], empty: string): void {
  printLines(rows.length === 0 ? empty : formatTable(rows, columns));
}
