import { makeReason } from '../reason.js';
import type { Reason } from '../schema.js';
import type { ReadinessRequest } from '../types.js';
import type { ControlSubject } from './subject.js';

/** Whether the company still owes the auditor an answer on the request (not submitted, not accepted). */
function awaitingCompany(r: ReadinessRequest): boolean {
  return r.status === 'open' || r.status === 'in-progress' || r.status === 'returned';
}

/**
 * The reason with the request's assignee as its owner (the contract of the
 * plan: a reason with owner and due date becomes the owner's plan item); a
 * request nobody active is assigned to stays with the control's owner.
 */
function forAssignee(s: ControlSubject, r: ReadinessRequest, reason: Reason): Reason {
  const assignee = r.assigneeId === null ? undefined : s.ctx.people.get(r.assigneeId);
  if (assignee?.status !== 'active') return reason;
  const { unowned: _unowned, ...rest } = reason;
  return { ...rest, ownerId: assignee.id, ownerName: assignee.name };
}

/** Gap: a request on the control was due before T and the company has not submitted its answer. */
export function* requestOverdue(s: ControlSubject): Generator<Reason> {
  for (const r of s.requests) {
    if (r.dueOn === null || r.dueOn >= s.ctx.at || !awaitingCompany(r)) continue;
    yield forAssignee(
      s,
      r,
      makeReason(s, {
        code: 'request-overdue',
        severity: 'gap',
        message: `Answer and submit the auditor's request ${r.reference} on ${s.control.code}: it was due on ${r.dueOn}.`,
        requestId: r.id,
        dueOn: r.dueOn,
      }),
    );
  }
}

/** At risk: a request on the control is due within the look-ahead (T..T+14 by default) and not yet submitted. */
export function* requestDueSoon(s: ControlSubject): Generator<Reason> {
  for (const r of s.requests) {
    if (r.dueOn === null || r.dueOn < s.ctx.at || r.dueOn > s.ctx.atRiskUntil || !awaitingCompany(r))
      continue;
    yield forAssignee(
      s,
      r,
      makeReason(s, {
        code: 'request-due-soon',
        severity: 'at-risk',
        message: `Answer and submit the auditor's request ${r.reference} on ${s.control.code} by ${r.dueOn}.`,
        requestId: r.id,
        dueOn: r.dueOn,
      }),
    );
  }
}
