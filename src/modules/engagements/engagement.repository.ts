import type { Kysely } from 'kysely';
import type { DB, EngagementsTable } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';
import type { StoredEngagement } from './engagement.schema.js';

function toEngagement(r: EngagementsTable): StoredEngagement {
  return {
    id: r.id,
    orgId: r.org_id,
    frameworkId: 'soc2',
    type: r.type as StoredEngagement['type'],
    auditDate: r.audit_date,
    windowStart: r.window_start,
    windowEnd: r.window_end,
    fieldworkStart: r.fieldwork_start,
    reportDue: r.report_due,
    categories: (r.categories ? r.categories.split(',') : []) as StoredEngagement['categories'],
    firmName: r.firm_name,
    leadId: r.lead_id,
    milestoneOffsets: JSON.parse(r.milestone_offsets) as StoredEngagement['milestoneOffsets'],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The row for an engagement. */
export function toEngagementRow(e: StoredEngagement): EngagementsTable {
  return {
    id: e.id,
    org_id: e.orgId,
    framework_id: e.frameworkId,
    type: e.type,
    audit_date: e.auditDate,
    window_start: e.windowStart,
    window_end: e.windowEnd,
    fieldwork_start: e.fieldworkStart,
    report_due: e.reportDue,
    categories: e.categories.join(','),
    firm_name: e.firmName,
    lead_id: e.leadId,
    milestone_offsets: JSON.stringify(e.milestoneOffsets),
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

/** The engagements of an organization, newest first. */
export async function listEngagements(db: Kysely<DB>, orgId: string): Promise<StoredEngagement[]> {
  const rows = await db
    .selectFrom('engagements')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toEngagement);
}

/** One engagement of an organization by id. */
export async function findEngagementById(
  db: Kysely<DB>,
  orgId: string,
  id: string,
): Promise<StoredEngagement | undefined> {
  const row = await db
    .selectFrom('engagements')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toEngagement(row) : undefined;
}

/** Inserts one engagement (call inside the write's transaction). */
export async function insertEngagement(db: WriteTx, e: StoredEngagement): Promise<void> {
  await db.insertInto('engagements').values(toEngagementRow(e)).execute();
}

/** Replaces the fields of one engagement (call inside the write's transaction). */
export async function updateEngagement(db: WriteTx, e: StoredEngagement): Promise<void> {
  const { id: _i, org_id: _o, created_at: _c, ...fields } = toEngagementRow(e);
  await db
    .updateTable('engagements')
    .set(fields)
    .where('org_id', '=', e.orgId)
    .where('id', '=', e.id)
    .execute();
}
