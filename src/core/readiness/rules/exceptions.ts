import type { IsoDate } from '../../dates.js';
import { makeReason } from '../reason.js';
import type { Reason } from '../schema.js';
import type { ReadinessException } from '../types.js';
import type { ControlSubject } from './subject.js';

/** Whether an exception was approved (an approver and an approval date); unapproved ones do nothing. */
export function isApproved(e: ReadinessException): boolean {
  return e.approverId !== null && e.approvedOn !== null;
}

function isOpenOn(e: ReadinessException, at: IsoDate): boolean {
  return e.closedOn === null || e.closedOn > at;
}

/** Whether an exception covers gaps on date T: approved on or before T, not expired, not closed. */
export function isActiveOn(e: ReadinessException, at: IsoDate): boolean {
  return isApproved(e) && (e.approvedOn as IsoDate) <= at && at <= e.expiresOn && isOpenOn(e, at);
}

/** The control's exceptions active at T, the one lasting longest first. */
export function activeExceptions(s: ControlSubject): ReadinessException[] {
  return s.exceptions
    .filter((e) => isActiveOn(e, s.ctx.at))
    .sort((a, b) => (a.expiresOn > b.expiresOn ? -1 : a.expiresOn < b.expiresOn ? 1 : a.id < b.id ? -1 : 1));
}

/** Gap: an approved, still open exception whose expiry has passed. */
export function* exceptionExpired(s: ControlSubject): Generator<Reason> {
  const { at } = s.ctx;
  for (const e of s.exceptions) {
    if (!isApproved(e) || !isOpenOn(e, at) || e.expiresOn >= at) continue;
    yield makeReason(s, {
      code: 'exception-expired',
      severity: 'gap',
      message: `Exception "${e.summary}" on ${s.control.code} expired on ${e.expiresOn}: fix the control or renew the exception.`,
      exceptionId: e.id,
      dueOn: e.expiresOn,
    });
  }
}

/**
 * Info on an excepted control: which exception covers its gaps and until
 * when (SPEC §3: an exception is never silent). Expiring within the
 * look-ahead is called out, but stays a note: the gaps are what to fix.
 */
export function exceptionNotes(s: ControlSubject, active: readonly ReadinessException[]): Reason[] {
  return active.map((e) => {
    const expiring = e.expiresOn <= s.ctx.atRiskUntil;
    return makeReason(s, {
      code: expiring ? 'exception-expiring' : 'exception-active',
      severity: 'info',
      message: expiring
        ? `Exception "${e.summary}" expires on ${e.expiresOn}: fix the gaps of ${s.control.code} or renew it before then.`
        : `Exception "${e.summary}" (${e.riskRating} risk) covers the gaps of ${s.control.code} until ${e.expiresOn}.`,
      exceptionId: e.id,
      dueOn: e.expiresOn,
    });
  });
}
