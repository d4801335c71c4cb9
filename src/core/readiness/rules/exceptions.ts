import { isClosedBy, isExceptionInForceOn } from '../../at-date.js';
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

/** The control's exceptions active at T, the one lasting longest first. */
export function activeExceptions(s: ControlSubject): ReadinessException[] {
  return s.exceptions
    .filter((e) => isExceptionInForceOn(e, s.ctx.at))
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
