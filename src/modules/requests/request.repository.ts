import type { Kysely } from 'kysely';
import { chunks } from '../../platform/db/chunks.js';
import type {
  AuditRequestEvidenceTable,
  AuditRequestMessagesTable,
  AuditRequestsTable,
  DB,
  RequestColumnMappingsTable,
} from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';

/** A stored request with its assignee's name. */
export type RequestRow = AuditRequestsTable & { assignee_name: string | null };

/** Filters of the request list. */
export interface RequestRowFilter {
  status?: string;
  assigneeId?: string;
  controlId?: string;
  /** Exactly these ids. */
  ids?: string[];
}

/** The requests of one engagement, by reference. */
export async function listRequestRows(
  db: Kysely<DB>,
  orgId: string,
  engagementId: string,
  filter: RequestRowFilter = {},
): Promise<RequestRow[]> {
  let q = db
    .selectFrom('audit_requests as r')
    .leftJoin('people as p', 'p.id', 'r.assignee_id')
    .selectAll('r')
    .select('p.name as assignee_name')
    .where('r.org_id', '=', orgId)
    .where('r.engagement_id', '=', engagementId);
  if (filter.status !== undefined) q = q.where('r.status', '=', filter.status);
  if (filter.assigneeId !== undefined) q = q.where('r.assignee_id', '=', filter.assigneeId);
  if (filter.ids !== undefined) q = q.where('r.id', 'in', filter.ids.length > 0 ? filter.ids : ['']);
  if (filter.controlId !== undefined) {
    const controlId = filter.controlId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('audit_request_controls as rc')
          .select('rc.request_id')
          .whereRef('rc.request_id', '=', 'r.id')
          .where('rc.control_id', '=', controlId),
      ),
    );
  }
  return q.orderBy('r.reference').orderBy('r.id').execute();
}

/** One request of an engagement by id or reference. */
export async function findRequestRow(
  db: Kysely<DB>,
  orgId: string,
  engagementId: string,
  idOrReference: string,
): Promise<RequestRow | undefined> {
  const rows = await db
    .selectFrom('audit_requests as r')
    .leftJoin('people as p', 'p.id', 'r.assignee_id')
    .selectAll('r')
    .select('p.name as assignee_name')
    .where('r.org_id', '=', orgId)
    .where('r.engagement_id', '=', engagementId)
    .where((eb) => eb.or([eb('r.id', '=', idOrReference), eb('r.reference', '=', idOrReference)]))
    .execute();
  return rows.find((r) => r.id === idOrReference) ?? rows[0];
}

/** The requests of an organization with a reference (every engagement), for the CLI's look-up by reference. */
export async function findRequestRowsByReference(
  db: Kysely<DB>,
  orgId: string,
  idOrReference: string,
): Promise<AuditRequestsTable[]> {
  return db
    .selectFrom('audit_requests')
    .selectAll()
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('id', '=', idOrReference), eb('reference', '=', idOrReference)]))
    .execute();
}

/** A request's control with its requirements' codes. */
export interface RequestControl {
  id: string;
  code: string;
  title: string;
  requirementCodes: string[];
}

/** The controls of each request (code order) with their requirements' codes. */
export async function controlsOfRequests(
  db: Kysely<DB>,
  orgId: string,
  requestIds: readonly string[],
): Promise<Map<string, RequestControl[]>> {
  const out = new Map<string, RequestControl[]>(requestIds.map((id) => [id, []]));
  const byControl = new Map<string, RequestControl[]>();
  for (const part of chunks(requestIds)) {
    if (part.length === 0) continue;
    const rows = await db
      .selectFrom('audit_request_controls as rc')
      .innerJoin('controls as c', 'c.id', 'rc.control_id')
      .select(['rc.request_id', 'c.id', 'c.code', 'c.title'])
      .where('rc.org_id', '=', orgId)
      .where('rc.request_id', 'in', part)
      .orderBy('c.code')
      .execute();
    for (const r of rows) {
      const control = { id: r.id, code: r.code, title: r.title, requirementCodes: [] };
      out.get(r.request_id)?.push(control);
      byControl.set(r.id, [...(byControl.get(r.id) ?? []), control]);
    }
  }
  for (const part of chunks([...byControl.keys()])) {
    const requirements = await db
      .selectFrom('evidence_requirements')
      .select(['control_id', 'code'])
      .where('org_id', '=', orgId)
      .where('control_id', 'in', part)
      .orderBy('code')
      .execute();
    for (const q of requirements)
      for (const c of byControl.get(q.control_id) ?? []) c.requirementCodes.push(q.code);
  }
  return out;
}

/** The thread of a request, oldest first. */
export async function messagesOfRequest(
  db: Kysely<DB>,
  orgId: string,
  requestId: string,
): Promise<AuditRequestMessagesTable[]> {
  return db
    .selectFrom('audit_request_messages')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The evidence attached to a request's answers, with what the thread shows of it. */
export async function evidenceOfRequest(db: Kysely<DB>, orgId: string, requestId: string) {
  return db
    .selectFrom('audit_request_evidence as ae')
    .innerJoin('evidence as e', 'e.id', 'ae.evidence_id')
    .innerJoin('controls as c', 'c.id', 'e.control_id')
    .innerJoin('evidence_requirements as q', 'q.id', 'e.requirement_id')
    .select([
      'ae.message_id',
      'e.id',
      'c.code as control_code',
      'q.code as requirement_code',
      'e.file_name',
      'e.kind',
      'e.effective_start',
      'e.effective_end',
    ])
    .where('ae.org_id', '=', orgId)
    .where('ae.request_id', '=', requestId)
    .orderBy('e.id')
    .execute();
}

/** Inserts requests. */
export async function insertRequestRows(db: WriteTx, rows: AuditRequestsTable[]): Promise<void> {
  for (const part of chunks(rows, 50)) await db.insertInto('audit_requests').values(part).execute();
}

/** Sets fields of one request. */
export async function patchRequestRow(
  db: WriteTx,
  orgId: string,
  id: string,
  fields: Partial<Omit<AuditRequestsTable, 'id' | 'org_id' | 'engagement_id'>>,
): Promise<void> {
  await db
    .updateTable('audit_requests')
    .set(fields)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Replaces the controls of one request. */
export async function replaceRequestControls(
  db: WriteTx,
  orgId: string,
  requestId: string,
  controlIds: readonly string[],
): Promise<void> {
  await db
    .deleteFrom('audit_request_controls')
    .where('org_id', '=', orgId)
    .where('request_id', '=', requestId)
    .execute();
  if (controlIds.length > 0) {
    await db
      .insertInto('audit_request_controls')
      .values(controlIds.map((control_id) => ({ request_id: requestId, control_id, org_id: orgId })))
      .execute();
  }
}

/** Appends one thread entry and the evidence it attaches. */
export async function insertMessage(
  db: WriteTx,
  message: AuditRequestMessagesTable,
  evidence: AuditRequestEvidenceTable[] = [],
): Promise<void> {
  await db.insertInto('audit_request_messages').values(message).execute();
  if (evidence.length > 0) await db.insertInto('audit_request_evidence').values(evidence).execute();
}

/** The saved column mappings of an organization, by name. */
export async function listColumnMappings(
  db: Kysely<DB>,
  orgId: string,
): Promise<RequestColumnMappingsTable[]> {
  return db
    .selectFrom('request_column_mappings')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('name')
    .execute();
}

/** Inserts or replaces a mapping by name. */
export async function upsertColumnMapping(db: WriteTx, row: RequestColumnMappingsTable): Promise<void> {
  const found = await db
    .selectFrom('request_column_mappings')
    .select('id')
    .where('org_id', '=', row.org_id)
    .where('name', '=', row.name)
    .executeTakeFirst();
  if (found) {
    await db
      .updateTable('request_column_mappings')
      .set({ columns: row.columns, updated_at: row.updated_at })
      .where('id', '=', found.id)
      .execute();
  } else await db.insertInto('request_column_mappings').values(row).execute();
}

/** The requests of one engagement that readiness reads: status, due date, assignee, controls. */
export async function readinessRequestRows(db: Kysely<DB>, orgId: string, engagementId: string) {
  const requests = await db
    .selectFrom('audit_requests')
    .select(['id', 'reference', 'assignee_id', 'due_on', 'status'])
    .where('org_id', '=', orgId)
    .where('engagement_id', '=', engagementId)
    .execute();
  const links = await db
    .selectFrom('audit_request_controls as rc')
    .innerJoin('audit_requests as r', 'r.id', 'rc.request_id')
    .select(['rc.request_id', 'rc.control_id'])
    .where('r.org_id', '=', orgId)
    .where('r.engagement_id', '=', engagementId)
    .execute();
  return { requests, links };
}
