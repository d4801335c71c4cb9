import type { Kysely } from 'kysely';
import type { ExceptionReviewCadence, ExceptionReviewDecision } from '../../core/exceptions/review.js';
import type { DB, ExceptionReviewsTable, ExceptionsTable } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';
import type { ExceptionReviewView, StoredException } from './exception.schema.js';

/** Filters of the exceptions list. */
export interface ExceptionFilter {
  /** Only exceptions on the control with this code. */
  controlCode?: string;
}

/** The exceptions of an organization with control codes, approver e-mails and reviews (latest first), by expiry. */
export async function listExceptions(
  db: Kysely<DB>,
  orgId: string,
  filter: ExceptionFilter = {},
): Promise<Omit<StoredException, 'nextReviewOn'>[]> {
  let query = db
    .selectFrom('exceptions as x')
    .innerJoin('controls as c', 'c.id', 'x.control_id')
    .leftJoin('people as p', 'p.id', 'x.approver_id')
    .leftJoin('evidence_requirements as r', 'r.id', 'x.requirement_id')
    .selectAll('x')
    .select(['c.code as control_code', 'p.email as approver_email', 'r.code as requirement_code'])
    .where('x.org_id', '=', orgId);
  if (filter.controlCode !== undefined) query = query.where('c.code', '=', filter.controlCode);
  const [rows, reviews] = await Promise.all([
    query.orderBy('x.expires_on').orderBy('x.id').execute(),
    listExceptionReviews(db, orgId),
  ]);
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
    reviewCadence: r.review_cadence as ExceptionReviewCadence,
    reviews: reviews.get(r.id) ?? [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** Inserts exception rows. */
export async function insertExceptions(db: WriteTx, rows: ExceptionsTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('exceptions').values(rows).execute();
}

/** Sets approval, closure or review fields of one exception. */
export async function patchException(
  db: WriteTx,
  orgId: string,
  id: string,
  fields: Partial<
    Pick<
      ExceptionsTable,
      | 'approver_id'
      | 'approved_on'
      | 'closed_on'
      | 'expires_on'
      | 'risk_rating'
      | 'review_cadence'
      | 'updated_at'
    >
  >,
): Promise<void> {
  await db.updateTable('exceptions').set(fields).where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** The reviews of an organization's exceptions with reviewer names, by exception, latest first. */
export async function listExceptionReviews(
  db: Kysely<DB>,
  orgId: string,
): Promise<Map<string, ExceptionReviewView[]>> {
  const rows = await db
    .selectFrom('exception_reviews as v')
    .innerJoin('people as p', 'p.id', 'v.reviewer_id')
    .select([
      'v.id',
      'v.exception_id',
      'v.reviewer_id',
      'p.email',
      'p.name',
      'v.reviewed_on',
      'v.decision',
      'v.note',
      'v.new_expires_on',
    ])
    .where('v.org_id', '=', orgId)
    .orderBy('v.reviewed_on', 'desc')
    .orderBy('v.id', 'desc')
    .execute();
  const byException = new Map<string, ExceptionReviewView[]>();
  for (const r of rows) {
    const list = byException.get(r.exception_id) ?? [];
    list.push({
      id: r.id,
      reviewerId: r.reviewer_id,
      reviewerEmail: r.email,
      reviewerName: r.name,
      reviewedOn: r.reviewed_on,
      decision: r.decision as ExceptionReviewDecision,
      note: r.note,
      newExpiresOn: r.new_expires_on,
    });
    byException.set(r.exception_id, list);
  }
  return byException;
}

/** Inserts one review of an exception. */
export async function insertExceptionReview(db: WriteTx, row: ExceptionReviewsTable): Promise<void> {
  await db.insertInto('exception_reviews').values(row).execute();
}
