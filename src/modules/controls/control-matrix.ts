import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { FRAMEWORK_IDS, type FrameworkId } from '../../core/vocabulary.js';
import { type CsvDelimiter, type CsvRecord, readCsvRecords } from '../../importers/csv/read-csv.js';
import type { AppError } from '../../platform/errors.js';
import { restoreFormulaCell, writeSpreadsheetCsv } from '../../platform/files/spreadsheet-csv.js';
import { readXlsxRecords, writeSpreadsheetXlsx } from '../../platform/files/spreadsheet-xlsx.js';
import type { ControlDetail } from './control.repository.js';
import { type ControlMatrixRow, parseControlMatrixRow, type RowIssue } from './control.schema.js';

/** The CSV column holding each framework's criterion codes. */
export const FRAMEWORK_COLUMN: Record<FrameworkId, string> = {
  soc2: 'soc2',
  'nist-csf': 'nist_csf',
  iso27001: 'iso27001',
  'owasp-nhi': 'owasp_nhi',
  'nist-ai-rmf': 'nist_ai_rmf',
};

/** The control matrix CSV columns, in export order. */
export const MATRIX_COLUMNS = [
  'code',
  'title',
  'description',
  'status',
  'na_justification',
  'owner_email',
  'backup_owner_email',
  'source_of_truth',
  'cadence',
  'suggested_owner_role',
  'evidence_requirements',
  ...FRAMEWORK_IDS.map((id) => FRAMEWORK_COLUMN[id]),
] as const;

const FIELD_COLUMN: Record<string, string> = {
  code: 'code',
  title: 'title',
  description: 'description',
  status: 'status',
  naJustification: 'na_justification',
  ownerEmail: 'owner_email',
  backupOwnerEmail: 'backup_owner_email',
  sourceOfTruth: 'source_of_truth',
  cadence: 'cadence',
  suggestedOwnerRole: 'suggested_owner_role',
  requirements: 'evidence_requirements',
};

/** The CSV column a schema issue points at. */
export function columnOfIssue(issue: RowIssue): string | null {
  const [first, second] = issue.path;
  if (first === 'mappings' && typeof second === 'string')
    return FRAMEWORK_COLUMN[second as FrameworkId] ?? null;
  return FIELD_COLUMN[String(first)] ?? null;
}

const REQUIREMENT_SEPARATOR = ' | ';

/** One evidence requirement as a line of the `evidence_requirements` cell: `CODE | cadence | source | collection | artifact`. */
function formatRequirement(r: ControlMatrixRow['requirements'][number]): string {
  return [r.code, r.cadence, r.sourceType, r.collection, r.artifact].join(REQUIREMENT_SEPARATOR);
}

function parseRequirementCell(cell: string): { requirements: unknown[] } | { error: string } {
  const requirements: unknown[] = [];
  const lines = cell
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const parts = line.split('|').map((p) => p.trim());
    if (parts.length < 5) {
      return {
        error: `requirement ${i + 1} ("${line.slice(0, 40)}") needs 5 parts: code | cadence | source type | collection | artifact`,
      };
    }
    const [code, cadence, sourceType, collection, ...artifact] = parts;
    requirements.push({ code, cadence, sourceType, collection, artifact: artifact.join(' | ') });
  }
  return { requirements };
}

function splitCodes(cell: string): string[] {
  return cell
    .split(/[;\n]/)
    .map((c) => c.trim())
    .filter(Boolean);
}

/** A control in portable form, ready for export. */
export function toMatrixRow(c: ControlDetail): ControlMatrixRow {
  return {
    code: c.code,
    title: c.title,
    description: c.description,
    status: c.status,
    naJustification: c.naJustification,
    ownerEmail: c.owner?.email ?? null,
    backupOwnerEmail: c.backupOwner?.email ?? null,
    sourceOfTruth: c.sourceOfTruth,
    cadence: c.cadence,
    suggestedOwnerRole: c.suggestedOwnerRole,
    requirements: c.requirements.map((r) => ({
      code: r.code,
      artifact: r.artifact,
      cadence: r.cadence,
      sourceType: r.sourceType,
      collection: r.collection,
    })),
    mappings: c.mappings,
  };
}

/** A column of the control matrix CSV. */
export type MatrixColumn = (typeof MATRIX_COLUMNS)[number];

/** The cell of one column for a control, as the export writes it (before formula neutralization). */
function matrixCell(r: ControlMatrixRow, column: MatrixColumn): string {
  switch (column) {
    case 'code':
      return r.code;
    case 'title':
      return r.title;
    case 'description':
      return r.description;
    case 'status':
      return r.status;
    case 'na_justification':
      return r.naJustification ?? '';
    case 'owner_email':
      return r.ownerEmail ?? '';
    case 'backup_owner_email':
      return r.backupOwnerEmail ?? '';
    case 'source_of_truth':
      return r.sourceOfTruth ?? '';
    case 'cadence':
      return r.cadence;
    case 'suggested_owner_role':
      return r.suggestedOwnerRole ?? '';
    case 'evidence_requirements':
      return r.requirements.map(formatRequirement).join('\n');
    default:
      return r.mappings[FRAMEWORK_OF_COLUMN.get(column)!].join('; ');
  }
}

const FRAMEWORK_OF_COLUMN = new Map<string, FrameworkId>(
  FRAMEWORK_IDS.map((id) => [FRAMEWORK_COLUMN[id], id]),
);

/**
 * The control matrix as CSV: one row per control, requirements one per line
 * in their cell, codes joined by `; `, cells neutralized against formula
 * injection (undone by the import). `columns` picks and orders the columns
 * (all of them by default; a file with fewer changes only those on import).
 */
export function controlMatrixToCsv(
  rows: ControlMatrixRow[],
  columns: readonly MatrixColumn[] = MATRIX_COLUMNS,
): string {
  return writeSpreadsheetCsv(
    columns,
    rows.map((r) => columns.map((column) => matrixCell(r, column))),
  );
}

/** The control matrix as pretty JSON (stable key order, trailing newline). */
export function controlMatrixToJson(rows: ControlMatrixRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}

/** A validated matrix row and how to report a problem with it at its place in the input. */
export interface LocatedRow {
  row: ControlMatrixRow;
  fail(column: string | null, reason: string): AppError;
}

/** The portable fields a matrix file may set, before validation: those of its columns only. */
export type MatrixFields = Partial<Omit<ControlMatrixRow, 'code' | 'mappings'>> & {
  mappings?: Partial<Record<FrameworkId, string[]>>;
};

/**
 * One row of a control matrix file: the control it names and the fields its
 * columns set. A column the file does not have leaves its field as it is; a
 * column present with an empty cell clears the field.
 */
export interface MatrixPatch {
  code: string;
  fields: MatrixFields;
  fail(column: string | null, reason: string): AppError;
}

/** The fields of the present columns of one record, cells as the export wrote them restored first. */
function patchFields(rec: CsvRecord): MatrixFields {
  const cell = (column: MatrixColumn) => restoreFormulaCell(rec.get(column));
  const fields: MatrixFields = {};
  const has = (column: MatrixColumn) => rec.has(column);
  if (has('title')) fields.title = cell('title');
  if (has('description')) fields.description = cell('description');
  if (has('status')) fields.status = (cell('status').toLowerCase() || 'draft') as ControlMatrixRow['status'];
  if (has('na_justification')) fields.naJustification = cell('na_justification') || null;
  if (has('owner_email')) fields.ownerEmail = cell('owner_email') || null;
  if (has('backup_owner_email')) fields.backupOwnerEmail = cell('backup_owner_email') || null;
  if (has('source_of_truth')) fields.sourceOfTruth = cell('source_of_truth') || null;
  if (has('cadence')) fields.cadence = cell('cadence').toLowerCase() as ControlMatrixRow['cadence'];
  if (has('suggested_owner_role')) fields.suggestedOwnerRole = cell('suggested_owner_role') || null;
  if (has('evidence_requirements')) {
    const reqs = parseRequirementCell(cell('evidence_requirements'));
    if ('error' in reqs) throw rec.error('evidence_requirements', reqs.error);
    fields.requirements = reqs.requirements as ControlMatrixRow['requirements'];
  }
  for (const id of FRAMEWORK_IDS) {
    if (!has(FRAMEWORK_COLUMN[id])) continue;
    fields.mappings ??= {};
    fields.mappings[id] = splitCodes(cell(FRAMEWORK_COLUMN[id]));
  }
  return fields;
}

/** The patches of a matrix file's records (CSV or XLSX: the readers differ, the row rules are one). */
async function patchesOf(records: AsyncIterable<CsvRecord>): Promise<MatrixPatch[]> {
  const out: MatrixPatch[] = [];
  for await (const rec of records) {
    const code = restoreFormulaCell(rec.get('code'));
    if (code === '') throw rec.error('code', 'a code is required');
    out.push({ code, fields: patchFields(rec), fail: (column, reason) => rec.error(column, reason) });
  }
  return out;
}

/**
 * Reads a control matrix CSV (every row, before anything is written): a
 * `code` column and any of the other matrix columns. Comma-separated unless
 * another delimiter is named (never guessed). The first unreadable cell
 * aborts with file, line, column and reason; whole rows are validated once
 * they are laid over the controls they name (`resolveMatrixPatch`).
 */
export async function readControlMatrixCsv(source: {
  file: string;
  input?: Readable;
  delimiter?: CsvDelimiter;
}): Promise<MatrixPatch[]> {
  const file = path.basename(source.file);
  return patchesOf(
    readCsvRecords(source.input ?? createReadStream(source.file), file, {
      required: ['code'],
      known: MATRIX_COLUMNS,
      ...(source.delimiter ? { delimiter: source.delimiter } : {}),
    }),
  );
}

/**
 * Reads a control matrix XLSX (its first worksheet) like the CSV: the same
 * columns, the same row rules; errors name the file, sheet, row and column.
 */
export async function readControlMatrixXlsx(source: {
  file: string;
  input?: Readable;
}): Promise<MatrixPatch[]> {
  const file = path.basename(source.file);
  return patchesOf(
    readXlsxRecords(source.input ?? createReadStream(source.file), file, {
      required: ['code'],
      known: MATRIX_COLUMNS,
    }),
  );
}

/** The control matrix as an XLSX workbook (one sheet `Controls`, the CSV's columns and cells) written to `output`. */
export async function writeControlMatrixXlsx(
  output: Writable,
  rows: Iterable<ControlMatrixRow>,
  columns: readonly MatrixColumn[] = MATRIX_COLUMNS,
): Promise<void> {
  await writeSpreadsheetXlsx(output, [{ name: 'Controls', columns, rows: matrixCells(rows, columns) }]);
}

/** The cells of each row, column by column, as both exports write them (before neutralization). */
export function* matrixCells(
  rows: Iterable<ControlMatrixRow>,
  columns: readonly MatrixColumn[] = MATRIX_COLUMNS,
): Generator<string[]> {
  for (const r of rows) yield columns.map((column) => matrixCell(r, column));
}

/**
 * A matrix file's row laid over the control it names (`current`, absent for
 * a new control) and validated as a whole: columns the file lacks keep the
 * control's values, each framework column replaces only that framework's
 * codes. A new control needs the title and cadence columns.
 */
export function resolveMatrixPatch(patch: MatrixPatch, current: ControlMatrixRow | undefined): LocatedRow {
  const { fields, fail } = patch;
  if (!current) {
    const missing = (['title', 'cadence'] as const).filter((f) => fields[f] === undefined);
    if (missing.length > 0) {
      throw fail(
        null,
        `control ${patch.code} does not exist yet: creating it needs the ${missing.join(' and ')} column${missing.length > 1 ? 's' : ''}`,
      );
    }
  }
  const parsed = parseControlMatrixRow({
    ...current,
    ...fields,
    code: patch.code,
    mappings: { ...current?.mappings, ...fields.mappings },
  });
  if (!parsed.ok) {
    const column = columnOfIssue(parsed.issue);
    const where =
      parsed.issue.path[0] === 'requirements' && typeof parsed.issue.path[1] === 'number'
        ? `requirement ${parsed.issue.path[1] + 1}${parsed.issue.path[2] ? ` ${String(parsed.issue.path[2])}` : ''}: `
        : '';
    throw fail(column, `${where}${parsed.issue.message}`);
  }
  return { row: parsed.row, fail };
}
