import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { isEvidenceInAuditPeriod } from '../../core/audit/scope.js';
import type { Actor } from '../../core/ledger/chain.js';
import {
  type ColumnMapping,
  controlIndex,
  proposeControls,
  type RequestAction,
  type RequestListRow,
  type RequestStatus,
  readRequestRow,
  resolveColumns,
  transition,
} from '../../core/requests/index.js';
import { type CsvDelimiter, type CsvRecord, readCsvRecords } from '../../importers/csv/read-csv.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { AuditRequestMessagesTable, AuditRequestsTable } from '../../platform/db/schema.js';
import { AppError, ImportError, notFound } from '../../platform/errors.js';
import { readXlsxRecords } from '../../platform/files/spreadsheet-xlsx.js';
import { newId } from '../../platform/ids.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import { type ControlDetail, listControlDetails } from '../controls/control.repository.js';
import type { StoredEngagement } from '../engagements/engagement.schema.js';
import { resolveEngagement, toCoreEngagement } from '../engagements/engagement.service.js';
import type { Evidence } from '../evidence/evidence.schema.js';
import {
  addEvidence,
  type EvidenceContent,
  type EvidenceStores,
  findEvidenceFor,
  getEvidence,
} from '../evidence/evidence.service.js';
import { findPersonByEmail, listPeople } from '../people/person.repository.js';
import { parseEmail } from '../people/person.schema.js';
import {
  controlsOfRequests,
  evidenceOfRequest,
  findRequestRow,
  insertMessage,
  insertRequestRows,
  listColumnMappings,
  listRequestRows,
  messagesOfRequest,
  patchRequestRow,
  type RequestRow,
  replaceRequestControls,
  upsertColumnMapping,
} from './request.repository.js';
import {
  answerInputSchema,
  type ColumnMappingView,
  columnMappingSchema,
  commentInputSchema,
  type RequestDetail,
  type RequestImportResult,
  type RequestSummary,
  requestInputSchema,
  requestUpdateSchema,
  returnInputSchema,
} from './request.schema.js';

const RECORD = 'audit-request';
/** The most rows a request list may have. */
export const MAX_REQUEST_LIST_ROWS = 5000;

/** Who looks at a request: an auditor sees only the evidence of the audit period (src/core/audit/scope.ts). */
export interface RequestViewer {
  /** The auditor's engagement, when the viewer is an auditor. */
  auditorOf?: string | null;
}

function parsed<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  input: unknown,
  what: string,
): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    throw new AppError('invalid_input', `${field || what}: ${issue.message}`, { field: field || what });
  }
  return result.data;
}

/** The engagement named (id or prefix), else the latest; an organization without one cannot take requests. */
export async function requestEngagement(
  database: Database,
  orgId: string,
  engagementId?: string,
): Promise<StoredEngagement> {
  const engagement = await resolveEngagement(database, orgId, engagementId);
  if (!engagement)
    throw new AppError('not_found', 'no engagement yet: create one first (auditready engagement set)', {
      field: 'engagement',
    });
  return engagement;
}

async function summaries(database: Database, orgId: string, rows: RequestRow[]): Promise<RequestSummary[]> {
  const controls = await controlsOfRequests(
    database.db,
    orgId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toSummary(r, controls.get(r.id) ?? []));
}

function toSummary(r: RequestRow, controls: RequestSummary['controls']): RequestSummary {
  return {
    id: r.id,
    engagementId: r.engagement_id,
    reference: r.reference,
    text: r.text,
    criteriaText: r.criteria_text,
    populationNote: r.population_note,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
    dueOn: r.due_on,
    status: r.status as RequestStatus,
    mappedBy: controls.length === 0 ? null : r.mapped_by === 'hand' ? 'hand' : 'auto',
    controls,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Filters of the board. */
export interface RequestFilter {
  status?: RequestStatus | undefined;
  /** A person id. */
  assigneeId?: string | undefined;
  controlCode?: string | undefined;
}

/** The requests of an engagement, by reference, filtered by status, assignee and control. */
export async function listRequests(
  database: Database,
  orgId: string,
  engagementId: string | undefined,
  filter: RequestFilter = {},
): Promise<RequestSummary[]> {
  const engagement = await requestEngagement(database, orgId, engagementId);
  let controlId: string | undefined;
  if (filter.controlCode) {
    const [control] = await listControlDetails(database.db, orgId, { codes: [filter.controlCode] });
    if (!control) return [];
    controlId = control.id;
  }
  const rows = await listRequestRows(database.db, orgId, engagement.id, {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.assigneeId ? { assigneeId: filter.assigneeId } : {}),
    ...(controlId ? { controlId } : {}),
  });
  return summaries(database, orgId, rows);
}

async function requestRow(
  db: Database['db'],
  orgId: string,
  engagementId: string,
  idOrReference: string,
): Promise<RequestRow> {
  const row = await findRequestRow(db, orgId, engagementId, idOrReference.trim());
  if (!row) throw notFound('request', idOrReference);
  return row;
}

/** One request with its thread; an auditor sees only the attached evidence of the audit period. */
export async function getRequest(
  database: Database,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
  viewer: RequestViewer = {},
): Promise<RequestDetail> {
  const engagement = await requestEngagement(database, orgId, engagementId);
  const row = await requestRow(database.db, orgId, engagement.id, idOrReference);
  const [summary] = await summaries(database, orgId, [row]);
  const messages = await messagesOfRequest(database.db, orgId, row.id);
  const core = toCoreEngagement(engagement);
  const evidence = (await evidenceOfRequest(database.db, orgId, row.id)).filter(
    (e) =>
      !viewer.auditorOf ||
      isEvidenceInAuditPeriod({ effectiveStart: e.effective_start, effectiveEnd: e.effective_end }, core),
  );
  return {
    ...summary!,
    thread: messages.map((m) => ({
      id: m.id,
      kind: m.kind as 'comment' | 'answer' | 'transition',
      body: m.body,
      fromStatus: m.from_status as RequestStatus | null,
      toStatus: m.to_status as RequestStatus | null,
      author: { type: m.author_type, label: m.author_label },
      at: m.created_at,
      evidence: evidence
        .filter((e) => e.message_id === m.id)
        .map((e) => ({
          id: e.id,
          controlCode: e.control_code,
          requirementCode: e.requirement_code,
          fileName: e.file_name,
          kind: e.kind,
          effectiveStart: e.effective_start,
          effectiveEnd: e.effective_end,
        })),
    })),
  };
}

function message(
  w: Write,
  orgId: string,
  requestId: string,
  fields: Pick<AuditRequestMessagesTable, 'kind' | 'body'> &
    Partial<Pick<AuditRequestMessagesTable, 'from_status' | 'to_status'>>,
): AuditRequestMessagesTable {
  return {
    id: newId(),
    org_id: orgId,
    request_id: requestId,
    kind: fields.kind,
    body: fields.body,
    from_status: fields.from_status ?? null,
    to_status: fields.to_status ?? null,
    author_type: w.actor.type,
    author_id: w.actor.id,
    author_label: w.actor.label,
    created_at: nowIso(),
  };
}

async function controlsByCodes(
  database: Database,
  orgId: string,
  codes: readonly string[],
): Promise<ControlDetail[]> {
  if (codes.length === 0) return [];
  const wanted = [...new Set(codes)];
  const found = await listControlDetails(database.db, orgId, { codes: wanted });
  const missing = wanted.filter((c) => !found.some((f) => f.code === c));
  if (missing.length > 0)
    throw new AppError('not_found', `no control ${missing.join(', ')}`, { field: 'controlCodes' });
  return found;
}

/** A new request of an engagement (by a lead or its auditor); without controls named, its text proposes them. */
export async function createRequest(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string | undefined,
  input: unknown,
): Promise<RequestDetail> {
  const data = parsed(requestInputSchema, input, 'request');
  const engagement = await requestEngagement(database, orgId, engagementId);
  let controlIds: string[];
  let mappedBy: string | null;
  if (data.controlCodes.length > 0) {
    controlIds = (await controlsByCodes(database, orgId, data.controlCodes)).map((c) => c.id);
    mappedBy = 'hand';
  } else {
    const index = controlIndex(await listControlDetails(database.db, orgId));
    controlIds = proposeControls([data.text], index).controlIds;
    mappedBy = controlIds.length > 0 ? 'auto' : null;
  }
  const now = nowIso();
  const row: AuditRequestsTable = {
    id: newId(),
    org_id: orgId,
    engagement_id: engagement.id,
    reference: data.reference,
    text: data.text,
    criteria_text: null,
    population_note: data.populationNote,
    assignee_id: null,
    due_on: data.dueOn,
    status: 'open',
    mapped_by: mappedBy,
    list_hash: null,
    list_row: null,
    created_at: now,
    updated_at: now,
  };
  await write(database, { actor, orgId }, async (w) => {
    if (await findRequestRow(w.tx, orgId, engagement.id, data.reference))
      throw new AppError('conflict', `the engagement already has a request ${data.reference}`, {
        field: 'reference',
      });
    await insertRequestRows(w.tx, [row]);
    await replaceRequestControls(w.tx, orgId, row.id, controlIds);
    w.record({ action: 'create', recordType: RECORD, recordId: row.id, change: { ...row, controlIds } });
  });
  return getRequest(database, orgId, engagement.id, row.id);
}

/** Assigns a request (a person of the roster, by e-mail), sets its due date, or maps it to controls by hand. */
export async function updateRequest(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
  input: unknown,
): Promise<RequestDetail> {
  const data = parsed(requestUpdateSchema, input, 'request');
  const engagement = await requestEngagement(database, orgId, engagementId);
  let assignee: { id: string; email: string } | null | undefined;
  if (data.assigneeEmail === null) assignee = null;
  else if (data.assigneeEmail !== undefined) {
    const email = parseEmail(data.assigneeEmail, 'assigneeEmail');
    const person = await findPersonByEmail(database.db, orgId, email);
    if (!person)
      throw new AppError('not_found', `no person with e-mail ${email} in the roster`, {
        field: 'assigneeEmail',
      });
    if (person.status !== 'active')
      throw new AppError('invalid_input', `${email} has departed`, { field: 'assigneeEmail' });
    assignee = person;
  }
  const controls =
    data.controlCodes === undefined ? undefined : await controlsByCodes(database, orgId, data.controlCodes);
  const id = await write(database, { actor, orgId }, async (w) => {
    const current = await requestRow(w.tx, orgId, engagement.id, idOrReference);
    const change: Record<string, [unknown, unknown]> = {};
    const fields: Partial<AuditRequestsTable> = {};
    if (assignee !== undefined && (assignee?.id ?? null) !== current.assignee_id) {
      fields.assignee_id = assignee?.id ?? null;
      change.assignee = [current.assignee_id, assignee ? { id: assignee.id, email: assignee.email } : null];
    }
    if (data.dueOn !== undefined && data.dueOn !== current.due_on) {
      fields.due_on = data.dueOn;
      change.dueOn = [current.due_on, data.dueOn];
    }
    if (controls !== undefined) {
      const before = (await controlsOfRequests(w.tx, orgId, [current.id])).get(current.id) ?? [];
      const after = controls.map((c) => c.code).sort();
      if (before.map((c) => c.code).join() !== after.join() || current.mapped_by !== 'hand') {
        await replaceRequestControls(
          w.tx,
          orgId,
          current.id,
          controls.map((c) => c.id),
        );
        fields.mapped_by = 'hand';
        change.controls = [before.map((c) => c.code), after];
      }
    }
    if (Object.keys(change).length === 0) return current.id;
    await patchRequestRow(w.tx, orgId, current.id, { ...fields, updated_at: nowIso() });
    w.record({ action: 'update', recordType: RECORD, recordId: current.id, change });
    return current.id;
  });
  return getRequest(database, orgId, engagement.id, id);
}

/** A comment on a request's thread (the company's or the auditor's); the status does not move. */
export async function commentOnRequest(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
  input: unknown,
): Promise<RequestDetail> {
  const data = parsed(commentInputSchema, input, 'message');
  const engagement = await requestEngagement(database, orgId, engagementId);
  const id = await write(database, { actor, orgId }, async (w) => {
    const current = await requestRow(w.tx, orgId, engagement.id, idOrReference);
    const entry = message(w, orgId, current.id, { kind: 'comment', body: data.message });
    await insertMessage(w.tx, entry);
    w.record({
      action: 'comment',
      recordType: RECORD,
      recordId: current.id,
      change: { messageId: entry.id, body: data.message },
    });
    return current.id;
  });
  return getRequest(database, orgId, engagement.id, id);
}

function assertTransition(status: RequestStatus, action: RequestAction, answers = 0): RequestStatus {
  const next = transition(status, action, answers);
  if ('problem' in next) throw new AppError('conflict', next.problem, { field: 'status' });
  return next.to;
}

/**
 * Answers a request with evidence of its controls' requirements (existing
 * ids): one thread entry linking them; an open or returned request moves
 * to in progress. Evidence of another control is refused.
 */
export async function answerRequest(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
  input: unknown,
): Promise<RequestDetail> {
  const data = parsed(answerInputSchema, input, 'answer');
  const engagement = await requestEngagement(database, orgId, engagementId);
  const current = await requestRow(database.db, orgId, engagement.id, idOrReference);
  const controls = (await controlsOfRequests(database.db, orgId, [current.id])).get(current.id) ?? [];
  const allowed = new Set(controls.map((c) => c.id));
  const evidence: { id: string }[] = [];
  for (const raw of data.evidenceIds) {
    const e = await getEvidence(database, orgId, raw);
    if (!allowed.has(e.controlId))
      throw new AppError(
        'invalid_input',
        `evidence ${e.id} is of control ${e.controlCode}, not of the request's controls (${controls.map((c) => c.code).join(', ') || 'none: map the request first'})`,
        { field: 'evidenceIds' },
      );
    if (!evidence.some((x) => x.id === e.id)) evidence.push(e);
  }
  await write(database, { actor, orgId }, async (w) => {
    const row = await requestRow(w.tx, orgId, engagement.id, current.id);
    const from = row.status as RequestStatus;
    const to = assertTransition(from, 'answer');
    const entry = message(w, orgId, row.id, {
      kind: 'answer',
      body: data.message,
      from_status: from,
      to_status: to,
    });
    await insertMessage(
      w.tx,
      entry,
      evidence.map((e) => ({ message_id: entry.id, request_id: row.id, evidence_id: e.id, org_id: orgId })),
    );
    if (to !== from) await patchRequestRow(w.tx, orgId, row.id, { status: to, updated_at: nowIso() });
    w.record({
      action: 'answer',
      recordType: RECORD,
      recordId: row.id,
      change: { messageId: entry.id, evidenceIds: evidence.map((e) => e.id), status: [from, to] },
    });
  });
  return getRequest(database, orgId, engagement.id, current.id);
}

/**
 * Answers a request with a new upload: the file is recorded as evidence on
 * a requirement of the request's controls (the evidence service's add
 * path: never a loose file), then attached to the answer.
 */
export async function answerRequestWithUpload(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
  input: {
    requirementCode: string;
    effective: string;
    message?: string;
    description?: string;
    content: EvidenceContent;
    maxBytes?: number;
  },
): Promise<RequestDetail> {
  const { database } = stores;
  const engagement = await requestEngagement(database, orgId, engagementId);
  const current = await requestRow(database.db, orgId, engagement.id, idOrReference);
  assertTransition(current.status as RequestStatus, 'answer');
  const codes = ((await controlsOfRequests(database.db, orgId, [current.id])).get(current.id) ?? []).map(
    (c) => c.code,
  );
  const controls = codes.length > 0 ? await listControlDetails(database.db, orgId, { codes }) : [];
  const control = controls.find((c) => c.requirements.some((r) => r.code === input.requirementCode));
  if (!control) {
    const known = controls.flatMap((c) => c.requirements.map((r) => r.code)).join(', ');
    throw new AppError(
      'invalid_input',
      `requirement ${input.requirementCode} is not a requirement of the request's controls (${known || 'none: map the request first'})`,
      { field: 'requirementCode' },
    );
  }
  const evidence = await addEvidence(stores, actor, orgId, {
    metadata: {
      controlCode: control.code,
      requirementCode: input.requirementCode,
      effective: input.effective,
      description: input.description ?? `Answer to request ${current.reference}`,
    },
    content: input.content,
    ...(input.maxBytes === undefined ? {} : { maxBytes: input.maxBytes }),
  });
  return answerRequest(database, actor, orgId, engagement.id, current.id, {
    message: input.message ?? '',
    evidenceIds: [evidence.id],
  });
}

async function move(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
  action: 'submit' | 'accept' | 'return',
  body: string,
): Promise<RequestDetail> {
  const engagement = await requestEngagement(database, orgId, engagementId);
  const id = await write(database, { actor, orgId }, async (w) => {
    const row = await requestRow(w.tx, orgId, engagement.id, idOrReference);
    let answers = 0;
    for (const m of await messagesOfRequest(w.tx, orgId, row.id)) {
      if (m.kind === 'answer') answers++;
      else if (m.kind === 'transition' && m.to_status === 'returned') answers = 0;
    }
    const from = row.status as RequestStatus;
    const to = assertTransition(from, action, answers);
    const entry = message(w, orgId, row.id, { kind: 'transition', body, from_status: from, to_status: to });
    await insertMessage(w.tx, entry);
    await patchRequestRow(w.tx, orgId, row.id, { status: to, updated_at: nowIso() });
    w.record({
      action,
      recordType: RECORD,
      recordId: row.id,
      change: { status: [from, to], messageId: entry.id, ...(action === 'return' ? { reason: body } : {}) },
    });
    return row.id;
  });
  return getRequest(database, orgId, engagement.id, id);
}

/** Submits the company's answers to the auditor (needs an answer the auditor has not seen). */
export async function submitRequest(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
  note?: string,
): Promise<RequestDetail> {
  return move(database, actor, orgId, engagementId, idOrReference, 'submit', note?.trim() || 'submitted');
}

/** The auditor accepts a submitted request. */
export async function acceptRequest(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
  note?: string,
): Promise<RequestDetail> {
  return move(database, actor, orgId, engagementId, idOrReference, 'accept', note?.trim() || 'accepted');
}

/** The auditor returns a submitted request with a reason; the next answer takes it back to in progress. */
export async function returnRequest(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
  input: unknown,
): Promise<RequestDetail> {
  const data = parsed(returnInputSchema, input, 'reason');
  return move(database, actor, orgId, engagementId, idOrReference, 'return', data.reason);
}

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

/** The current evidence of the request's controls, newest first: what an answer can attach. */
export async function evidenceOptions(
  database: Database,
  orgId: string,
  engagementId: string | undefined,
  idOrReference: string,
): Promise<Evidence[]> {
  const engagement = await requestEngagement(database, orgId, engagementId);
  const row = await requestRow(database.db, orgId, engagement.id, idOrReference);
  const controls = (await controlsOfRequests(database.db, orgId, [row.id])).get(row.id) ?? [];
  const out: Evidence[] = [];
  for (const c of controls)
    out.push(
      ...(await findEvidenceFor(database, orgId, { controlCode: c.code, currentOnly: true }, { limit: 200 })),
    );
  return out.sort((a, b) => (a.collectedAt < b.collectedAt ? 1 : a.collectedAt > b.collectedAt ? -1 : 0));
}
