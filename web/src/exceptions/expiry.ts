import { dayCount, daysBetween } from '../components/days';
import type { ControlException } from './queries';

/** Where an exception stands on a date. */
export type ExceptionState = 'pending' | 'active' | 'expired' | 'closed';

/** The state filter's choices, in the order a lead works through them. */
export const EXCEPTION_STATES: { value: ExceptionState; label: string }[] = [
  { value: 'pending', label: 'Pending approval' },
  { value: 'active', label: 'Active' },
  { value: 'expired', label: 'Expired' },
  { value: 'closed', label: 'Closed' },
];

/** How soon the expiry needs someone's attention. */
export type Urgency = 'expired' | 'urgent' | 'soon' | 'calm' | 'none';

/** Days before expiry that readiness already calls out (its at-risk look-ahead). */
export const URGENT_DAYS = 14;
/** Days before expiry worth planning the renewal or the fix. */
export const SOON_DAYS = 30;

/** Urgency colours, darkest for the most urgent; the words always say the same thing. */
export const URGENCY_COLOR: Record<Urgency, string> = {
  expired: 'red.9',
  urgent: '#a63a0b',
  soon: 'indigo.8',
  calm: 'teal.9',
  none: 'gray.7',
};

type Dated = Pick<ControlException, 'approvedOn' | 'expiresOn' | 'closedOn'>;

/**
 * The state of an exception on `today`, as readiness sees it: closed ones do
 * nothing, unapproved ones do nothing yet, approved ones cover gaps through
 * their expiry date and are gaps again from the day after.
 */
export function exceptionState(e: Dated, today: string): ExceptionState {
  if (e.closedOn !== null) return 'closed';
  if (e.approvedOn === null) return 'pending';
  return e.expiresOn < today ? 'expired' : 'active';
}

/** The countdown to (or since) an exception's expiry, in words, with its urgency. */
export interface Countdown {
  state: ExceptionState;
  urgency: Urgency;
  text: string;
  /** Days from today to the expiry date (negative once passed). */
  days: number;
}

/** "expires in 12 days", "expired 3 days ago — a gap again until closed", … */
export function expiryCountdown(e: Dated, today: string): Countdown {
  const state = exceptionState(e, today);
  const days = daysBetween(today, e.expiresOn);
  if (state === 'closed') return { state, urgency: 'none', days, text: `closed on ${e.closedOn}` };
  if (state === 'pending') {
    const text =
      days < 0
        ? `its expiry passed ${dayCount(-days)} ago before anyone approved it`
        : `no effect until approved; would expire ${days === 0 ? 'today' : `in ${dayCount(days)}`}`;
    return { state, urgency: 'none', days, text };
  }
  if (state === 'expired') {
    const ago = days === -1 ? 'yesterday' : `${dayCount(-days)} ago`;
    return { state, urgency: 'expired', days, text: `expired ${ago} — a gap again until closed` };
  }
  const text =
    days === 0 ? 'expires today' : days === 1 ? 'expires tomorrow' : `expires in ${dayCount(days)}`;
  const urgency: Urgency = days <= URGENT_DAYS ? 'urgent' : days <= SOON_DAYS ? 'soon' : 'calm';
  return { state, urgency, days, text };
}

const STATE_ORDER: Record<ExceptionState, number> = { expired: 0, active: 1, pending: 2, closed: 3 };

/** The exceptions in one state (or all), most urgent first: expired, then active by expiry, pending, closed. */
export function filterExceptions<T extends Dated & { id: string }>(
  items: T[],
  state: ExceptionState | null,
  today: string,
): T[] {
  return items
    .map((e) => ({ e, s: exceptionState(e, today) }))
    .filter((x) => state === null || x.s === state)
    .sort(
      (a, b) =>
        STATE_ORDER[a.s] - STATE_ORDER[b.s] ||
        (a.s === 'closed'
          ? (b.e.closedOn ?? '').localeCompare(a.e.closedOn ?? '')
          : a.e.expiresOn.localeCompare(b.e.expiresOn)) ||
        a.e.id.localeCompare(b.e.id),
    )
    .map((x) => x.e);
}

/** How many exceptions are in each state on `today`. */
export function countStates(items: Dated[], today: string): Record<ExceptionState, number> {
  const counts: Record<ExceptionState, number> = { pending: 0, active: 0, expired: 0, closed: 0 };
  for (const e of items) counts[exceptionState(e, today)] += 1;
  return counts;
}
