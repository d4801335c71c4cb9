import type { Readable } from 'node:stream';
import Papa from 'papaparse';
import { z } from 'zod';
import { AppError, ImportError } from '../../platform/errors.js';

/** The field delimiters an import may be told to use, by name or as the character itself. */
export const CSV_DELIMITERS = { comma: ',', semicolon: ';', tab: '\t', pipe: '|' } as const;

/** The names of the field delimiters (the API's `delimiter` query). */
export const CSV_DELIMITER_NAMES = Object.keys(CSV_DELIMITERS) as [
  keyof typeof CSV_DELIMITERS,
  ...(keyof typeof CSV_DELIMITERS)[],
];

/** The `delimiter` query parameter of an upload route: a name of CSV_DELIMITERS, comma unless told. */
export const csvDelimiterQuerySchema = z
  .enum(CSV_DELIMITER_NAMES)
  .default('comma')
  .describe('the field delimiter of the file (never guessed)');

/** A field delimiter the CSV reader accepts. */
export type CsvDelimiter = (typeof CSV_DELIMITERS)[keyof typeof CSV_DELIMITERS];

/**
 * The delimiter a user named (`comma`, `semicolon`, `tab`, `pipe`, or `,` `;` `|`
 * and a tab character or `\t`); comma when none was given. Never guessed:
 * guessing picked `|` from the control matrix's requirement cells.
 */
export function csvDelimiter(name: string | undefined): CsvDelimiter {
  if (name === undefined) return ',';
  const key = name.trim().toLowerCase();
  if (key in CSV_DELIMITERS) return CSV_DELIMITERS[key as keyof typeof CSV_DELIMITERS];
  if (name === '\\t') return '\t';
  const found = Object.values(CSV_DELIMITERS).find((d) => d === name);
  if (found !== undefined) return found;
  throw new AppError(
    'invalid_input',
    `delimiter ${JSON.stringify(name)}: expected one of ${Object.keys(CSV_DELIMITERS).join(', ')} (or , ; | \\t)`,
  );
}

/** One parsed CSV row with the 1-based physical line it starts on. */
export interface CsvRow {
  line: number;
  fields: string[];
}

/**
 * Streams CSV rows from `input` with their starting line numbers (quoted
 * fields may span lines, so lines are counted from the newlines each row
 * consumed). Blank lines are skipped but counted. Papaparse's Node stream
 * mode gives backpressure through async iteration, so memory stays flat.
 * The delimiter is a comma unless another is given: never guessed.
 */
export async function* readCsvRows(
  input: Readable,
  file: string,
  delimiter: CsvDelimiter = ',',
): AsyncGenerator<CsvRow> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { header: false, skipEmptyLines: false, delimiter });
  const errors: Papa.ParseError[] = [];
  parser.on('error', (err: Error) => {
    errors.push({ type: 'Quotes', code: 'InvalidQuotes', message: err.message, row: 0 });
  });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  let line = 1;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      const start = line;
      let embedded = 0;
      for (const f of fields) for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) embedded++;
      line += 1 + embedded;
      if (fields.length === 1 && fields[0] === '') continue;
      // PostgreSQL cannot store U+0000 in text and SQLite would keep it silently: refused on both.
      const nul = fields.findIndex((f) => f.includes('\u0000'));
      if (nul !== -1)
        throw new ImportError({ file, line: start, column: nul + 1 }, 'contains the NUL character (U+0000)');
      if (start === 1 && fields[0]?.startsWith('\uFEFF')) fields[0] = fields[0].slice(1);
      yield { line: start, fields };
    }
  } catch (err) {
    throw new ImportError(
      { file, line },
      `cannot read CSV: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (errors.length > 0) throw new ImportError({ file, line }, errors[0]!.message);
}

/** When a header reads as one cell holding another delimiter: a hint naming that delimiter. */
function delimiterHint(header: string[], used: CsvDelimiter): string {
  if (header.length !== 1) return '';
  const other = Object.entries(CSV_DELIMITERS).find(([, d]) => d !== used && header[0]!.includes(d));
  return other
    ? ` (the header holds "${other[1] === '\t' ? '\\t' : other[1]}": is the file separated by ${other[0]}? say so with the delimiter option)`
    : '';
}

/** A CSV data row addressed by column name, able to say where a bad value was. */
export interface CsvRecord {
  line: number;
  /** The value of a column (trimmed), '' when the cell is empty or the column absent. */
  get(column: string): string;
  /** Whether the file has this column (an empty cell of a present column is not an absent column). */
  has(column: string): boolean;
  /** An ImportError naming this row's line and the column. */
  error(column: string | null, reason: string): ImportError;
}

/**
 * Streams CSV records keyed by the header row. Fails (with file and line)
 * when a required column is missing, or a row has more cells than the header.
 */
export async function* readCsvRecords(
  input: Readable,
  file: string,
  options: { required: readonly string[]; known?: readonly string[]; delimiter?: CsvDelimiter },
): AsyncGenerator<CsvRecord> {
  let header: string[] | null = null;
  let index = new Map<string, number>();
  for await (const row of readCsvRows(input, file, options.delimiter)) {
    if (!header) {
      header = row.fields.map((h) => h.trim().toLowerCase());
      index = new Map(header.map((h, i) => [h, i]));
      const hint = delimiterHint(header, options.delimiter ?? ',');
      for (const column of options.required) {
        if (!index.has(column))
          throw new ImportError({ file, line: row.line }, `missing required column "${column}"${hint}`);
      }
      if (options.known) {
        const unknown = header.find((h) => h !== '' && !options.known!.includes(h));
        if (unknown !== undefined) {
          throw new ImportError(
            { file, line: row.line, column: `${header.indexOf(unknown) + 1} (${unknown})` },
            `unknown column "${unknown}"; expected some of ${options.known.join(', ')}${hint}`,
          );
        }
      }
      continue;
    }
    const { fields, line } = row;
    if (fields.length > header.length) {
      throw new ImportError(
        { file, line, column: header.length + 1 },
        `row has ${fields.length} cells but the header has ${header.length}`,
      );
    }
    yield {
      line,
      get: (column) => {
        const i = index.get(column);
        return i === undefined ? '' : (fields[i] ?? '').trim();
      },
      has: (column) => index.has(column),
      error: (column, reason) =>
        new ImportError(
          {
            file,
            line,
            ...(column === null
              ? {}
              : {
                  column: index.has(column)
                    ? `${index.get(column)! + 1} (${column})`
                    : `${column} (not in the file)`,
                }),
          },
          reason,
        ),
    };
  }
  if (!header) throw new ImportError({ file, line: 1 }, 'the file is empty: expected a header row');
}
