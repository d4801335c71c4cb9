import { describe, expect, it } from 'vitest';
import {
  buildEvidence,
  buildInput,
  buildRequirement,
  buildType1,
  buildType2,
  controlOf,
  reasonCodes,
  T,
} from '../../../../test/builders/readiness-input.js';
import { addDays } from '../../dates.js';
import { computeReadiness } from '../compute-readiness.js';

// Quarterly evidence stays fresh for 91 + ceil(91 × 0.25) = 114 days after its effective end.
const lastFreshEnd = addDays(T, -114);

describe('fresh evidence', () => {
  it('makes an owned, implemented control with fresh accepted evidence ready', () => {
    const c = controlOf(computeReadiness(buildInput()));
    expect(c).toMatchObject({ status: 'ready', ownerId: 'p1', ownerName: 'Ada Owner', reasons: [] });
  });

  it('is still fresh on its last fresh day', () => {
    const input = buildInput({
      evidence: [buildEvidence({ effectiveStart: lastFreshEnd, effectiveEnd: lastFreshEnd })],
    });
    expect(reasonCodes(computeReadiness(input))).not.toContain('stale-evidence');
  });
});

describe('no-evidence', () => {
  it('is a gap when a requirement has no accepted evidence, due now without a plan', () => {
    const c = controlOf(computeReadiness(buildInput({ evidence: [] })));
    expect(c.status).toBe('gap');
    expect(c.reasons[0]).toMatchObject({
      code: 'no-evidence',
      requirementId: 'r1',
      requirementCode: 'AC-03-E1',
      ownerName: 'Ada Owner',
      dueOn: T,
    });
    expect(c.reasons[0]?.message).toBe('Upload the first access review record for AC-03-E1 (quarterly).');
  });

  it('ignores submitted and rejected evidence but points at them', () => {
    const submitted = buildInput({
      evidence: [buildEvidence({ reviewState: 'submitted', collectedOn: '2026-08-10' })],
    });
    const reason = controlOf(computeReadiness(submitted)).reasons[0];
    expect(reason?.code).toBe('no-evidence');
    expect(reason?.message).toMatch(/One collected on 2026-08-10 is waiting for review/);
    const rejected = buildInput({
      evidence: [buildEvidence({ reviewState: 'rejected', rejectionReason: 'wrong quarter' })],
    });
    expect(controlOf(computeReadiness(rejected)).reasons[0]?.message).toMatch(/rejected: wrong quarter/);
  });

  it('is due at the requirement first plan due date when a plan is given', () => {
    const plan = {
      items: [
        { requirementId: 'r1', dueOn: '2026-09-30' },
        { requirementId: 'r1', dueOn: '2026-06-30' },
        { requirementId: 'r2', dueOn: '2026-01-31' },
      ],
    };
    expect(controlOf(computeReadiness(buildInput({ evidence: [], plan }))).reasons[0]?.dueOn).toBe(
      '2026-06-30',
    );
  });
});

describe('stale-evidence', () => {
  it('is a gap once T is past cadence + grace, naming requirement, owner and the day it went stale', () => {
    const end = addDays(lastFreshEnd, -1);
    const input = buildInput({
      evidence: [buildEvidence({ effectiveStart: addDays(end, -90), effectiveEnd: end })],
    });
    const c = controlOf(computeReadiness(input));
    expect(c.status).toBe('gap');
    expect(c.reasons).toEqual([
      {
        code: 'stale-evidence',
        severity: 'gap',
        message: `Upload a current access review record for AC-03-E1: the latest (effective ${addDays(end, -90)}..${end}) has been stale since ${T}.`,
        controlId: 'c1',
        controlCode: 'AC-03',
        requirementId: 'r1',
        requirementCode: 'AC-03-E1',
        evidenceId: 'ev1',
        ownerId: 'p1',
        ownerName: 'Ada Owner',
        dueOn: T,
      },
    ]);
  });

  it('judges by the latest accepted evidence only', () => {
    const old = buildEvidence({
      evidenceId: 'old',
      effectiveStart: '2025-01-01',
      effectiveEnd: '2025-01-01',
    });
    expect(controlOf(computeReadiness(buildInput({ evidence: [old, buildEvidence()] }))).status).toBe(
      'ready',
    );
  });

  it('follows the grace ratio option', () => {
    const end = addDays(T, -100);
    const input = buildInput({ evidence: [buildEvidence({ effectiveStart: end, effectiveEnd: end })] });
    expect(reasonCodes(computeReadiness(input))).not.toContain('stale-evidence');
    expect(reasonCodes(computeReadiness({ ...input, options: { graceRatio: 0 } }))).toContain(
      'stale-evidence',
    );
  });

  it('never makes once evidence stale, and gives per-event a year plus grace', () => {
    const ancient = buildEvidence({ effectiveStart: '2019-01-01', effectiveEnd: '2019-01-01' });
    const once = buildInput({ requirements: [buildRequirement({ cadence: 'once' })], evidence: [ancient] });
    expect(controlOf(computeReadiness(once)).status).toBe('ready');
    const end = addDays(T, -458);
    const perEvent = buildInput({
      requirements: [buildRequirement({ cadence: 'per-event' })],
      evidence: [buildEvidence({ effectiveStart: end, effectiveEnd: end })],
    });
    expect(reasonCodes(computeReadiness(perEvent))).toEqual(['stale-evidence']);
  });
});

describe('coverage-gap (Type II)', () => {
  const engagement = buildType2();
  const q1 = buildEvidence({
    evidenceId: 'q1',
    effectiveStart: '2026-03-01',
    effectiveEnd: '2026-03-01',
    collectedOn: '2026-03-02',
  });
  const q2 = buildEvidence({
    evidenceId: 'q2',
    effectiveStart: '2026-06-15',
    effectiveEnd: '2026-06-15',
    collectedOn: '2026-06-20',
  });

  it('needs both quarters of a six-month window covered once the window has ended', () => {
    const both = computeReadiness(buildInput({ engagement, at: '2026-07-10', evidence: [q1, q2] }));
    expect(controlOf(both).status).toBe('ready');
  });

  it('gives one reason per missing period, naming it', () => {
    const c = controlOf(computeReadiness(buildInput({ engagement, at: '2026-07-10', evidence: [q2] })));
    expect(c.status).toBe('gap');
    expect(c.reasons).toHaveLength(1);
    expect(c.reasons[0]).toMatchObject({
      code: 'coverage-gap',
      period: { start: '2026-01-01', end: '2026-03-31' },
      requirementCode: 'AC-03-E1',
      dueOn: '2026-07-10',
    });
    expect(c.reasons[0]?.message).toBe(
      'Upload the quarterly access review record for 2026-01-01..2026-03-31 (AC-03-E1).',
    );
  });

  it('counts evidence whose effective period overlaps the period, not when it was collected', () => {
    const late = buildEvidence({
      effectiveStart: '2026-03-15',
      effectiveEnd: '2026-04-15',
      collectedOn: '2026-07-01',
    });
    expect(
      controlOf(computeReadiness(buildInput({ engagement, at: '2026-07-10', evidence: [late] }))).status,
    ).toBe('ready');
  });

  it('only looks at periods that ended before T', () => {
    const c = controlOf(computeReadiness(buildInput({ engagement, at: '2026-05-01', evidence: [q1] })));
    expect(c.reasons.map((r) => r.code)).toEqual([]);
  });

  it('takes the period due date from the plan', () => {
    const plan = {
      items: [
        { requirementId: 'r1', dueOn: '2026-03-31', period: { start: '2026-01-01', end: '2026-03-31' } },
      ],
    };
    const c = controlOf(computeReadiness(buildInput({ engagement, at: '2026-07-10', evidence: [q2], plan })));
    expect(c.reasons[0]?.dueOn).toBe('2026-03-31');
  });

  it('does not apply to Type I', () => {
    const input = buildInput({ engagement: buildType1(), evidence: [buildEvidence()] });
    expect(reasonCodes(computeReadiness(input))).not.toContain('coverage-gap');
  });
});

describe('evidence at T (docs/decisions/0008)', () => {
  it('counts evidence from its effective start: T−1 no evidence, T and T+1 fresh', () => {
    const input = buildInput({
      evidence: [buildEvidence({ effectiveStart: T, effectiveEnd: T, collectedOn: addDays(T, -3) })],
    });
    expect(reasonCodes(computeReadiness({ ...input, at: addDays(T, -1) }))).toEqual(['no-evidence']);
    expect(controlOf(computeReadiness(input)).status).toBe('ready');
    expect(controlOf(computeReadiness({ ...input, at: addDays(T, 1) })).status).toBe('ready');
  });

  it('judges by the latest evidence effective by T, not a newer one dated after T', () => {
    const older = buildEvidence({
      evidenceId: 'old',
      effectiveStart: addDays(T, -150),
      effectiveEnd: addDays(T, -150),
    });
    const ahead = buildEvidence({
      evidenceId: 'ahead',
      effectiveStart: addDays(T, 2),
      effectiveEnd: addDays(T, 2),
    });
    const c = controlOf(computeReadiness(buildInput({ evidence: [older, ahead] })));
    expect(c.reasons[0]).toMatchObject({ code: 'stale-evidence', evidenceId: 'old' });
  });

  it('sees a past T as it stood: evidence recorded after T does not count then', () => {
    const late = buildEvidence({
      effectiveStart: addDays(T, -20),
      effectiveEnd: addDays(T, -20),
      collectedOn: T,
    });
    const today = addDays(T, 30);
    const at = (day: string) => computeReadiness(buildInput({ at: day, today, evidence: [late] }));
    expect(reasonCodes(at(addDays(T, -1)))).toEqual(['no-evidence']);
    expect(controlOf(at(T)).status).toBe('ready');
    expect(controlOf(at(addDays(T, 1))).status).toBe('ready');
    // Without `today` (or at a T from today on), today's records count.
    expect(controlOf(computeReadiness(buildInput({ at: addDays(T, -1), evidence: [late] }))).status).toBe(
      'ready',
    );
  });

  it('covers a running period only with evidence effective by T', () => {
    // Type II window 2026-01-01..2026-06-30, quarterly; T in the last days of Q2.
    const at = '2026-06-25';
    const engagement = buildType2();
    const q1 = buildEvidence({
      evidenceId: 'q1',
      effectiveStart: '2026-03-31',
      effectiveEnd: '2026-03-31',
      collectedOn: '2026-04-01',
    });
    const q2late = buildEvidence({
      evidenceId: 'q2',
      effectiveStart: '2026-06-28',
      effectiveEnd: '2026-06-28',
      collectedOn: '2026-06-20',
    });
    const codes = (day: string) =>
      reasonCodes(computeReadiness(buildInput({ at: day, engagement, evidence: [q1, q2late] })));
    expect(codes(at)).toContain('current-period-uncovered');
    expect(codes('2026-06-28')).not.toContain('current-period-uncovered');
  });
});
