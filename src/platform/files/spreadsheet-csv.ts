import { stringify } from 'csv-stringify/sync';

/**
 * A cell a spreadsheet would read as a formula once its neutralizing quote is
 * taken away: it starts with `=`, `+`, `-`, `@`, a tab, a carriage return or
 * a NUL (OWASP "CSV injection", ASVS 5.0 V1.2.10), possibly after single quotes. Escaping every cell
 * of this shape, not only the dangerous ones, keeps the rule reversible: a
 * value that genuinely starts with `'=` gains a quote too and gets it back.
 */
const NEUTRALIZED_SHAPE = /^'*[=+\-@\t\r\0]/;
const RESTORABLE_SHAPE = /^'+[=+\-@\t\r\0]/;

/**
 * A cell made safe for spreadsheets: one single quote in front of a value
 * that starts (after any single quotes) with `=` `+` `-` `@`, tab, CR or NUL; every
 * other value as it is. `restoreFormulaCell` undoes exactly this.
 */
export function neutralizeFormulaCell(value: string): string {
  return NEUTRALIZED_SHAPE.test(value) ? `'${value}` : value;
}

/**
 * The value `neutralizeFormulaCell` was given: a cell that is one or more
 * single quotes followed by a formula character loses one quote; any other
 * cell (`'hello`, `=x` written by hand) is kept as it is.
 */
export function restoreFormulaCell(cell: string): string {
  return RESTORABLE_SHAPE.test(cell) ? cell.slice(1) : cell;
}

/**
 * The one CSV writer of every export: a header row, comma-separated, `\n`
 * between records, quoting where needed, and every cell neutralized against
 * spreadsheet formula injection (`neutralizeFormulaCell`).
 */
export function writeSpreadsheetCsv(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  return stringify(
    rows.map((row) => row.map(neutralizeFormulaCell)),
    { header: true, columns: columns.map(neutralizeFormulaCell), record_delimiter: 'unix' },
  );
}
