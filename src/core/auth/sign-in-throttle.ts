/**
 * Sign-in throttling as pure rules (docs/decisions/0009). Failures are
 * counted per key: one key per account and client address
 * (`acct:<e-mail>|<address>`) and one per address (`addr:<address>`). A key
 * may fail `free` times; each further failure blocks it for a delay that
 * doubles (base, 2×base, 4×base, … up to max). A key quiet for the window
 * starts again. Nothing locks an account: the owner signing in from
 * another address uses other keys.
 *
 * Every attempt is counted before the password is verified (and the
 * success clears its account key afterwards), so a burst of parallel
 * guesses evaluates at most `free` of them.
 */

/** The counters of one key. */
export interface ThrottleState {
  failures: number;
  /** When the current run of failures began. */
  windowStart: string;
  /** Until when the key is refused, if it is. */
  blockedUntil: string | null;
  /** The last counted attempt. */
  updatedAt: string;
}

/** How many failures a key may have before delays start, and how the delays grow. */
export interface ThrottlePolicy {
  free: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** A key with no attempt for this long starts from zero again. */
  windowMinutes: number;
}

/** The outcome of checking one key before an attempt. */
export type ThrottleCheck = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The state that still counts at `now` (null once the key has been quiet for the window). */
export function liveState(
  state: ThrottleState | null,
  now: string,
  policy: ThrottlePolicy,
): ThrottleState | null {
  if (!state) return null;
  const blocked = state.blockedUntil !== null && state.blockedUntil > now;
  const quietSince = Date.parse(now) - Date.parse(state.updatedAt);
  if (!blocked && quietSince >= policy.windowMinutes * 60_000) return null;
  return state;
}

/** Whether a key may attempt at `now`, and if not, in how many seconds (at least 1). */
export function checkThrottle(
  state: ThrottleState | null,
  now: string,
  policy: ThrottlePolicy,
): ThrottleCheck {
  const live = liveState(state, now, policy);
  if (!live?.blockedUntil || live.blockedUntil <= now) return { allowed: true };
  const ms = Date.parse(live.blockedUntil) - Date.parse(now);
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
}

/** The delay after the `failures`-th failure: none while free, then base × 2^(failures − free), capped. */
export function delaySeconds(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.free) return 0;
  const exponent = Math.min(failures - policy.free, 30);
  return Math.min(policy.baseDelaySeconds * 2 ** exponent, policy.maxDelaySeconds);
}

/** The state after counting one (failed, or not yet known) attempt at `now`. */
export function countAttempt(
  state: ThrottleState | null,
  now: string,
  policy: ThrottlePolicy,
): ThrottleState {
  const live = liveState(state, now, policy);
  const failures = (live?.failures ?? 0) + 1;
  const delay = delaySeconds(failures, policy);
  return {
    failures,
    windowStart: live?.windowStart ?? now,
    blockedUntil: delay > 0 ? new Date(Date.parse(now) + delay * 1000).toISOString() : null,
    updatedAt: now,
  };
}

/** The keys one attempt is counted on: the account at this address, and the address. */
export function throttleKeys(email: string, ip: string): { account: string; address: string } {
  return { account: `acct:${email}|${ip}`, address: `addr:${ip}` };
}
