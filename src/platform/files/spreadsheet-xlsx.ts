import type { Readable, Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { CsvRecord } from '../../importers/csv/read-csv.js';
import { ImportError } from '../errors.js';
import { neutralizeFormulaCell } from './spreadsheet-csv.js';

/**
 * exceljs, loaded by the first spreadsheet read or write: it is a large module graph (about 170 files
 * with its ZIP and stream dependencies), and most commands and requests never touch a workbook.
 */
async function loadExcelJs(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

/** One worksheet of an export: a name, a header and rows of text cells. */
export interface SpreadsheetSheet {
  name: string;
  columns: readonly string[];
  rows: Iterable<readonly string[]> | AsyncIterable<readonly string[]>;
}

/** The XLSX media type. */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique in its workbook. */
export function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '-').slice(0, 31) || 'Sheet';
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++)
    candidate = `${base.slice(0, 31 - `-${n}`.length)}-${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * The one XLSX writer of every export: exceljs's streaming workbook writer
 * (rows are committed as they come, so memory stays bounded), every cell a
 * text cell neutralized against formula injection by the same rule as the
 * CSV writer (`neutralizeFormulaCell`). Resolves when the workbook is
 * written to `output` (which it ends).
 */
export async function writeSpreadsheetXlsx(
  output: Writable,
  sheets: Iterable<SpreadsheetSheet>,
): Promise<void> {
  const { stream } = await loadExcelJs();
  const workbook = new stream.xlsx.WorkbookWriter({
    stream: output,
    useSharedStrings: false,
    useStyles: false,
  });
  const taken = new Set<string>();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheetName(sheet.name, taken));
    worksheet.addRow(sheet.columns.map(neutralizeFormulaCell)).commit();
    for await (const row of sheet.rows) worksheet.addRow(row.map(neutralizeFormulaCell)).commit();
    worksheet.commit();
  }
  await workbook.commit();
}

/** Column letters of a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

type CellValue = ExcelJS.CellValue;

/** A cell's value as text, or an error reason for a cell an import does not read (a formula). */
function cellText(value: CellValue): { text: string } | { error: string } {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number' || typeof value === 'boolean') return { text: String(value) };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10) };
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      return { error: 'is a formula: imports read values only (paste the values instead)' };
    }
    if ('richText' in value) return { text: value.richText.map((r) => r.text).join('') };
    if ('text' in value && typeof value.text === 'string') return { text: value.text };
    if ('error' in value) return { error: `holds the spreadsheet error ${String(value.error)}` };
  }
  return { text: String(value) };
}

/**
 * Streams the records of a workbook's first worksheet keyed by its header
 * row, as the CSV reader's records (`CsvRecord`, so both formats share one
 * row validation): `line` is the row number, and errors name the file, the
 * sheet, the row and the column (letter and name). Fails when a required
 * column is missing, a column is unknown, or a cell is a formula.
 */
export async function* readXlsxRecords(
  input: Readable,
  file: string,
  options: { required: readonly string[]; known?: readonly string[] },
): AsyncGenerator<CsvRecord> {
  const { stream } = await loadExcelJs();
  const reader = new stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let sawSheet = false;
  try {
    for await (const worksheet of reader) {
      if (sawSheet) continue; // Only the first worksheet is read; the others are drained.
      sawSheet = true;
      const sheet = (worksheet as unknown as { name?: string }).name ?? 'Sheet1';
      let header: string[] | null = null;
      let index = new Map<string, number>();
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as CellValue[]).slice(1);
        const cells: string[] = [];
        for (const [i, v] of values.entries()) {
          const t = cellText(v);
          if ('error' in t) {
            throw new ImportError(
              { file, sheet, row: row.number, column: columnLetter(i + 1) },
              `the cell ${t.error}`,
            );
          }
          if (t.text.includes('\u0000')) {
            throw new ImportError(
              { file, sheet, row: row.number, column: columnLetter(i + 1) },
              'contains the NUL character (U+0000)',
            );
          }
          cells[i] = t.text;
        }
        if (!header) {
          header = Array.from(cells, (h) => (h ?? '').trim().toLowerCase());
          index = new Map(header.map((h, i) => [h, i]));
          for (const column of options.required) {
            if (!index.has(column))
              throw new ImportError({ file, sheet, row: row.number }, `missing required column "${column}"`);
          }
          const unknown = options.known && header.find((h) => h !== '' && !options.known!.includes(h));
          if (unknown) {
            throw new ImportError(
              {
                file,
                sheet,
                row: row.number,
                column: `${columnLetter(header.indexOf(unknown) + 1)} (${unknown})`,
              },
              `unknown column "${unknown}"; expected some of ${options.known!.join(', ')}`,
            );
          }
          continue;
        }
        if (cells.every((c) => (c ?? '').trim() === '')) continue;
        const extra = cells.findIndex((c, i) => i >= header!.length && (c ?? '') !== '');
        if (extra !== -1) {
          throw new ImportError(
            { file, sheet, row: row.number, column: columnLetter(extra + 1) },
            `the row has a value past the header's ${header.length} columns`,
          );
        }
        const rowNumber = row.number;
        yield {
          line: rowNumber,
          get: (column) => {
            const i = index.get(column);
            return i === undefined ? '' : (cells[i] ?? '').trim();
          },
          has: (column) => index.has(column),
          error: (column, reason) =>
            new ImportError(
              {
                file,
                sheet,
                row: rowNumber,
                ...(column === null
                  ? {}
                  : {
                      column: index.has(column)
                        ? `${columnLetter(index.get(column)! + 1)} (${column})`
                        : `${column} (not in the file)`,
                    }),
              },
              reason,
            ),
        };
      }
      if (!header)
        throw new ImportError({ file, sheet, row: 1 }, 'the sheet is empty: expected a header row');
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError({ file }, `cannot read XLSX: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!sawSheet) throw new ImportError({ file }, 'the workbook has no worksheet');
}
