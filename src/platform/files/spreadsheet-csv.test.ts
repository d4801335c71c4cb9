import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvRows } from '../../importers/csv/read-csv.js';
import { neutralizeFormulaCell, restoreFormulaCell, writeSpreadsheetCsv } from './spreadsheet-csv.js';

const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r', '\0'];

/** Strings that start with formula characters, single quotes, both, or neither. */
const cellValue = fc
  .tuple(
    fc.constantFrom(
      '',
      ...FORMULA_STARTS,
      "'",
      "''",
      "'=",
      "''+",
      "'-",
      "'@",
      "'\t",
      '=HYPERLINK("http://x")',
    ),
    fc.string({ unit: 'binary', maxLength: 20 }),
  )
  .map(([prefix, rest]) => prefix + rest);

/** What a stored field can hold: input validation refuses U+0000 (docs/decisions/0012), and so does the CSV reader. */
const storableCellValue = cellValue.filter((v) => !v.includes('\0'));

async function parse(text: string): Promise<string[][]> {
  const out: string[][] = [];
  for await (const row of readCsvRows(Readable.from([text]), 'x.csv')) out.push(row.fields);
  return out;
}

/** Property runs take seconds on a loaded machine: more than vitest's default 5 s. */
const PROPERTY_TIMEOUT = 60_000;

describe('spreadsheet formula neutralization', () => {
  it('prefixes one quote to a cell starting with = + - @ tab, carriage return or NUL, and nothing else', () => {
    expect(neutralizeFormulaCell('=1+1')).toBe("'=1+1");
    expect(neutralizeFormulaCell('+49 30')).toBe("'+49 30");
    expect(neutralizeFormulaCell('-2')).toBe("'-2");
    expect(neutralizeFormulaCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralizeFormulaCell('\tx')).toBe("'\tx");
    expect(neutralizeFormulaCell('\rx')).toBe("'\rx");
    expect(neutralizeFormulaCell('\0x')).toBe("'\0x");
    expect(neutralizeFormulaCell('a=b')).toBe('a=b');
    expect(neutralizeFormulaCell("'quoted")).toBe("'quoted");
    expect(neutralizeFormulaCell('')).toBe('');
  });

  it('escapes a value that already looks neutralized, so it survives the way back', () => {
    expect(neutralizeFormulaCell("'=1+1")).toBe("''=1+1");
    expect(restoreFormulaCell("''=1+1")).toBe("'=1+1");
    expect(restoreFormulaCell("'=1+1")).toBe('=1+1');
    expect(restoreFormulaCell("'quoted")).toBe("'quoted");
    expect(restoreFormulaCell('=typed by hand')).toBe('=typed by hand');
  });

  it('restore undoes neutralize for every string (property)', () => {
    fc.assert(
      fc.property(cellValue, (value) => {
        expect(restoreFormulaCell(neutralizeFormulaCell(value))).toBe(value);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(restoreFormulaCell(neutralizeFormulaCell(value))).toBe(value);
      }),
    );
  });

  it(
    'never lets a cell start with a formula character (property)',
    () => {
      fc.assert(
        fc.property(cellValue, (value) => {
          const cell = neutralizeFormulaCell(value);
          expect(FORMULA_STARTS.includes(cell.charAt(0))).toBe(false);
        }),
        { numRuns: 2000 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'writes a CSV whose every cell is neutralized and reads back to the same values once restored',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(storableCellValue, storableCellValue), { minLength: 1, maxLength: 8 }),
          async (rows) => {
            const text = writeSpreadsheetCsv(['a', 'b'], rows);
            const [header, ...cells] = await parse(text);
            expect(header).toEqual(['a', 'b']);
            for (const row of cells)
              for (const cell of row) expect(FORMULA_STARTS).not.toContain(cell.charAt(0));
            expect(cells.map((row) => row.map(restoreFormulaCell))).toEqual(rows);
          },
        ),
        { numRuns: 300 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
