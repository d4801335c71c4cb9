import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evidenceCountsAt,
  findingDueOn,
  isEffectiveBy,
  isExceptionInForceOn,
  isFindingOpenOn,
  isPlanItemOpenOn,
  REMEDIATION_DAYS,
  recordedBy,
  remediationDueOn,
} from './at-date.js';
import { addDays } from './dates.js';

const T = '2026-06-15';
const before = addDays(T, -1);
const after = addDays(T, 1);
const day = fc.integer({ min: -400, max: 400 }).map((n) => addDays(T, n));

describe('a finding at T', () => {
  it('is open from its opening day: not at T−1, at T and T+1', () => {
    const f = { openedOn: T, resolvedOn: null };
    expect([before, T, after].map((at) => isFindingOpenOn(f, at))).toEqual([false, true, true]);
  });

  it('is no longer open on its resolution day: open at T−1, not at T or T+1', () => {
    const f = { openedOn: addDays(T, -30), resolvedOn: T };
    expect([before, T, after].map((at) => isFindingOpenOn(f, at))).toEqual([true, false, false]);
  });

  it('is open exactly when opened ≤ T < resolved (property)', () => {
    fc.assert(
      fc.property(day, fc.option(day), day, (openedOn, resolvedOn, at) => {
        const open = isFindingOpenOn({ openedOn, resolvedOn }, at);
        expect(open).toBe(openedOn <= at && (resolvedOn === null || at < resolvedOn));
      }),
    );
  });

  it('is due by severity from its opening unless a due date is set', () => {
    expect(findingDueOn({ dueOn: null, severity: 'critical', openedOn: T })).toBe(addDays(T, 7));
    expect(findingDueOn({ dueOn: null, severity: 'high', openedOn: T })).toBe(addDays(T, 30));
    expect(findingDueOn({ dueOn: null, severity: 'medium', openedOn: T })).toBe(addDays(T, 90));
    expect(findingDueOn({ dueOn: null, severity: 'low', openedOn: T })).toBe(addDays(T, 180));
    expect(findingDueOn({ dueOn: after, severity: 'low', openedOn: T })).toBe(after);
    for (const [severity, days] of Object.entries(REMEDIATION_DAYS)) {
      expect(remediationDueOn(severity as keyof typeof REMEDIATION_DAYS, T)).toBe(addDays(T, days));
    }
  });
});

describe('evidence at T', () => {
  it('counts from its effective start: not at T−1, at T and T+1', () => {
    const fact = { effectiveStart: T, collectedOn: addDays(T, -5) };
    expect([before, T, after].map((at) => isEffectiveBy(fact, at))).toEqual([false, true, true]);
    expect([before, T, after].map((at) => evidenceCountsAt(fact, at, addDays(T, 30)))).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('counts at a past T only once recorded: collected on T counts from T, not at T−1', () => {
    const fact = { effectiveStart: addDays(T, -40), collectedOn: T };
    const today = addDays(T, 30);
    expect([before, T, after].map((at) => evidenceCountsAt(fact, at, today))).toEqual([false, true, true]);
  });

  it('projects with today’s records at T on or after today', () => {
    expect(recordedBy(before, T)).toBe(before);
    expect(recordedBy(T, T)).toBeNull();
    expect(recordedBy(after, T)).toBeNull();
    // Recorded today, effective earlier: counts today and at any later T.
    const fact = { effectiveStart: addDays(T, -3), collectedOn: T };
    expect([before, T, after].map((at) => evidenceCountsAt(fact, at, T))).toEqual([false, true, true]);
  });

  it('counts at T exactly when effective by T and, for a past T, recorded by T (property)', () => {
    fc.assert(
      fc.property(day, day, day, day, (effectiveStart, collectedOn, at, today) => {
        const counts = evidenceCountsAt({ effectiveStart, collectedOn }, at, today);
        expect(counts).toBe(effectiveStart <= at && (at >= today || collectedOn <= at));
      }),
    );
  });
});

describe('an exception at T', () => {
  const approved = { approverId: 'p1', approvedOn: T, expiresOn: addDays(T, 30), closedOn: null };

  it('is in force from its approval day: not at T−1, at T and T+1', () => {
    expect([before, T, after].map((at) => isExceptionInForceOn(approved, at))).toEqual([false, true, true]);
  });

  it('is in force on its expiry day, not the day after', () => {
    const e = { ...approved, approvedOn: addDays(T, -30), expiresOn: T };
    expect([before, T, after].map((at) => isExceptionInForceOn(e, at))).toEqual([true, true, false]);
  });

  it('stops on its closing day', () => {
    const e = { ...approved, approvedOn: addDays(T, -30), closedOn: T };
    expect([before, T, after].map((at) => isExceptionInForceOn(e, at))).toEqual([true, false, false]);
  });

  it('does nothing until approved', () => {
    expect(isExceptionInForceOn({ ...approved, approverId: null }, T)).toBe(false);
    expect(isExceptionInForceOn({ ...approved, approvedOn: null }, T)).toBe(false);
  });
});

describe('a plan item at T', () => {
  it('is open until the day it was done: open at T−1, done at T and T+1', () => {
    const item = { doneOn: T };
    expect([before, T, after].map((at) => isPlanItemOpenOn(item, at))).toEqual([true, false, false]);
    expect(isPlanItemOpenOn({ doneOn: null }, after)).toBe(true);
  });
});
