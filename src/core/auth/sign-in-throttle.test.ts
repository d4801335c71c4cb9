import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkThrottle,
  countAttempt,
  delaySeconds,
  type ThrottlePolicy,
  type ThrottleState,
} from './sign-in-throttle.js';

const POLICY: ThrottlePolicy = { free: 5, baseDelaySeconds: 30, maxDelaySeconds: 900, windowMinutes: 15 };
const T0 = '2026-12-01T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

/** Attempts at `now` until refused; returns how many were let through. */
function burst(state: ThrottleState | null, now: string, tries: number) {
  let allowed = 0;
  let current = state;
  for (let i = 0; i < tries; i++) {
    if (!checkThrottle(current, now, POLICY).allowed) continue;
    allowed += 1;
    current = countAttempt(current, now, POLICY);
  }
  return { allowed, state: current };
}

describe('sign-in throttle', () => {
  it('lets `free` attempts through at once, then refuses with the delay as Retry-After', () => {
    const { allowed, state } = burst(null, T0, 60);
    expect(allowed).toBe(5);
    expect(checkThrottle(state, T0, POLICY)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(checkThrottle(state, at(29), POLICY)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(checkThrottle(state, at(30), POLICY)).toEqual({ allowed: true });
  });

  it('doubles the delay with each further failure up to the maximum', () => {
    expect([4, 5, 6, 7, 8, 9, 10, 11, 40].map((n) => delaySeconds(n, POLICY))).toEqual([
      0, 30, 60, 120, 240, 480, 900, 900, 900,
    ]);
    const blocked = burst(null, T0, 5).state!;
    const state = countAttempt(blocked, blocked.blockedUntil!, POLICY);
    expect(checkThrottle(state, state.updatedAt, POLICY)).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('forgets a key quiet for the window, but never while it is blocked', () => {
    const state = burst(null, T0, 5).state!;
    expect(countAttempt(state, at(15 * 60), POLICY).failures).toBe(1);
    expect(countAttempt(state, at(14 * 60), POLICY).failures).toBe(6);
    const blockedLong: ThrottleState = { ...state, blockedUntil: at(3600) };
    expect(checkThrottle(blockedLong, at(20 * 60), POLICY).allowed).toBe(false);
  });

  it('never lets more than `free` attempts through in one instant, whatever came before (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3600 }), { maxLength: 40 }).map((xs) => xs.sort((a, b) => a - b)),
        fc.integer({ min: 1, max: 100 }),
        (history, tries) => {
          let state: ThrottleState | null = null;
          for (const s of history)
            if (checkThrottle(state, at(s), POLICY).allowed) state = countAttempt(state, at(s), POLICY);
          const now = at((history.at(-1) ?? 0) + 1);
          const { allowed } = burst(state, now, tries);
          expect(allowed).toBeLessThanOrEqual(POLICY.free);
          // Once blocked, the delay is at least the base and at most the maximum.
          const check = checkThrottle(burst(state, now, tries).state, now, POLICY);
          if (!check.allowed) {
            expect(check.retryAfterSeconds).toBeGreaterThanOrEqual(1);
            expect(check.retryAfterSeconds).toBeLessThanOrEqual(POLICY.maxDelaySeconds);
          }
        },
      ),
    );
  });
});
