import { describe, expect, it } from 'vitest';
import {
  buildControl,
  buildEvidence,
  buildInput,
  buildType2,
  controlOf,
  reasonCodes,
  T,
} from '../../../../test/builders/readiness-input.js';
import { addDays } from '../../dates.js';
import { computeReadiness } from '../compute-readiness.js';

/** Accepted quarterly evidence whose last fresh day is `T + days` (fresh for 114 days after its end). */
const freshFor = (days: number, extra: Parameters<typeof buildEvidence>[0] = {}) => {
  const end = addDays(T, days - 114);
  return buildEvidence({ effectiveStart: end, effectiveEnd: end, collectedOn: end, ...extra });
};

describe('stale-soon', () => {
  it('is at risk when the evidence goes stale within 14 days, due its last fresh day', () => {
    const c = controlOf(computeReadiness(buildInput({ evidence: [freshFor(13)] })));
    expect(c.status).toBe('at-risk');
    expect(c.reasons).toEqual([
      expect.objectContaining({
        code: 'stale-soon',
        severity: 'at-risk',
        requirementCode: 'AC-03-E1',
        dueOn: addDays(T, 13),
      }),
    ]);
    expect(c.reasons[0]?.message).toMatch(`goes stale on ${addDays(T, 14)}`);
  });

  it('is not at risk when the evidence stays fresh 14 days or more', () => {
    expect(controlOf(computeReadiness(buildInput({ evidence: [freshFor(14)] }))).status).toBe('ready');
  });

  it('is at risk when the evidence goes stale before the next open plan due date', () => {
    const plan = (doneOn: string | null) => ({
      items: [{ requirementId: 'r1', dueOn: addDays(T, 45), doneOn }],
    });
    const risky = buildInput({ evidence: [freshFor(30)], plan: plan(null) });
    expect(reasonCodes(computeReadiness(risky))).toEqual(['stale-soon']);
    const done = buildInput({ evidence: [freshFor(30)], plan: plan('2026-08-01') });
    expect(controlOf(computeReadiness(done)).status).toBe('ready');
    const sooner = buildInput({
      evidence: [freshFor(30)],
      plan: { items: [{ requirementId: 'r1', dueOn: addDays(T, 20) }] },
    });
    expect(controlOf(computeReadiness(sooner)).status).toBe('ready');
  });
});

describe('pending-review', () => {
  it('is at risk when submitted evidence newer than the latest accepted waits for review', () => {
    const pending = buildEvidence({
      evidenceId: 'ev2',
      reviewState: 'submitted',
      collectedOn: addDays(T, -1),
      effectiveEnd: addDays(T, -1),
    });
    const c = controlOf(computeReadiness(buildInput({ evidence: [buildEvidence(), pending] })));
    expect(c.status).toBe('at-risk');
    expect(c.reasons[0]).toMatchObject({ code: 'pending-review', evidenceId: 'ev2', dueOn: T });
  });

  it('ignores submitted evidence older than the accepted one', () => {
    const old = buildEvidence({
      evidenceId: 'ev0',
      reviewState: 'submitted',
      effectiveStart: '2026-01-01',
      effectiveEnd: '2026-01-01',
    });
    expect(controlOf(computeReadiness(buildInput({ evidence: [buildEvidence(), old] }))).status).toBe(
      'ready',
    );
  });
});

describe('current-period-uncovered (Type II)', () => {
  const engagement = buildType2({
    windowStart: '2026-07-01',
    windowEnd: '2026-12-31',
    fieldworkStart: '2027-01-15',
  });
  const beforeWindow = buildEvidence({
    effectiveStart: '2026-06-25',
    effectiveEnd: '2026-06-25',
    collectedOn: '2026-06-26',
  });

  it('is at risk when the current period ends within 14 days without evidence', () => {
    const c = controlOf(
      computeReadiness(buildInput({ engagement, at: '2026-09-20', evidence: [beforeWindow] })),
    );
    expect(c.status).toBe('at-risk');
    expect(c.reasons).toEqual([
      expect.objectContaining({
        code: 'current-period-uncovered',
        period: { start: '2026-07-01', end: '2026-09-30' },
        dueOn: '2026-09-30',
      }),
    ]);
    expect(c.reasons[0]?.message).toBe(
      'Upload the quarterly access review record for 2026-07-01..2026-09-30 (AC-03-E1) by 2026-09-30.',
    );
  });

  it('is at risk when the plan dues the current period before its end (load levelling), from that date', () => {
    const plan = {
      items: [
        { requirementId: 'r1', period: { start: '2026-07-01', end: '2026-09-30' }, dueOn: '2026-08-28' },
      ],
    };
    const c = controlOf(
      computeReadiness(buildInput({ engagement, at: '2026-08-20', evidence: [beforeWindow], plan })),
    );
    expect(c.status).toBe('at-risk');
    expect(c.reasons).toEqual([
      expect.objectContaining({ code: 'current-period-uncovered', dueOn: '2026-08-28' }),
    ]);
    expect(c.reasons[0]?.message).toMatch(/by 2026-08-28\.$/);
  });

  it('waits while the current period ends later', () => {
    expect(
      controlOf(computeReadiness(buildInput({ engagement, at: '2026-09-10', evidence: [beforeWindow] })))
        .status,
    ).toBe('ready');
  });
});

describe('at risk only without gaps', () => {
  it('lists no at-risk reasons on a control that is a gap', () => {
    const pending = buildEvidence({
      reviewState: 'submitted',
      effectiveEnd: addDays(T, -1),
      collectedOn: addDays(T, -1),
    });
    const input = buildInput({
      controls: [buildControl({ status: 'draft' })],
      evidence: [freshFor(5), pending],
    });
    expect(reasonCodes(computeReadiness(input))).toEqual(['control-draft']);
  });
});
