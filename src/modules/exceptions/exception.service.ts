import { inputDateProblem } from '../../core/dates.js';
import { defaultReviewCadence, escalatedRisk, nextReviewOn } from '../../core/exceptions/review.js';
import type { Actor } from '../../core/ledger/chain.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import { listControlDetails } from '../controls/control.repository.js';
import { getFinding } from '../findings/finding.service.js';
import { findPersonByEmail } from '../people/person.repository.js';
import { parseEmail } from '../people/person.schema.js';
import {
  type ExceptionFilter,
  insertExceptionReview,
  insertExceptions,
  listExceptions,
  patchException,
} from './exception.repository.js';
import {
  exceptionInputSchema,
  exceptionReviewInputSchema,
  type StoredException,
} from './exception.schema.js';

/** The stored exception with its next review's due date. */
function withNextReview(x: Omit<StoredException, 'nextReviewOn'>): StoredException {
  return {
    ...x,
    nextReviewOn: nextReviewOn({ ...x, reviewedOn: x.reviews.map((r) => r.reviewedOn) }),
  };
}

function invalid(error: { issues: { path: PropertyKey[]; message: string }[] }, what: string): AppError {
  const issue = error.issues[0]!;
  return new AppError('invalid_input', `${issue.path.join('.') || what}: ${issue.message}`, error.issues);
}

async function activeApprover(database: Database, orgId: string, rawEmail: string) {
  const email = parseEmail(rawEmail, 'approverEmail');
  const person = await findPersonByEmail(database.db, orgId, email);
  if (!person) throw new AppError('not_found', `no person with e-mail ${email} in the roster`);
  if (person.status !== 'active')
    throw new AppError('invalid_input', `${email} has departed and cannot approve`);
  return person;
}

/**
 * Records an exception on a control, excepting one of its requirements, one
 * finding on it, or the whole control (approved now if approver and date are
 * given; unapproved exceptions do nothing).
 */
export async function addException(
  database: Database,
  actor: Actor,
  orgId: string,
  input: unknown,
): Promise<StoredException> {
  const parsed = exceptionInputSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error, 'exception');
  const e = parsed.data;
  const [control] = await listControlDetails(database.db, orgId, { codes: [e.controlCode] });
  if (!control) throw notFound('control', e.controlCode);
  let requirementId: string | null = null;
  if (e.requirementCode) {
    const requirement = control.requirements.find((r) => r.code === e.requirementCode);
    if (!requirement) {
      const codes = control.requirements.map((r) => r.code).join(', ') || 'none';
      throw new AppError(
        'invalid_input',
        `requirementCode: control ${control.code} has no evidence requirement ${e.requirementCode} (it has: ${codes})`,
      );
    }
    requirementId = requirement.id;
  }
  let findingId: string | null = null;
  if (e.findingId) {
    const finding = await getFinding(database, orgId, e.findingId);
    if (!finding.controls.some((c) => c.id === control.id)) {
      throw new AppError(
        'invalid_input',
        `findingId: finding ${finding.id} is not on control ${control.code}; an exception excepts a finding of its own control`,
      );
    }
    findingId = finding.id;
  }
  const approver = e.approverEmail ? await activeApprover(database, orgId, e.approverEmail) : null;
  const now = nowIso();
  const id = newId();
  const row = {
    id,
    org_id: orgId,
    control_id: control.id,
    summary: e.summary,
    reason: e.reason,
    compensating_control: e.compensatingControl,
    risk_rating: e.riskRating,
    requirement_id: requirementId,
    finding_id: findingId,
    approver_id: approver?.id ?? null,
    approved_on: e.approvedOn,
    expires_on: e.expiresOn,
    closed_on: null,
    review_cadence: e.reviewCadence ?? defaultReviewCadence(e.riskRating),
    created_at: now,
    updated_at: now,
  };
  await write(database, { actor, orgId }, async (w) => {
    await insertExceptions(w.tx, [row]);
    w.record({ action: 'create', recordType: 'exception', recordId: id, change: row });
  });
  return getException(database, orgId, id);
}

/** Approves an exception (approver must be an active person). */
export async function approveException(
  database: Database,
  actor: Actor,
  orgId: string,
  input: { id: string; approverEmail: string; approvedOn: string },
): Promise<StoredException> {
  const approvedOnProblem = inputDateProblem(input.approvedOn);
  if (approvedOnProblem) throw new AppError('invalid_input', `approvedOn: ${approvedOnProblem}`);
  const current = await getException(database, orgId, input.id);
  if (current.approvedOn) throw new AppError('conflict', `exception ${current.id} is already approved`);
  if (current.expiresOn < input.approvedOn)
    throw new AppError('invalid_input', 'the exception expires before that approval date');
  const approver = await activeApprover(database, orgId, input.approverEmail);
  await write(database, { actor, orgId }, async (w) => {
    await patchException(w.tx, orgId, current.id, {
      approver_id: approver.id,
      approved_on: input.approvedOn,
      updated_at: nowIso(),
    });
    w.record({
      action: 'approve',
      recordType: 'exception',
      recordId: current.id,
      change: { approver: approver.email, approverId: approver.id, approvedOn: input.approvedOn },
    });
  });
  return getException(database, orgId, current.id);
}

/** Closes an exception (the deviation is remediated); a closed exception no longer affects readiness. */
export async function closeException(
  database: Database,
  actor: Actor,
  orgId: string,
  input: { id: string; closedOn: string },
): Promise<StoredException> {
  const closedOnProblem = inputDateProblem(input.closedOn);
  if (closedOnProblem) throw new AppError('invalid_input', `closedOn: ${closedOnProblem}`);
  const current = await getException(database, orgId, input.id);
  if (current.closedOn) throw new AppError('conflict', `exception ${current.id} is already closed`);
  await write(database, { actor, orgId }, async (w) => {
    await patchException(w.tx, orgId, current.id, { closed_on: input.closedOn, updated_at: nowIso() });
    w.record({
      action: 'close',
      recordType: 'exception',
      recordId: current.id,
      change: { closedOn: input.closedOn },
    });
  });
  return getException(database, orgId, current.id);
}

/**
 * Records a review of an approved, open exception (docs/decisions/0030):
 * `continue` keeps it (with a new expiry if given), `close` closes it on the
 * review's day, `escalate` keeps it with its risk one level higher. A new
 * review cadence, if given, applies from this review on. The reviewer is a
 * person of the roster (the approver when not named) and must be active.
 */
export async function reviewException(
  database: Database,
  actor: Actor,
  orgId: string,
  id: string,
  input: unknown,
): Promise<StoredException> {
  const parsed = exceptionReviewInputSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error, 'review');
  const r = parsed.data;
  const current = await getException(database, orgId, id);
  if (!current.approvedOn || !current.approverEmail)
    throw new AppError('conflict', `exception ${current.id} is not approved: approve it before reviewing it`);
  if (current.closedOn) throw new AppError('conflict', `exception ${current.id} is already closed`);
  if (r.reviewedOn < current.approvedOn)
    throw new AppError(
      'invalid_input',
      `reviewedOn: the exception was approved on ${current.approvedOn}; a review cannot be before that`,
    );
  const reviewer = await activeApprover(database, orgId, r.reviewerEmail ?? current.approverEmail);
  const now = nowIso();
  const reviewId = newId();
  const fields = {
    ...(r.newExpiresOn ? { expires_on: r.newExpiresOn } : {}),
    ...(r.decision === 'close' ? { closed_on: r.reviewedOn } : {}),
    ...(r.decision === 'escalate' ? { risk_rating: escalatedRisk(current.riskRating) } : {}),
    ...(r.reviewCadence ? { review_cadence: r.reviewCadence } : {}),
  };
  await write(database, { actor, orgId }, async (w) => {
    await insertExceptionReview(w.tx, {
      id: reviewId,
      org_id: orgId,
      exception_id: current.id,
      reviewer_id: reviewer.id,
      reviewed_on: r.reviewedOn,
      decision: r.decision,
      note: r.note,
      new_expires_on: r.newExpiresOn,
      created_at: now,
    });
    await patchException(w.tx, orgId, current.id, { ...fields, updated_at: now });
    w.record({
      action: 'review',
      recordType: 'exception',
      recordId: current.id,
      change: {
        reviewId,
        reviewer: reviewer.email,
        reviewerId: reviewer.id,
        reviewedOn: r.reviewedOn,
        decision: r.decision,
        note: r.note,
        ...fields,
      },
    });
  });
  return getException(database, orgId, current.id);
}

/** Every exception of an organization (or of one control), by expiry. */
export async function getExceptions(
  database: Database,
  orgId: string,
  filter: ExceptionFilter = {},
): Promise<StoredException[]> {
  return (await listExceptions(database.db, orgId, filter)).map(withNextReview);
}

/** One exception by id or unique prefix. */
export async function getException(
  database: Database,
  orgId: string,
  idOrPrefix: string,
): Promise<StoredException> {
  const matches = (await getExceptions(database, orgId)).filter(
    (x) => x.id === idOrPrefix || (idOrPrefix.length >= 4 && x.id.startsWith(idOrPrefix)),
  );
  if (matches.length === 0) throw notFound('exception', idOrPrefix);
  if (matches.length > 1) throw new AppError('invalid_input', `exception id ${idOrPrefix} is ambiguous`);
  return matches[0]!;
}
