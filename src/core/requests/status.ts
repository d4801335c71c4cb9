/**
 * A request's life (SPEC §9, docs/decisions/0021): open → in progress (the
 * company answers) → submitted → accepted, or returned with a reason, after
 * which the next answer takes it back to in progress. Comments never move it.
 */

/** The statuses of a request, in the order of the board's columns. */
export const REQUEST_STATUSES = ['open', 'in-progress', 'submitted', 'returned', 'accepted'] as const;
/** One of {@link REQUEST_STATUSES}. */
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** What moves a request: the company answers or submits, the auditor accepts or returns. */
export type RequestAction = 'answer' | 'submit' | 'accept' | 'return';

/** The status an action leads to, or why it cannot be taken now. */
export type Transition = { to: RequestStatus } | { problem: string };

/**
 * The status after `action` on a request in `status`. `answersSinceReturn`
 * counts the answers given since the request was last returned (or ever):
 * a request is submitted only with an answer the auditor has not seen yet.
 */
export function transition(status: RequestStatus, action: RequestAction, answersSinceReturn = 0): Transition {
  switch (action) {
    case 'answer':
      if (status === 'submitted')
        return { problem: 'the request is submitted: wait for the auditor to accept or return it' };
      if (status === 'accepted') return { problem: 'the request is accepted: it takes no more answers' };
      return { to: 'in-progress' };
    case 'submit':
      if (status === 'submitted') return { problem: 'the request is already submitted' };
      if (status === 'accepted') return { problem: 'the request is already accepted' };
      if (answersSinceReturn === 0)
        return {
          problem:
            status === 'returned'
              ? 'the request was returned: answer it again before submitting'
              : 'answer the request (attach evidence) before submitting it',
        };
      return { to: 'submitted' };
    case 'accept':
      if (status !== 'submitted')
        return { problem: `only a submitted request can be accepted (it is ${status})` };
      return { to: 'accepted' };
    case 'return':
      if (status !== 'submitted')
        return { problem: `only a submitted request can be returned (it is ${status})` };
      return { to: 'returned' };
  }
}

/** Whether the company still owes the auditor something on a request in this status. */
export function isAwaitingCompany(status: RequestStatus): boolean {
  return status === 'open' || status === 'in-progress' || status === 'returned';
}
