import type { ExceptionInput, StoredException } from '@server/modules/exceptions/exception.schema';
import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';
import type { Wire } from '../api/types';

/** An exception as `GET /orgs/:org/exceptions` gives it: an approved (or pending), expiring deviation. */
export type ControlException = Wire<StoredException>;

/** The fields of a new exception (approval optional: both approver and date, or neither). */
export type { ExceptionInput };

/** Every exception of the organization (the server orders them by expiry). */
export const useExceptions = (org: string) =>
  useQuery({
    queryKey: [org, 'exceptions'],
    queryFn: () => fetchAll<ControlException>(orgPath(org, '/exceptions')),
  });

/** Records an exception (leads). */
export const createException = (org: string, input: ExceptionInput) =>
  api<ControlException>(orgPath(org, '/exceptions'), { method: 'POST', body: input });

/** Approves a pending exception (leads; the approver must be an active person). */
export const approveException = (org: string, id: string, approverEmail: string, approvedOn: string) =>
  api<ControlException>(orgPath(org, `/exceptions/${encodeURIComponent(id)}/approve`), {
    method: 'POST',
    body: { approverEmail, approvedOn },
  });

/** Closes an exception once the deviation is remediated (leads). */
export const closeException = (org: string, id: string, closedOn: string) =>
  api<ControlException>(orgPath(org, `/exceptions/${encodeURIComponent(id)}/close`), {
    method: 'POST',
    body: { closedOn },
  });

/** What a review records: the decision, a note, the day, and optionally the reviewer, a new expiry, a new cadence. */
export interface ExceptionReviewBody {
  decision: 'continue' | 'close' | 'escalate';
  note: string;
  reviewedOn: string;
  reviewerEmail?: string | null;
  newExpiresOn?: string | null;
  reviewCadence?: ControlException['reviewCadence'] | null;
}

/** Records a review of an approved exception (leads): continue, close or escalate it. */
export const reviewException = (org: string, id: string, body: ExceptionReviewBody) =>
  api<ControlException>(orgPath(org, `/exceptions/${encodeURIComponent(id)}/reviews`), {
    method: 'POST',
    body,
  });
