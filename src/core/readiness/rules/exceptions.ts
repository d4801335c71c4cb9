import { isClosedBy, isExceptionInForceOn } from '../../at-date.js';
import { type ReviewStanding, reviewStanding } from '../../exceptions/review.js';
import { makeReason } from '../reason.js';
import type { Reason } from '../schema.js';
import type { ReadinessException } from '../types.js';
import type { ControlSubject } from './subject.js';

/** Whether an exception was approved (an approver and an approval date); unapproved ones do nothing. */
export function isApproved(e: ReadinessException): boolean {
  return e.approverId !== null && e.approvedOn !== null;
}

/** Whether an exception excepts the whole control (it names neither a requirement nor a finding). */
export function isWholeControl(e: ReadinessException): boolean {
  return !e.requirementId && !e.findingId;
}

/**
 * Whether an exception excepts a gap: one naming a finding excepts that
 * finding's gap, one naming a requirement that requirement's evidence gaps,
 * one naming neither every gap of its control.
 */
export function excepts(e: ReadinessException, gap: Reason): boolean {
  if (e.findingId) return gap.findingId === e.findingId;
  if (e.requirementId) return gap.requirementId === e.requirementId;
  return true;
}

/** Where an exception's review stands at T (null: no review asked for, or not in force). */
export function exceptionReview(s: ControlSubject, e: ReadinessException): ReviewStanding | null {
  if (!e.reviewCadence) return null;
  return reviewStanding(
    { ...e, reviewCadence: e.reviewCadence, reviewedOn: e.reviewedOn ?? [] },
    s.ctx.at,
    s.ctx.atRiskUntil,
  );
}

/** Whether an exception in force at T missed its review: it counts as unreviewed and excepts nothing. */
export function isUnreviewed(s: ControlSubject, e: ReadinessException): boolean {
  return exceptionReview(s, e)?.state === 'overdue';
}

/** The control's exceptions active at T (in force and not unreviewed), the one lasting longest first. */
export function activeExceptions(s: ControlSubject): ReadinessException[] {
  return s.exceptions
    .filter((e) => isExceptionInForceOn(e, s.ctx.at) && !isUnreviewed(s, e))
    .sort((a, b) => (a.expiresOn > b.expiresOn ? -1 : a.expiresOn < b.expiresOn ? 1 : a.id < b.id ? -1 : 1));
}

/** The gaps with `exceptedBy` set on those an active exception excepts (the longest lasting one names itself). */
export function exceptGaps(gaps: readonly Reason[], active: readonly ReadinessException[]): Reason[] {
  return gaps.map((gap) => {
    const by = active.find((e) => excepts(e, gap));
    return by ? { ...gap, exceptedBy: by.id } : gap;
  });
}

/** What an exception excepts, in words: `the gaps of AC-03`, `requirement AC-03-E1`, `finding "…"`. */
export function exceptedText(s: ControlSubject, e: ReadinessException): string {
  if (e.findingId) {
    const finding = s.findings.find((f) => f.id === e.findingId);
    return finding ? `the finding "${finding.title}"` : `finding ${e.findingId}`;
  }
  if (e.requirementId) {
    const requirement = s.requirements.find((r) => r.requirement.id === e.requirementId);
    return `the evidence of ${requirement?.requirement.code ?? e.requirementId}`;
  }
  return `the gaps of ${s.control.code}`;
}

/** Gap: an approved, still open exception whose expiry has passed. */
export function* exceptionExpired(s: ControlSubject): Generator<Reason> {
  const { at } = s.ctx;
  for (const e of s.exceptions) {
    if (!isApproved(e) || isClosedBy(e, at) || e.expiresOn >= at) continue;
    yield makeReason(s, {
      code: 'exception-expired',
      severity: 'gap',
      message: isWholeControl(e)
        ? `Exception "${e.summary}" on ${s.control.code} expired on ${e.expiresOn}: fix the control or renew the exception.`
        : `Exception "${e.summary}" on ${s.control.code} (${exceptedText(s, e)}) expired on ${e.expiresOn}: fix it or renew the exception.`,
      exceptionId: e.id,
      dueOn: e.expiresOn,
    });
  }
}

/**
 * Info on a control with gaps: which exception covers what, and until when
 * (SPEC §3: an exception is never silent). Expiring within the look-ahead is
 * called out, but stays a note: the gaps are what to fix.
 */
export function exceptionNotes(s: ControlSubject, active: readonly ReadinessException[]): Reason[] {
  return active.map((e) => {
    const expiring = e.expiresOn <= s.ctx.atRiskUntil;
    const what = exceptedText(s, e);
    return makeReason(s, {
      code: expiring ? 'exception-expiring' : 'exception-active',
      severity: 'info',
      message: expiring
        ? `Exception "${e.summary}" expires on ${e.expiresOn}: fix ${what} or renew it before then.`
        : `Exception "${e.summary}" (${e.riskRating} risk) covers ${what} until ${e.expiresOn}.`,
      exceptionId: e.id,
      dueOn: e.expiresOn,
    });
  });
}

/**
 * The reason with the exception's approver as its owner (who reviews it); an
 * approver no longer active leaves it with the control's owner.
 */
function forApprover(s: ControlSubject, e: ReadinessException, reason: Reason): Reason {
  const approver = e.approverId === null ? undefined : s.ctx.people.get(e.approverId);
  if (approver?.status !== 'active') return reason;
  const { unowned: _unowned, ...rest } = reason;
  return { ...rest, ownerId: approver.id, ownerName: approver.name };
}

/**
 * Gap: an exception in force missed its review (docs/decisions/0030). It
 * counts as unreviewed: it excepts nothing, and its approver must review it.
 */
export function* exceptionUnreviewed(s: ControlSubject): Generator<Reason> {
  for (const e of s.exceptions) {
    const review = exceptionReview(s, e);
    if (review?.state !== 'overdue') continue;
    yield forApprover(
      s,
      e,
      makeReason(s, {
        code: 'exception-unreviewed',
        severity: 'gap',
        message: `Exception "${e.summary}" on ${s.control.code} not reviewed since ${review.since}: its ${e.reviewCadence} review was due on ${review.dueOn}. Review it (continue, close or escalate).`,
        exceptionId: e.id,
        dueOn: review.dueOn,
      }),
    );
  }
}

/** At risk: an exception in force has its review due within the look-ahead (T..T+14 by default). */
export function* exceptionReviewDue(s: ControlSubject): Generator<Reason> {
  for (const e of s.exceptions) {
    const review = exceptionReview(s, e);
    if (review?.state !== 'due-soon') continue;
    yield forApprover(
      s,
      e,
      makeReason(s, {
        code: 'exception-review-due',
        severity: 'at-risk',
        message: `Review exception "${e.summary}" on ${s.control.code} by ${review.dueOn} (last reviewed ${review.since}, ${e.reviewCadence} reviews).`,
        exceptionId: e.id,
        dueOn: review.dueOn,
      }),
    );
  }
}
