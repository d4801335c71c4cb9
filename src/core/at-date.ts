/**
 * The dating rules: which records count at a date T (SPEC §4, decision 0008).
 * Defined once here and used by readiness, the burndown and the plan alike,
 * so that readiness at a past week and the burndown's point for that week
 * can never disagree.
 *
 * - a finding is open at T when openedOn ≤ T < resolvedOn;
 * - evidence counts at T when its effective period started on or before T
 *   and, for a past T (T < today), when it had been recorded by T ("as it
 *   stood"); a T of today or later projects with today's records;
 * - an exception is in force at T when approved, approvedOn ≤ T ≤ expiresOn
 *   and not closed on or before T;
 * - a plan item is open at T when it was not done by T;
 * - a finding without a due date is due by severity from its opening.
 */
import { addDays, type IsoDate } from './dates.js';

/** Days to remediate a finding, by severity, counted from the day it is opened (rule and manual findings alike). */
export const REMEDIATION_DAYS: Readonly<Record<'low' | 'medium' | 'high' | 'critical', number>> = {
  critical: 7,
  high: 30,
  medium: 90,
  low: 180,
};

/** The due date of a finding of `severity` opened on `openedOn`. */
export function remediationDueOn(severity: keyof typeof REMEDIATION_DAYS, openedOn: IsoDate): IsoDate {
  return addDays(openedOn, REMEDIATION_DAYS[severity]);
}

/** A finding's due date: the one set on it, else the severity's remediation time from its opening. */
export function findingDueOn(f: {
  dueOn: IsoDate | null;
  severity: keyof typeof REMEDIATION_DAYS;
  openedOn: IsoDate;
}): IsoDate {
  return f.dueOn ?? remediationDueOn(f.severity, f.openedOn);
}

/** Whether a finding is open at T: opened on or before T and not resolved on or before T. */
export function isFindingOpenOn(f: { openedOn: IsoDate; resolvedOn: IsoDate | null }, at: IsoDate): boolean {
  return f.openedOn <= at && (f.resolvedOn === null || at < f.resolvedOn);
}

/** Whether an exception is in force at T: approved on or before T, not yet expired, not closed by T. */
export function isExceptionInForceOn(
  e: { approverId: string | null; approvedOn: IsoDate | null; expiresOn: IsoDate; closedOn: IsoDate | null },
  at: IsoDate,
): boolean {
  return (
    e.approverId !== null &&
    e.approvedOn !== null &&
    e.approvedOn <= at &&
    at <= e.expiresOn &&
    !isClosedBy(e, at)
  );
}

/** Whether an exception had been closed on or before T. */
export function isClosedBy(e: { closedOn: IsoDate | null }, at: IsoDate): boolean {
  return e.closedOn !== null && e.closedOn <= at;
}

/**
 * The last collection day whose evidence counts at T: T itself for a past T
 * (what had been recorded by then), null (every record, today's view) for
 * T on or after today.
 */
export function recordedBy(at: IsoDate, today: IsoDate): IsoDate | null {
  return at < today ? at : null;
}

/** Whether evidence is effective by T: its effective period started on or before T. */
export function isEffectiveBy(fact: { effectiveStart: IsoDate }, at: IsoDate): boolean {
  return fact.effectiveStart <= at;
}

/** Whether a piece of evidence counts at T seen from `today` (effective by T, and recorded by T when T is past). */
export function evidenceCountsAt(
  fact: { effectiveStart: IsoDate; collectedOn: IsoDate },
  at: IsoDate,
  today: IsoDate,
): boolean {
  const cutoff = recordedBy(at, today);
  return isEffectiveBy(fact, at) && (cutoff === null || fact.collectedOn <= cutoff);
}

/** Whether a plan item is still open at T: not done, or done only after T. */
export function isPlanItemOpenOn(item: { doneOn?: IsoDate | null }, at: IsoDate): boolean {
  return !item.doneOn || item.doneOn > at;
}
