import type { Kysely } from 'kysely';
import type { DB, ExceptionsTable } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';
import type { StoredException } from './exception.schema.js';

/** Filters of the exceptions list. */
export interface ExceptionFilter {
  /** Only exceptions on the control with this code. */
  controlCode?: string;
}

/** The exceptions of an organization with control codes and approver e-mails, by expiry. */
export async function listExceptions(
  db: Kysely<DB>,
  orgId: string,
  filter: ExceptionFilter = {},
): Promise<StoredException[]> {
  let query = db
    .selectFrom('exceptions as x')
    .innerJoin('controls as c', 'c.id', 'x.control_id')
    .leftJoin('people as p', 'p.id', 'x.approver_id')
    .leftJoin('evidence_requirements as r', 'r.id', 'x.requirement_id')
    .selectAll('x')
    .select(['c.code as control_code', 'p.email as approver_email', 'r.code as requirement_code'])
    .where('x.org_id', '=', orgId);
  if (filter.controlCode !== undefined) query = query.where('c.code', '=', filter.controlCode);
  const rows = await query.orderBy('x.expires_on').orderBy('x.id').execute();
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    controlId: r.control_id,
    controlCode: r.control_code,
    scope: r.finding_id !== null ? 'finding' : r.requirement_id !== null ? 'requirement' : 'control',
    requirementId: r.requirement_id,
    requirementCode: r.requirement_code,
    findingId: r.finding_id,
    summary: r.summary,
    reason: r.reason,
    compensatingControl: r.compensating_control,
    riskRating: r.risk_rating as StoredException['riskRating'],
    approverId: r.approver_id,
    approverEmail: r.approver_email,
    approvedOn: r.approved_on,
    expiresOn: r.expires_on,
    closedOn: r.closed_on,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** Inserts exception rows. */
export async function insertExceptions(db: WriteTx, rows: ExceptionsTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('exceptions').values(rows).execute();
}

/** Sets approval or closure fields of one exception. */
export async function patchException(
  db: WriteTx,
  orgId: string,
  id: string,
  fields: Partial<Pick<ExceptionsTable, 'approver_id' | 'approved_on' | 'closed_on' | 'updated_at'>>,
): Promise<void> {
  await db.updateTable('exceptions').set(fields).where('org_id', '=', orgId).where('id', '=', id).execute();
}
