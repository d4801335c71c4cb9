// Request lists: saved column mappings per audit firm and the all-or-nothing import of a CSV/XLSX list
// (matched by reference; controls proposed from the cells; docs/decisions/0021).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Actor } from '../../core/ledger/chain.js';
import {
  type ColumnMapping,
  controlIndex,
  proposeControls,
  type RequestListRow,
  readRequestRow,
  resolveColumns,
} from '../../core/requests/index.js';
import { type CsvDelimiter, type CsvRecord, readCsvRecords } from '../../importers/csv/read-csv.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { AuditRequestsTable } from '../../platform/db/schema.js';
import { AppError, ImportError } from '../../platform/errors.js';
import { readXlsxRecords } from '../../platform/files/spreadsheet-xlsx.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import { listControlDetails } from '../controls/control.repository.js';
import { listPeople } from '../people/person.repository.js';
import {
  controlsOfRequests,
  insertRequestRows,
  listColumnMappings,
  listRequestRows,
  patchRequestRow,
  replaceRequestControls,
  upsertColumnMapping,
} from './request.repository.js';
import { type ColumnMappingView, columnMappingSchema, type RequestImportResult } from './request.schema.js';
import { parsed, RECORD, requestEngagement } from './request.service.js';

/** The most rows a request list may have. */
export const MAX_REQUEST_LIST_ROWS = 5000;

/** The saved column mappings, by name. */
export async function getColumnMappings(database: Database, orgId: string): Promise<ColumnMappingView[]> {
  return (await listColumnMappings(database.db, orgId)).map((m) => ({
    name: m.name,
    columns: JSON.parse(m.columns) as ColumnMapping,
  }));
}

/** Saves (or replaces) a column mapping by name; it must name the reference and text columns. */
export async function saveColumnMapping(
  database: Database,
  actor: Actor,
  orgId: string,
  input: unknown,
): Promise<ColumnMappingView> {
  const data = parsed(columnMappingSchema, input, 'mapping');
  for (const field of ['reference', 'text'] as const) {
    if (!data.columns[field])
      throw new AppError('invalid_input', `columns.${field}: name the list's column for ${field}`, {
        field: `columns.${field}`,
      });
  }
  const now = nowIso();
  await write(database, { actor, orgId }, async (w) => {
    await upsertColumnMapping(w.tx, {
      id: newId(),
      org_id: orgId,
      name: data.name,
      columns: JSON.stringify(data.columns),
      created_at: now,
      updated_at: now,
    });
    w.record({ action: 'save', recordType: 'request-column-mapping', recordId: data.name, change: data });
  });
  return data;
}

/** A request list to import: a CSV or XLSX file (path, or a stream named by the file name). */
export interface RequestListSource {
  file: string;
  input?: Readable;
  format?: 'csv' | 'xlsx';
  delimiter?: CsvDelimiter;
}

function listFormat(source: RequestListSource): 'csv' | 'xlsx' {
  if (source.format) return source.format;
  return /\.xlsx$/i.test(source.file) ? 'xlsx' : 'csv';
}

function records(source: RequestListSource): AsyncGenerator<CsvRecord> {
  const file = path.basename(source.file);
  const input = source.input ?? createReadStream(source.file);
  return listFormat(source) === 'xlsx'
    ? readXlsxRecords(input, file, { required: [] })
    : readCsvRecords(input, file, {
        required: [],
        ...(source.delimiter ? { delimiter: source.delimiter } : {}),
      });
}

interface ListedRequest {
  line: number;
  row: RequestListRow;
  hash: string;
}

async function readList(
  source: RequestListSource,
  saved: ColumnMapping | undefined,
): Promise<{ columns: ColumnMapping; rows: ListedRequest[] }> {
  const file = path.basename(source.file);
  let columns: ColumnMapping | null = null;
  const rows: ListedRequest[] = [];
  const seen = new Map<string, number>();
  for await (const record of records(source)) {
    if (!columns) {
      const resolved = resolveColumns(record.has, saved);
      if ('problem' in resolved)
        throw new ImportError(
          listFormat(source) === 'xlsx' ? { file, row: 1 } : { file, line: 1 },
          resolved.problem,
        );
      columns = resolved.columns;
    }
    const read = readRequestRow(record.get, columns);
    if ('reason' in read) throw record.error(read.column, read.reason);
    const earlier = seen.get(read.row.reference);
    if (earlier !== undefined)
      throw record.error(columns.reference!, `the reference ${read.row.reference} is also on row ${earlier}`);
    seen.set(read.row.reference, record.line);
    if (rows.length >= MAX_REQUEST_LIST_ROWS)
      throw record.error(null, `a request list has at most ${MAX_REQUEST_LIST_ROWS} requests`);
    const hash = createHash('sha256').update(JSON.stringify(read.row)).digest('hex');
    rows.push({ line: record.line, row: read.row, hash });
  }
  return { columns: columns ?? saved ?? {}, rows };
}

/**
 * Imports a request list into an engagement, all or nothing: every row is
 * read and checked first (a bad row aborts naming file, row, column and
 * reason, and nothing changes). A request is matched by its reference: a
 * row as last imported changes nothing; a revised row updates the request
 * (its thread stays; controls chosen by hand stay); new references become
 * requests mapped to the controls their cells name. Requests the list no
 * longer names are kept and listed.
 */
export async function importRequestList(
  database: Database,
  actor: Actor,
  orgId: string,
  input: { engagementId?: string | undefined; mappingName?: string | undefined; source: RequestListSource },
): Promise<RequestImportResult> {
  const engagement = await requestEngagement(database, orgId, input.engagementId);
  const mappings = await getColumnMappings(database, orgId);
  let mapping: ColumnMappingView | undefined;
  if (input.mappingName) {
    mapping = mappings.find((m) => m.name === input.mappingName);
    if (!mapping)
      throw new AppError(
        'not_found',
        `no column mapping "${input.mappingName}" (saved: ${mappings.map((m) => m.name).join(', ') || 'none'})`,
        { field: 'mapping' },
      );
  } else if (engagement.firmName) mapping = mappings.find((m) => m.name === engagement.firmName);
  const list = await readList(input.source, mapping?.columns);

  const [controls, people, existing] = await Promise.all([
    listControlDetails(database.db, orgId),
    listPeople(database.db, orgId, { status: 'active' }),
    listRequestRows(database.db, orgId, engagement.id),
  ]);
  const index = controlIndex(controls);
  const personOf = (cell: string | null) => {
    if (!cell) return undefined;
    const key = cell.trim().toLowerCase();
    return people.find((p) => p.email === key || p.name.trim().toLowerCase() === key);
  };
  const byReference = new Map(existing.map((r) => [r.reference, r]));
  const unmatchedAssignees: RequestImportResult['unmatchedAssignees'] = [];
  const creates: { row: AuditRequestsTable; controlIds: string[] }[] = [];
  const updates: {
    id: string;
    fields: Partial<AuditRequestsTable>;
    controlIds?: string[];
    change: unknown;
  }[] = [];
  let unchanged = 0;
  const now = nowIso();
  for (const { line, row, hash } of list.rows) {
    const person = personOf(row.assignee);
    if (row.assignee && !person)
      unmatchedAssignees.push({ reference: row.reference, assignee: row.assignee });
    // A control column naming our controls is the most specific answer; else the criteria and the text.
    const named = row.control ? proposeControls([row.control], index) : null;
    const proposal =
      named && named.controlIds.length > 0
        ? named
        : proposeControls([row.text, row.control ?? '', row.criterion ?? ''], index);
    const criteriaText = [row.control, row.criterion].filter((x): x is string => !!x).join(' · ') || null;
    const current = byReference.get(row.reference);
    if (current && current.list_hash === hash) {
      unchanged++;
      continue;
    }
    const listed = {
      text: row.text,
      criteria_text: criteriaText,
      population_note: row.population,
      due_on: row.dueOn,
      list_hash: hash,
      list_row: line,
    };
    if (!current) {
      creates.push({
        row: {
          id: newId(),
          org_id: orgId,
          engagement_id: engagement.id,
          reference: row.reference,
          ...listed,
          assignee_id: person?.id ?? null,
          status: 'open',
          mapped_by: proposal.controlIds.length > 0 ? 'auto' : null,
          created_at: now,
          updated_at: now,
        },
        controlIds: proposal.controlIds,
      });
    } else {
      const byHand = current.mapped_by === 'hand';
      const fields: Partial<AuditRequestsTable> = {
        ...listed,
        ...(person ? { assignee_id: person.id } : {}),
        ...(byHand ? {} : { mapped_by: proposal.controlIds.length > 0 ? 'auto' : null }),
        updated_at: now,
      };
      const change: Record<string, [unknown, unknown]> = {};
      for (const [key, value] of Object.entries(fields)) {
        if (key === 'updated_at' || key === 'list_hash') continue;
        const before = current[key as keyof AuditRequestsTable];
        if (before !== value) change[key] = [before, value];
      }
      if (!byHand) change.controlCodes = [null, proposal.controlCodes];
      updates.push({
        id: current.id,
        fields,
        ...(byHand ? {} : { controlIds: proposal.controlIds }),
        change,
      });
    }
  }

  if (creates.length > 0 || updates.length > 0) {
    const file = path.basename(input.source.file);
    await write(database, { actor, orgId }, async (w) => {
      await insertRequestRows(
        w.tx,
        creates.map((c) => c.row),
      );
      for (const c of creates) {
        await replaceRequestControls(w.tx, orgId, c.row.id, c.controlIds);
        w.record({
          action: 'create',
          recordType: RECORD,
          recordId: c.row.id,
          change: { ...c.row, controlIds: c.controlIds, list: file },
        });
      }
      for (const u of updates) {
        await patchRequestRow(w.tx, orgId, u.id, u.fields);
        if (u.controlIds) await replaceRequestControls(w.tx, orgId, u.id, u.controlIds);
        w.record({
          action: 'update',
          recordType: RECORD,
          recordId: u.id,
          change: { ...(u.change as object), list: file },
        });
      }
    });
  }

  const listed = new Set(list.rows.map((r) => r.row.reference));
  const after = await listRequestRows(database.db, orgId, engagement.id);
  const controlsAfter = await controlsOfRequests(
    database.db,
    orgId,
    after.map((r) => r.id),
  );
  const inList = after.filter((r) => listed.has(r.reference));
  return {
    engagementId: engagement.id,
    mapping: { name: mapping?.name ?? null, columns: list.columns },
    rows: list.rows.length,
    created: creates.length,
    updated: updates.length,
    unchanged,
    mapped: inList.filter((r) => (controlsAfter.get(r.id) ?? []).length > 0).length,
    unmapped: inList
      .filter((r) => (controlsAfter.get(r.id) ?? []).length === 0)
      .map((r) => ({ id: r.id, reference: r.reference, text: r.text })),
    unmatchedAssignees,
    notInList: after.filter((r) => !listed.has(r.reference)).map((r) => r.reference),
  };
}
