import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T } from '../../../test/builders/readiness-input.js';
import { cadencePeriods } from '../cadence.js';
import { addDays } from '../dates.js';
import { planDueLookup } from '../readiness/plan-lookup.js';
import type { ReadinessPlan } from '../readiness/types.js';
import type { Engagement, EvidenceFact, RequirementRecord } from '../records.js';
import { CADENCES } from '../vocabulary.js';
import { computePlan } from './compute-plan.js';
import { readinessPlan } from './readiness-plan.js';
import type { Completion, PlanInput } from './types.js';

const day = (min: number, max: number) => fc.integer({ min, max }).map((n) => addDays(T, n));

const engagementArb: fc.Arbitrary<Engagement> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({ start: fc.integer({ min: -400, max: 30 }), length: fc.integer({ min: 1, max: 400 }) })
      .map(({ start, length }) => ({
        id: 'e2',
        type: 'type2' as const,
        windowStart: addDays(T, start),
        windowEnd: addDays(T, start + length),
        fieldworkStart: addDays(T, start + length + 15),
        categories: [],
      })),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      id: fc.constant('e1'),
      type: fc.constant('type1' as const),
      auditDate: day(-30, 90),
      fieldworkStart: day(91, 120),
      categories: fc.constant([]),
    }),
  },
);

/**
 * Plan inputs: requirements of every cadence (ids in any order, some sharing a
 * prefix, sometimes one listed twice or of a control the plan leaves out),
 * evidence of any state, and completions of real items, of milestones, of
 * keys that match nothing, repeated with other dates.
 */
const inputArb: fc.Arbitrary<PlanInput> = fc
  .record({
    engagement: engagementArb,
    requirements: fc.array(
      fc.record({
        id: fc.constantFrom('a', 'ab', 'b', 'r1', 'r10', 'r2', 'x:y', 'z'),
        control: fc.nat(3),
        cadence: fc.constantFrom(...CADENCES),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    evidence: fc.array(
      fc.record({
        req: fc.nat(7),
        state: fc.constantFrom('accepted', 'accepted', 'submitted', 'rejected' as const),
        end: fc.integer({ min: -400, max: 30 }),
        length: fc.nat(120),
        delay: fc.nat(20),
      }),
      { maxLength: 30 },
    ),
    completions: fc.array(
      fc.record({
        req: fc.nat(7),
        period: fc.nat(12),
        kind: fc.constantFrom('item', 'item', 'milestone', 'other'),
        on: day(-300, 30),
      }),
      { maxLength: 8 },
    ),
    offset: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
  })
  .map((g): PlanInput => {
    const requirements: RequirementRecord[] = g.requirements.map((r, i) => ({
      id: r.id,
      controlId: `c${r.control}`,
      code: `REQ-${i}`,
      artifact: 'Export',
      cadence: r.cadence,
    }));
    const evidence: EvidenceFact[] = g.evidence.map((e, i) => ({
      requirementId: requirements[e.req % requirements.length]!.id,
      evidenceId: `ev${i}`,
      reviewState: e.state,
      effectiveStart: addDays(T, e.end - e.length),
      effectiveEnd: addDays(T, e.end),
      collectedOn: addDays(T, e.end + e.delay),
    }));
    const window =
      g.engagement.type === 'type2'
        ? { start: g.engagement.windowStart!, end: g.engagement.windowEnd! }
        : null;
    const completions: Completion[] = g.completions.map((c) => {
      const r = requirements[c.req % requirements.length]!;
      if (c.kind === 'milestone') return { key: 'milestone:gap-remediation', doneOn: c.on, doneBy: null };
      if (c.kind === 'other') return { key: `req:${r.id}:type1`, doneOn: c.on };
      const periods = window ? cadencePeriods(r.cadence, window.start, window.end) : [];
      const start = periods.length > 0 ? periods[c.period % periods.length]!.start : c.on;
      return { key: `req:${r.id}:${start}`, doneOn: c.on, doneBy: c.period % 2 ? 'p1' : null };
    });
    return {
      engagement: g.engagement,
      ...(g.offset === undefined ? {} : { offsets: { 'first-evidence-cycle': g.offset } }),
      // c3 is left out of the plan: its requirements get no items.
      controls: [0, 1, 2].map((i) => ({ id: `c${i}`, code: `C-${i}`, ownerId: null })),
      requirements,
      evidence,
      completions,
    };
  });

/** Every answer readiness asks of a plan, for every requirement, period start and date it could ask with. */
function answers(plan: ReadinessPlan, input: PlanInput) {
  const lookup = planDueLookup(plan);
  const dates = Array.from({ length: 40 }, (_, k) => addDays(T, -420 + 12 * k));
  const starts = new Set(dates);
  for (const item of computePlan(input).items)
    if (item.kind === 'evidence' && item.period) starts.add(item.period.start);
  return {
    milestones: Object.fromEntries((plan.milestones ?? []).map((m) => [m.code, m.dueOn])),
    requirements: [...new Set(input.requirements.map((r) => r.id)), 'unknown'].map((id) => ({
      id,
      first: lookup.first(id),
      forPeriod: [...starts].map((s) => lookup.forPeriod(id, s)),
      nextOpen: dates.map((d) => lookup.nextOpen(id, d)),
    })),
  };
}

describe('readinessPlan', () => {
  it('answers every due date readiness asks exactly as the whole dated plan does', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(answers(readinessPlan(input), input)).toEqual(answers(computePlan(input), input));
      }),
      { numRuns: 250 },
    );
  }, 120_000);

  it('takes a completed item as done on its completion date, before the evidence', () => {
    const input: PlanInput = {
      engagement: {
        id: 'e',
        type: 'type2',
        windowStart: '2026-01-01',
        windowEnd: '2026-12-31',
        fieldworkStart: '2027-01-15',
        categories: [],
      },
      controls: [{ id: 'c', code: 'C', ownerId: null }],
      requirements: [{ id: 'r', controlId: 'c', code: 'R', artifact: 'Export', cadence: 'quarterly' }],
      evidence: [],
      completions: [
        { key: 'req:r:2026-04-01', doneOn: '2026-06-20' },
        { key: 'req:r:2026-04-01', doneOn: '2026-06-10' },
      ],
    };
    const items = readinessPlan(input).items;
    expect(items.map((i) => [i.period?.start, i.doneOn])).toEqual([
      ['2026-01-01', null],
      ['2026-04-01', '2026-06-10'],
      ['2026-07-01', null],
      ['2026-10-01', null],
    ]);
    expect(planDueLookup(readinessPlan(input)).nextOpen('r', '2026-06-15')).toBe(
      planDueLookup(computePlan(input)).nextOpen('r', '2026-06-15'),
    );
  });
});
