import { isEvidenceInAuditPeriod } from '../../core/audit/scope.js';
import type { Actor } from '../../core/ledger/chain.js';
import { controlIndex, proposeControls, type RequestStatus } from '../../core/requests/index.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { AuditRequestMessagesTable, AuditRequestsTable } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import { type ControlDetail, listControlDetails } from '../controls/control.repository.js';
import type { StoredEngagement } from '../engagements/engagement.schema.js';
import { resolveEngagement, toCoreEngagement } from '../engagements/engagement.service.js';
import type { Evidence } from '../evidence/evidence.schema.js';
import { findEvidenceFor } from '../evidence/evidence.service.js';
import { findPersonByEmail } from '../people/person.repository.js';
import { parseEmail } from '../people/person.schema.js';
import {
  controlsOfRequests,
  evidenceOfRequest,
  findRequestRow,
  insertRequestRows,
  listRequestRows,
  messagesOfRequest,
  patchRequestRow,
  type RequestRow,
  replaceRequestControls,
} from './request.repository.js';
import {
  type RequestDetail,
  type RequestSummary,
  requestInputSchema,
  requestUpdateSchema,
} from './request.schema.js';

/** The ledger's record type of a request (its thread and transitions too). */
export const RECORD = 'audit-request';

/** Who looks at a request: an auditor sees only the evidence of the audit period (src/core/audit/scope.ts). */
export interface RequestViewer {
  /** The auditor's engagement, when the viewer is an auditor. */
  auditorOf?: string | null;
}

export function parsed<T>(
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

export async function summaries(
  database: Database,
  orgId: string,
  rows: RequestRow[],
): Promise<RequestSummary[]> {
  const controls = await controlsOfRequests(
    database.db,
    orgId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toSummary(r, controls.get(r.id) ?? []));
}

export function toSummary(r: RequestRow, controls: RequestSummary['controls']): RequestSummary {
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

export async function requestRow(
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

export function message(
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

export async function controlsByCodes(
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
