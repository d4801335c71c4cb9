import { PassThrough } from 'node:stream';
import { writeSpreadsheetXlsx } from '../../src/platform/files/spreadsheet-xlsx.js';

/** The header of the generated request lists (a common audit firm's layout). */
export const REQUEST_LIST_HEADER = [
  'Request #',
  'TSC Reference',
  'Client Control ID',
  'Request Description',
  'Population / Sample',
  'Due Date',
  'Client Owner',
] as const;

/**
 * A request list of `n` rows (PBC-001…): every fourth names the criterion
 * CC6.1, every fourth CC8.1, every fourth names a control code in its text
 * (`hrCode`), and every fourth names nothing but every eighth row's
 * control column names `chgCode` (a control column is the most specific). Owners alternate
 * between `owner` (a person of the roster, by name) and a team ("IT").
 */
export function requestListRows(
  n: number,
  codes: { hrCode: string; chgCode: string; owner: string },
): string[][] {
  const rows: string[][] = [];
  for (let i = 1; i <= n; i++) {
    const ref = `PBC-${String(i).padStart(3, '0')}`;
    const kind = i % 4;
    const due = new Date(Date.UTC(2027, 7, 1 + (i % 28))).toISOString().slice(0, 10);
    rows.push([
      ref,
      kind === 1 ? 'CC6.1' : kind === 2 ? 'CC8.1' : '',
      i % 8 === 0 ? codes.chgCode : '',
      kind === 3
        ? `Evidence that control ${codes.hrCode} operated for the selected new hires (${i})`
        : kind === 0
          ? `Organizational chart and narrative, item ${i}`
          : `Listing and approvals for item ${i}, with "quotes", commas`,
      i % 5 === 0 ? 'Sample: new hires' : '',
      due,
      i % 2 === 0 ? codes.owner : 'IT',
    ]);
  }
  return rows;
}

function csvCell(cell: string): string {
  return /[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** The list as CSV text. */
export function requestListCsv(rows: readonly (readonly string[])[]): string {
  return `${[REQUEST_LIST_HEADER, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

/** The same list as an XLSX workbook (one sheet, text cells). */
export async function requestListXlsx(rows: readonly (readonly string[])[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await writeSpreadsheetXlsx(out, [{ name: 'PBC list', columns: REQUEST_LIST_HEADER, rows }]);
  await finished;
  return Buffer.concat(chunks);
}
