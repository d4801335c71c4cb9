import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cadencePeriods, freshUntil } from './cadence.js';
import {
  buildEvidenceIndex,
  compareRecency,
  compareRecencyDates,
  coverageRanges,
  coversPeriod,
  isPeriodCovered,
  latestAccepted,
  latestRejected,
  latestSubmitted,
} from './evidence-index.js';
import type { EvidenceFact, RequirementRecord } from './records.js';

const requirement: RequirementRecord = {
  id: 'r1',
  controlId: 'c1',
  code: 'R1',
  artifact: 'Export',
  cadence: 'quarterly',
};
const fact = (
  evidenceId: string,
  reviewState: EvidenceFact['reviewState'],
  start: string,
  end: string,
  collectedOn: string,
): EvidenceFact => ({
  requirementId: 'r1',
  evidenceId,
  reviewState,
  effectiveStart: start,
  effectiveEnd: end,
  collectedOn,
});

const facts = [
  fact('a', 'accepted', '2026-01-01', '2026-03-31', '2026-04-05'),
  fact('b', 'accepted', '2026-04-01', '2026-06-30', '2026-07-02'),
  fact('late', 'accepted', '2026-02-01', '2026-02-28', '2026-08-01'),
  fact('s', 'submitted', '2026-07-01', '2026-07-31', '2026-08-02'),
  fact('x', 'rejected', '2026-07-01', '2026-07-31', '2026-08-01'),
  { ...fact('other', 'accepted', '2026-01-01', '2026-12-31', '2026-01-01'), requirementId: 'unknown' },
];
const periods = cadencePeriods('quarterly', '2026-01-01', '2026-09-30');
const entry = buildEvidenceIndex([requirement], facts, () => periods).get('r1');

describe('buildEvidenceIndex', () => {
  it('finds the most recent accepted fact by effective end, as of any date', () => {
    expect(entry && latestAccepted(entry)?.evidenceId).toBe('b');
    expect(entry && latestAccepted(entry, '2026-07-01')?.evidenceId).toBe('a');
    expect(entry && latestAccepted(entry, '2026-04-04')).toBeNull();
  });

  it('keeps submitted and rejected facts apart', () => {
    expect(entry && latestSubmitted(entry)?.evidenceId).toBe('s');
    expect(entry && latestSubmitted(entry, '2026-08-01')).toBeNull();
    expect(entry && latestRejected(entry)?.evidenceId).toBe('x');
  });

  it('records the earliest collection that covered each window period', () => {
    expect(entry?.coveredOn).toEqual(['2026-04-05', '2026-07-02', null]);
    expect(entry && isPeriodCovered(entry, 0, '2026-04-04')).toBe(false);
    expect(entry && isPeriodCovered(entry, 0, '2026-04-05')).toBe(true);
    expect(entry && isPeriodCovered(entry, 2)).toBe(false);
  });

  it('ignores facts of unknown requirements and has an entry for requirements without facts', () => {
    const index = buildEvidenceIndex([requirement, { ...requirement, id: 'r2' }], facts, () => []);
    expect(index.get('r2')?.accepted).toEqual([]);
    expect(index.get('r1')?.accepted.map((f) => f.evidenceId)).toEqual(['a', 'b', 'late']);
  });
});

describe('coversPeriod and compareRecency', () => {
  it('needs an overlap, except for once which any earlier evidence covers', () => {
    const q = { start: '2026-04-01', end: '2026-06-30' };
    expect(
      coversPeriod(fact('a', 'accepted', '2026-03-01', '2026-04-01', '2026-04-01'), 'quarterly', q),
    ).toBe(true);
    expect(
      coversPeriod(fact('a', 'accepted', '2026-01-01', '2026-03-31', '2026-04-01'), 'quarterly', q),
    ).toBe(false);
    expect(coversPeriod(fact('a', 'accepted', '2025-01-01', '2025-01-01', '2025-01-01'), 'once', q)).toBe(
      true,
    );
    expect(coversPeriod(fact('a', 'accepted', '2026-07-01', '2026-07-01', '2026-07-01'), 'once', q)).toBe(
      false,
    );
  });

  it('orders by effective end, then collection date, then id', () => {
    const base = fact('a', 'accepted', '2026-01-01', '2026-03-31', '2026-04-05');
    expect(compareRecency(base, { ...base, effectiveEnd: '2026-04-01' })).toBeLessThan(0);
    expect(compareRecency(base, { ...base, collectedOn: '2026-04-06' })).toBeLessThan(0);
    expect(compareRecency(base, { ...base, evidenceId: 'b' })).toBeLessThan(0);
    expect(compareRecency(base, { ...base })).toBe(0);
  });

  it('orders by the dates alone in compareRecencyDates, which compareRecency only refines', () => {
    const day = fc.constantFrom('2026-01-01', '2026-01-02', '2026-02-10', '2026-12-31');
    const someFact = fc.record({
      requirementId: fc.constant('r1'),
      reviewState: fc.constantFrom('accepted', 'rejected', 'submitted'),
      effectiveStart: day,
      effectiveEnd: day,
      collectedOn: day,
      evidenceId: fc.constantFrom('a', 'b'),
      rejectionReason: fc.constantFrom(null, 'x', 'y'),
    }) as fc.Arbitrary<EvidenceFact>;
    fc.assert(
      fc.property(someFact, someFact, someFact, (a, b, c) => {
        const dates = compareRecencyDates(a, b);
        expect(Math.sign(dates) + Math.sign(compareRecencyDates(b, a))).toBe(0);
        // Zero exactly when the three dates are equal, whatever the id and reason.
        expect(dates === 0).toBe(
          a.effectiveEnd === b.effectiveEnd &&
            a.collectedOn === b.collectedOn &&
            a.effectiveStart === b.effectiveStart,
        );
        if (dates !== 0) expect(Math.sign(compareRecency(a, b))).toBe(Math.sign(dates));
        // Transitive.
        if (dates <= 0 && compareRecencyDates(b, c) <= 0)
          expect(compareRecencyDates(a, c)).toBeLessThanOrEqual(0);
      }),
    );
    const base = fact('a', 'accepted', '2026-01-01', '2026-03-31', '2026-04-05');
    expect(
      compareRecencyDates(base, { ...base, effectiveEnd: '2026-04-01', collectedOn: '2026-01-01' }),
    ).toBe(-1);
    expect(
      compareRecencyDates(base, { ...base, collectedOn: '2026-04-06', effectiveStart: '2025-01-01' }),
    ).toBe(-1);
    expect(compareRecencyDates(base, { ...base, effectiveStart: '2026-01-02' })).toBe(-1);
  });
});

describe('coverageRanges', () => {
  const type2 = {
    id: 'e2',
    type: 'type2' as const,
    windowStart: '2026-01-01',
    windowEnd: '2026-06-30',
    fieldworkStart: '2026-07-15',
    categories: [],
  };

  it('asks for nothing without an engagement', () => {
    expect(coverageRanges(null)).toEqual([]);
  });

  it('gives every cadence period of a Type II window: a quarterly requirement over six months has two', () => {
    const ranges = coverageRanges(type2);
    expect(ranges.filter((r) => r.cadence === 'quarterly')).toEqual([
      { cadence: 'quarterly', start: '2026-01-01', end: '2026-03-31' },
      { cadence: 'quarterly', start: '2026-04-01', end: '2026-06-30' },
    ]);
    expect(ranges.filter((r) => r.cadence === 'weekly')).toHaveLength(26);
    for (const cadence of ['per-event', 'once', 'annual'] as const)
      expect(ranges.filter((r) => r.cadence === cadence)).toEqual([
        { cadence, start: '2026-01-01', end: '2026-06-30' },
      ]);
  });

  it('gives for Type I the effective ends still fresh on the audit date (cadence + 25% grace)', () => {
    const ranges = coverageRanges({
      id: 'e1',
      type: 'type1',
      auditDate: '2026-10-01',
      fieldworkStart: '2026-10-15',
      categories: [],
    });
    const startOf = (cadence: string) => ranges.find((r) => r.cadence === cadence)?.start;
    expect(ranges.every((r) => r.end === '2026-10-01')).toBe(true);
    // Quarterly: 91 days + 23 of grace; annual and per-event: 365 + 92; once never goes stale.
    expect(startOf('quarterly')).toBe('2026-06-09');
    expect(startOf('annual')).toBe('2025-07-01');
    expect(startOf('per-event')).toBe('2025-07-01');
    expect(startOf('once')).toBe('2026-10-01');
    const range = ranges.find((r) => r.cadence === 'quarterly')!;
    // The earliest effective end still fresh on the audit date covers the range; a day earlier does not.
    expect(freshUntil('2026-06-09', 'quarterly')).toBe('2026-10-01');
    expect(
      coversPeriod(fact('a', 'accepted', '2026-06-01', '2026-06-09', '2026-06-10'), 'quarterly', range),
    ).toBe(true);
    expect(
      coversPeriod(fact('a', 'accepted', '2026-06-01', '2026-06-08', '2026-06-10'), 'quarterly', range),
    ).toBe(false);
  });
});
