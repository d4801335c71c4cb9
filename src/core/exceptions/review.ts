/**
 * Exception reviews (issue 23, docs/decisions/0030): an approved exception is
 * looked at again on a cadence set by its risk. The last review on or before
 * T (else the approval) plus one cadence is when the next review is due; a
 * review due after the exception expires is not asked for (the expiry is).
 */
import { isExceptionInForceOn } from '../at-date.js';
import { addCadence } from '../cadence.js';
import type { IsoDate } from '../dates.js';

/** How often an exception can be reviewed. */
export const EXCEPTION_REVIEW_CADENCES = ['monthly', 'quarterly', 'semiannual', 'annual'] as const;
/** An exception's review cadence. */
export type ExceptionReviewCadence = (typeof EXCEPTION_REVIEW_CADENCES)[number];

/**
 * What a review decides: keep the exception (optionally with a new expiry),
 * close it, or escalate it (kept, its risk one level higher).
 */
export const EXCEPTION_REVIEW_DECISIONS = ['continue', 'close', 'escalate'] as const;
/** A review's decision. */
export type ExceptionReviewDecision = (typeof EXCEPTION_REVIEW_DECISIONS)[number];

/** Risk ratings of exceptions, lowest first. */
export const EXCEPTION_RISKS = ['low', 'medium', 'high', 'critical'] as const;
/** An exception's risk rating. */
export type ExceptionRisk = (typeof EXCEPTION_RISKS)[number];

const DEFAULT_CADENCE: Record<ExceptionRisk, ExceptionReviewCadence> = {
  critical: 'monthly',
  high: 'monthly',
  medium: 'quarterly',
  low: 'semiannual',
};

/** The review cadence an exception of `risk` gets unless one is set: high (and critical) monthly, medium quarterly, low every six months. */
export function defaultReviewCadence(risk: ExceptionRisk): ExceptionReviewCadence {
  return DEFAULT_CADENCE[risk];
}

/** The risk an escalation sets: one level higher, critical staying critical. */
export function escalatedRisk(risk: ExceptionRisk): ExceptionRisk {
  return EXCEPTION_RISKS[Math.min(EXCEPTION_RISKS.indexOf(risk) + 1, EXCEPTION_RISKS.length - 1)]!;
}

/** An exception as its review schedule needs it. */
export interface ReviewedException {
  approverId: string | null;
  approvedOn: IsoDate | null;
  expiresOn: IsoDate;
  closedOn: IsoDate | null;
  reviewCadence: ExceptionReviewCadence;
  /** The days it was reviewed, any order. */
  reviewedOn: readonly IsoDate[];
}

/** Where an exception's review stands at T. */
export interface ReviewStanding {
  /** The last review on or before T, else the approval date. */
  since: IsoDate;
  /** The next review's due date. */
  dueOn: IsoDate;
  /** `overdue`: due before T; `due-soon`: due between T and `until`; `current` otherwise. */
  state: 'overdue' | 'due-soon' | 'current';
}

/**
 * The review standing of an exception at T, looking ahead to `until`; null
 * when no review is asked for: the exception is not in force at T (not
 * approved, expired, closed) or expires before its next review is due.
 */
export function reviewStanding(e: ReviewedException, at: IsoDate, until: IsoDate): ReviewStanding | null {
  if (!isExceptionInForceOn(e, at) || e.approvedOn === null) return null;
  let since = e.approvedOn;
  for (const d of e.reviewedOn) if (d <= at && d > since) since = d;
  const dueOn = addCadence(since, e.reviewCadence);
  if (dueOn > e.expiresOn) return null;
  const state = dueOn < at ? 'overdue' : dueOn <= until ? 'due-soon' : 'current';
  return { since, dueOn, state };
}

/**
 * The due date of an exception's next review from all its reviews (the
 * latest, else the approval, plus the cadence); null when none is asked for:
 * not approved, closed, or expiring before then.
 */
export function nextReviewOn(e: ReviewedException): IsoDate | null {
  if (e.approverId === null || e.approvedOn === null || e.closedOn !== null) return null;
  let since = e.approvedOn;
  for (const d of e.reviewedOn) if (d > since) since = d;
  const dueOn = addCadence(since, e.reviewCadence);
  return dueOn > e.expiresOn ? null : dueOn;
}
