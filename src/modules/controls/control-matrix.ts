import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { FRAMEWORK_IDS, type FrameworkId } from '../../core/vocabulary.js';
import { readCsvRecords } from '../../importers/csv/read-csv.js';
import type { AppError } from '../../platform/errors.js';
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

/** The control matrix as CSV: one row per control, requirements one per line in their cell, codes joined by `; `. */
export function controlMatrixToCsv(rows: ControlMatrixRow[]): string {
  return stringify(
    rows.map((r) => [
      r.code,
      r.title,
      r.description,
      r.status,
      r.naJustification ?? '',
      r.ownerEmail ?? '',
      r.backupOwnerEmail ?? '',
      r.sourceOfTruth ?? '',
      r.cadence,
      r.suggestedOwnerRole ?? '',
      r.requirements.map(formatRequirement).join('\n'),
      ...FRAMEWORK_IDS.map((id) => r.mappings[id].join('; ')),
    ]),
    { header: true, columns: [...MATRIX_COLUMNS], record_delimiter: 'unix' },
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

/**
 * Reads and validates a control matrix CSV (every row, before anything is
 * written): the first bad cell aborts with file, line, column and reason.
 */
export async function readControlMatrixCsv(source: {
  file: string;
  input?: Readable;
}): Promise<LocatedRow[]> {
  const file = path.basename(source.file);
  const out: LocatedRow[] = [];
  const records = readCsvRecords(source.input ?? createReadStream(source.file), file, {
    required: ['code', 'title', 'cadence'],
    known: MATRIX_COLUMNS,
  });
  for await (const rec of records) {
    const reqs = parseRequirementCell(rec.get('evidence_requirements'));
    if ('error' in reqs) throw rec.error('evidence_requirements', reqs.error);
    const parsed = parseControlMatrixRow({
      code: rec.get('code'),
      title: rec.get('title'),
      description: rec.get('description'),
      status: rec.get('status').toLowerCase() || 'draft',
      naJustification: rec.get('na_justification') || null,
      ownerEmail: rec.get('owner_email') || null,
      backupOwnerEmail: rec.get('backup_owner_email') || null,
      sourceOfTruth: rec.get('source_of_truth') || null,
      cadence: rec.get('cadence').toLowerCase(),
      suggestedOwnerRole: rec.get('suggested_owner_role') || null,
      requirements: reqs.requirements,
      mappings: Object.fromEntries(
        FRAMEWORK_IDS.map((id) => [id, splitCodes(rec.get(FRAMEWORK_COLUMN[id]))]),
      ),
    });
    if (!parsed.ok) {
      const column = columnOfIssue(parsed.issue);
      const where =
        parsed.issue.path[0] === 'requirements' && typeof parsed.issue.path[1] === 'number'
          ? `requirement ${parsed.issue.path[1] + 1}${parsed.issue.path[2] ? ` ${String(parsed.issue.path[2])}` : ''}: `
          : '';
      throw rec.error(column, `${where}${parsed.issue.message}`);
    }
    out.push({ row: parsed.row, fail: (column, reason) => rec.error(column, reason) });
  }
  return out;
}
