import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CADENCES,
  COLLECTION_METHODS,
  FRAMEWORK_IDS,
  type FrameworkId,
  SOURCE_TYPES,
} from '../../core/vocabulary.js';
import { readCsvRows } from '../../importers/csv/read-csv.js';
import { type AppError, ImportError } from '../../platform/errors.js';
import type { ControlMatrixRow, Mappings } from './control.schema.js';
import { starterMatrixRows } from './control.service.js';
import {
  controlMatrixToCsv,
  FRAMEWORK_COLUMN,
  MATRIX_COLUMNS,
  type MatrixColumn,
  readControlMatrixCsv,
  resolveMatrixPatch,
} from './control-matrix.js';

const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r', '\0'];

/** Trimmed text, often starting with a formula character or a single quote (what the export must neutralize). */
const text = (options: { multiline?: boolean; noPipe?: boolean } = {}) =>
  fc
    .tuple(
      fc.constantFrom('', '', '=', '+', '-', '@', "'", "'=", "''-", '=HYPERLINK("http://evil.example")&'),
      fc.string({ unit: 'grapheme', maxLength: 24 }),
      options.multiline ? fc.constantFrom('', '\nsecond line', '\r\nthird, "quoted"') : fc.constant(''),
    )
    .map(([prefix, body, tail]) => `${prefix}${body}${tail}`)
    .map((s) => (options.noPipe ? s.replace(/[|\r\n]/g, ' ') : s).trim());
const nonEmptyText = (options: { noPipe?: boolean } = {}) => text(options).filter((s) => s.length > 0);
const nullableText = fc.option(nonEmptyText(), { nil: null });

const codes = fc.stringMatching(/^[A-Z]{2}-[0-9]{1,3}$/);
const criterion = fc.stringMatching(/^[A-Z]{1,3}[0-9]{1,2}(\.[0-9]{1,2})?$/);

const statusAndJustification = fc.oneof(
  fc.record({
    status: fc.constantFrom('draft' as const, 'implemented' as const),
    naJustification: fc.constant(null),
  }),
  fc.record({ status: fc.constant('not-applicable' as const), naJustification: nonEmptyText() }),
);

const mappings: fc.Arbitrary<Mappings> = fc.record(
  Object.fromEntries(FRAMEWORK_IDS.map((id) => [id, fc.uniqueArray(criterion, { maxLength: 4 })])) as Record<
    FrameworkId,
    fc.Arbitrary<string[]>
  >,
);

/** The fields of a control apart from its code (requirement codes made unique per control by the caller). */
const controlFields = fc.record({
  title: nonEmptyText(),
  description: text({ multiline: true }),
  statusPair: statusAndJustification,
  ownerEmail: fc.option(fc.constantFrom('ada@example.test', 'grace@example.test'), { nil: null }),
  backupOwnerEmail: fc.option(fc.constantFrom('ken@example.test', 'lin@example.test'), { nil: null }),
  sourceOfTruth: nullableText,
  cadence: fc.constantFrom(...CADENCES),
  suggestedOwnerRole: nullableText,
  requirements: fc.array(
    fc.record({
      artifact: nonEmptyText({ noPipe: true }),
      cadence: fc.constantFrom(...CADENCES),
      sourceType: fc.constantFrom(...SOURCE_TYPES),
      collection: fc.constantFrom(...COLLECTION_METHODS),
    }),
    { maxLength: 3 },
  ),
  mappings,
});

type Fields = typeof controlFields extends fc.Arbitrary<infer T> ? T : never;

function toRow(code: string, f: Fields): ControlMatrixRow {
  return {
    code,
    title: f.title,
    description: f.description,
    status: f.statusPair.status,
    naJustification: f.statusPair.naJustification,
    ownerEmail: f.ownerEmail,
    backupOwnerEmail: f.backupOwnerEmail,
    sourceOfTruth: f.sourceOfTruth,
    cadence: f.cadence,
    suggestedOwnerRole: f.suggestedOwnerRole,
    requirements: f.requirements.map((r, i) => ({ ...r, code: `${code}-E${i + 1}` })),
    mappings: f.mappings,
  };
}

/** Controls with distinct codes, and for each a second set of values to import over it. */
const matrixAndEdits = fc
  .uniqueArray(codes, { minLength: 1, maxLength: 6 })
  .chain((cs) =>
    fc.tuple(
      fc.constant(cs),
      fc.array(controlFields, { minLength: cs.length, maxLength: cs.length }),
      fc.array(controlFields, { minLength: cs.length, maxLength: cs.length }),
    ),
  )
  .map(([cs, before, after]) => ({
    original: cs.map((c, i) => toRow(c, before[i]!)),
    edited: cs.map((c, i) => toRow(c, after[i]!)),
  }));

/** The row fields each column sets (a framework column sets that framework's codes only). */
function applyColumn(target: ControlMatrixRow, source: ControlMatrixRow, column: MatrixColumn): void {
  const field: Partial<Record<MatrixColumn, keyof ControlMatrixRow>> = {
    title: 'title',
    description: 'description',
    status: 'status',
    na_justification: 'naJustification',
    owner_email: 'ownerEmail',
    backup_owner_email: 'backupOwnerEmail',
    source_of_truth: 'sourceOfTruth',
    cadence: 'cadence',
    suggested_owner_role: 'suggestedOwnerRole',
    evidence_requirements: 'requirements',
  };
  const key = field[column];
  if (key) {
    (target as unknown as Record<string, unknown>)[key] = source[key];
    return;
  }
  const framework = FRAMEWORK_IDS.find((id) => FRAMEWORK_COLUMN[id] === column)!;
  target.mappings = { ...target.mappings, [framework]: source.mappings[framework] };
}

async function read(csv: string, delimiter?: ',' | ';' | '\t' | '|') {
  return readControlMatrixCsv({
    file: 'matrix.csv',
    input: Readable.from([csv]),
    ...(delimiter ? { delimiter } : {}),
  });
}

/** Reads a matrix file and lays each row over the given controls (none: every row is a new control). */
async function importOver(csv: string, controls: ControlMatrixRow[] = []): Promise<ControlMatrixRow[]> {
  const byCode = new Map(controls.map((c) => [c.code, c]));
  return (await read(csv)).map((patch) => resolveMatrixPatch(patch, byCode.get(patch.code)).row);
}

const EDITABLE_COLUMNS = MATRIX_COLUMNS.filter((c) => c !== 'code');

/** Property runs take seconds on a loaded machine: more than vitest's default 5 s. */
const PROPERTY_TIMEOUT = 60_000;

describe('control matrix CSV', () => {
  it(
    'round-trips every size from 1 control up, byte-identical, though requirement cells hold "|"',
    async () => {
      const starter = starterMatrixRows();
      for (const size of [...Array.from({ length: 12 }, (_, i) => i + 1), 40, starter.length]) {
        const rows = starter.slice(0, size);
        const csv = controlMatrixToCsv(rows);
        expect(csv).toContain(' | ');
        const back = await importOver(csv);
        expect(back).toEqual(rows);
        expect(controlMatrixToCsv(back)).toBe(csv);
      }
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'round-trips any matrix exactly, formula-like values included, and writes no live formula (property)',
    async () => {
      await fc.assert(
        fc.asyncProperty(matrixAndEdits, async ({ original }) => {
          const csv = controlMatrixToCsv(original);
          expect(await importOver(csv)).toEqual(original);
          for await (const row of readCsvRows(Readable.from([csv]), 'matrix.csv')) {
            for (const cell of row.fields) expect(FORMULA_STARTS).not.toContain(cell.charAt(0));
          }
        }),
        { numRuns: 150 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('neutralizes formula cells in the export: a quote in front, taken off again on import', async () => {
    const [row] = starterMatrixRows();
    const evil = {
      ...row!,
      title: '=HYPERLINK("http://evil.example","click")',
      description: "@SUM(1+1)*cmd|' /C calc'!A0",
      sourceOfTruth: "'=already quoted",
      suggestedOwnerRole: '-2+3',
    };
    const csv = controlMatrixToCsv([evil]);
    const rows: string[][] = [];
    for await (const r of readCsvRows(Readable.from([csv]), 'm.csv')) rows.push(r.fields);
    const record = Object.fromEntries(MATRIX_COLUMNS.map((c, i) => [c, rows[1]![i]!]));
    expect(record.title).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(record.description).toBe("'@SUM(1+1)*cmd|' /C calc'!A0");
    expect(record.source_of_truth).toBe("''=already quoted");
    expect(record.suggested_owner_role).toBe("'-2+3");
    expect(await importOver(csv)).toEqual([evil]);
  });

  it(
    'changes exactly the columns a file has, and nothing when their values are unchanged (property)',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          matrixAndEdits,
          fc.shuffledSubarray([...EDITABLE_COLUMNS]),
          async ({ original, edited }, picked) => {
            // The status and its justification are checked together: a file sets both or neither.
            const columns = new Set<MatrixColumn>(picked);
            if (columns.has('status') || columns.has('na_justification')) {
              columns.add('status');
              columns.add('na_justification');
            }
            const chosen = [...columns];
            const expected = original.map((row, i) => {
              const out: ControlMatrixRow = structuredClone(row);
              for (const column of chosen) applyColumn(out, edited[i]!, column);
              return out;
            });
            const file = controlMatrixToCsv(edited, ['code', ...chosen]);
            expect(await importOver(file, original)).toEqual(expected);
            // The same columns taken from the controls themselves change nothing.
            const same = controlMatrixToCsv(original, ['code', ...chosen]);
            expect(await importOver(same, original)).toEqual(original);
          },
        ),
        { numRuns: 200 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('clears a field whose column is present and empty, and leaves absent columns alone', async () => {
    const [row] = starterMatrixRows();
    const control = { ...row!, sourceOfTruth: 'HR system', description: 'kept?' };
    const [after] = await importOver(`code,description,source_of_truth\n${control.code},,\n`, [control]);
    expect(after).toEqual({ ...control, description: '', sourceOfTruth: null });
    const [cleared] = await importOver(`code,evidence_requirements,soc2\n${control.code},,\n`, [control]);
    expect(cleared).toEqual({ ...control, requirements: [], mappings: { ...control.mappings, soc2: [] } });
  });

  it('needs a title and a cadence column to create a control, and a code in every row', async () => {
    await expect(importOver('code,title\nNEW-1,A new control\n')).rejects.toThrow(
      'matrix.csv, line 2: control NEW-1 does not exist yet: creating it needs the cadence column',
    );
    await expect(importOver('code,status\n,draft\n')).rejects.toThrow(
      'matrix.csv, line 2, column 1 (code): a code is required',
    );
    await expect(importOver('title,cadence\nX,monthly\n')).rejects.toThrow('missing required column "code"');
  });

  it('never guesses the delimiter: comma unless told, with a hint when the header says otherwise', async () => {
    const rows = starterMatrixRows().slice(0, 1);
    const header = `code;title;cadence\n${rows[0]!.code};Renamed;monthly\n`;
    const err = await read(header).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).message).toMatch(/missing required column "code" \(the header holds ";"/);
    const [patch] = await read(header, ';');
    expect(patch).toMatchObject({ code: rows[0]!.code, fields: { title: 'Renamed', cadence: 'monthly' } });
    // A one-column file whose cells hold "|" stays one column.
    const piped = await read(`code\n${rows[0]!.code}\n`);
    expect(piped).toHaveLength(1);
    const pipeCells = await read(`code,description\n${rows[0]!.code},a | b | c\n`);
    expect(pipeCells[0]!.fields.description).toBe('a | b | c');
  });

  it('reports a row that fails as a whole at its line and column', async () => {
    const [row] = starterMatrixRows();
    const err = (await importOver(`code,status\n${row!.code},not-applicable\n`, [row!]).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(err).toBeInstanceOf(ImportError);
    expect(err.message).toBe(
      'matrix.csv, line 2, column na_justification (not in the file): a not-applicable control needs a justification',
    );
  });
});
