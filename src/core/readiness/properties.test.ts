import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSoc2, T } from '../../../test/builders/readiness-input.js';
import { addDays } from '../dates.js';
import {
  compareRecency,
  coverageRanges,
  coversPeriod,
  requirementsEffectiveAfter,
} from '../evidence-index.js';
import { computePlan } from '../plan/compute-plan.js';
import { readinessPlan } from '../plan/readiness-plan.js';
import type { Engagement, EvidenceFact, TrustCategory } from '../records.js';
import { CADENCES } from '../vocabulary.js';
import { controlStatus, RULE_TESTS } from './classify-control.js';
import { computeReadiness } from './compute-readiness.js';
import { buildReadinessBase, contextAt } from './context.js';
import { controlSubject } from './rules/subject.js';
import type { ReadinessInput, ReadinessResult, ReadinessStatus } from './types.js';

const day = (min: number, max: number) => fc.integer({ min, max }).map((n) => addDays(T, n));
const maybe = <V>(arb: fc.Arbitrary<V>, freq = 2) => fc.option(arb, { nil: null, freq });
const rarely = <V>(arb: fc.Arbitrary<V>) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: arb, weight: 1 });
const CODES = ['CC6.1', 'CC6.2', 'A1.1', 'C1.1', 'P1.1'];

const engagementArb: fc.Arbitrary<Engagement | null> = fc.oneof(
  fc.constant(null),
  fc
    .record({ start: fc.integer({ min: -220, max: 30 }), length: fc.integer({ min: 20, max: 250 }) })
    .chain(({ start, length }) =>
      fc.record({
        id: fc.constant('e2'),
        type: fc.constant('type2' as const),
        windowStart: fc.constant(addDays(T, start)),
        windowEnd: fc.constant(addDays(T, start + length)),
        fieldworkStart: fc.constant(addDays(T, start + length + 15)),
        categories: fc.subarray<TrustCategory>(['availability', 'confidentiality', 'privacy']),
      }),
    ),
  fc.record({
    id: fc.constant('e1'),
    type: fc.constant('type1' as const),
    auditDate: day(-30, 90),
    fieldworkStart: day(91, 120),
    categories: fc.subarray<TrustCategory>(['availability', 'privacy']),
  }),
);

const inputArb: fc.Arbitrary<ReadinessInput> = fc
  .record({
    engagement: engagementArb,
    withPlan: fc.boolean(),
    people: fc.array(
      fc.record({ departed: fc.constantFrom(false, false, false, true), departedOn: rarely(day(-100, 30)) }),
      { minLength: 3, maxLength: 4 },
    ),
    controls: fc.array(
      fc.record({
        owner: maybe(fc.integer({ min: 0, max: 3 }), 5),
        backup: maybe(fc.integer({ min: 0, max: 3 })),
        status: fc.constantFrom(
          'draft',
          'implemented',
          'implemented',
          'implemented',
          'not-applicable' as const,
        ),
        mappings: fc.subarray(CODES),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    requirements: fc.array(fc.record({ control: fc.nat(3), cadence: fc.constantFrom(...CADENCES) }), {
      minLength: 1,
      maxLength: 6,
    }),
    evidence: fc.array(
      fc.record({
        req: fc.nat(5),
        state: fc.constantFrom('accepted', 'accepted', 'submitted', 'rejected' as const),
        end: fc.integer({ min: -160, max: 10 }),
        length: fc.nat(100),
        delay: fc.nat(20),
        withId: fc.boolean(),
      }),
      { maxLength: 24 },
    ),
    exceptions: fc.array(
      fc.record({
        control: fc.nat(3),
        approved: maybe(day(-90, 10)),
        expires: day(-30, 60),
        closed: maybe(day(-30, 30)),
      }),
      { maxLength: 3 },
    ),
    findings: fc.array(
      fc.record({
        controls: fc.subarray([0, 1, 2, 3]),
        severity: fc.constantFrom('low', 'medium', 'high', 'critical' as const),
        due: maybe(day(-20, 40)),
        resolved: maybe(day(-20, 20)),
      }),
      { maxLength: 3 },
    ),
  })
  .map((g): ReadinessInput => {
    const controls = g.controls.map((c, i) => ({
      id: `c${i}`,
      code: `AC-0${i}`,
      title: `Control ${i}`,
      status: c.status,
      naJustification: c.status === 'not-applicable' ? 'Not used here' : null,
      ownerId: c.owner === null ? null : `p${c.owner}`,
      backupOwnerId: c.backup === null ? null : `p${c.backup}`,
      mappings: c.mappings.map((criterionCode) => ({ frameworkId: 'soc2', criterionCode })),
    }));
    const requirements = g.requirements
      .filter((r) => r.control < controls.length)
      .map((r, i) => ({
        id: `r${i}`,
        controlId: `c${r.control}`,
        code: `REQ-${i}`,
        artifact: 'Export',
        cadence: r.cadence,
      }));
    const evidence: EvidenceFact[] = g.evidence.map((e, i) => ({
      requirementId: `r${e.req}`,
      ...(e.withId ? { evidenceId: `ev${i}` } : {}),
      reviewState: e.state,
      effectiveStart: addDays(T, e.end - e.length),
      effectiveEnd: addDays(T, e.end),
      collectedOn: addDays(T, Math.min(0, e.end + e.delay)),
    }));
    const input: ReadinessInput = {
      at: T,
      engagement: g.engagement,
      people: g.people.map((p, i) => ({
        id: `p${i}`,
        name: `Person ${i}`,
        email: `p${i}@example.com`,
        status: p.departed ? 'departed' : 'active',
        departedOn: p.departedOn,
      })),
      controls,
      requirements,
      evidence,
      exceptions: g.exceptions.map((x, i) => ({
        id: `x${i}`,
        controlId: `c${x.control}`,
        summary: `Exception ${i}`,
        approverId: x.approved ? 'p9' : null,
        approvedOn: x.approved,
        expiresOn: x.expires,
        closedOn: x.closed,
        riskRating: 'medium',
      })),
      findings: g.findings.map((f, i) => ({
        id: `f${i}`,
        title: `Finding ${i}`,
        severity: f.severity,
        controlIds: f.controls.map((n) => `c${n}`),
        ownerId: null,
        dueOn: f.due,
        openedOn: addDays(T, -30),
        resolvedOn: f.resolved,
      })),
      frameworks: [buildSoc2()],
    };
    if (g.withPlan && g.engagement) input.plan = computePlan({ ...input, engagement: g.engagement });
    return input;
  });

/**
 * What the store reads for a result at one date (modules/readiness/facts/evidence-facts.repository):
 * per requirement the most recent fact of each review state, and per range of
 * `coverageRanges` one accepted fact with the earliest collection covering it,
 * without its id (`pickLast` takes the last of tied ones instead of the first,
 * since any may come back).
 */
function scopedFacts(input: ReadinessInput, pickLast: boolean): EvidenceFact[] {
  const latest = new Map<string, EvidenceFact>();
  for (const f of input.evidence) {
    const key = `${f.requirementId}|${f.reviewState}`;
    const seen = latest.get(key);
    if (!seen || compareRecency(f, seen) > 0) latest.set(key, f);
  }
  const kept = new Set(latest.values());
  for (const range of coverageRanges(input.engagement)) {
    for (const r of input.requirements.filter((x) => x.cadence === range.cadence)) {
      let first: EvidenceFact | undefined;
      for (const f of input.evidence) {
        if (f.requirementId !== r.id || f.reviewState !== 'accepted' || !coversPeriod(f, r.cadence, range))
          continue;
        if (!first || f.collectedOn < first.collectedOn || (pickLast && f.collectedOn === first.collectedOn))
          first = f;
      }
      // The store keeps no id or reason with a cover: only its dates decide anything.
      if (first) {
        const { evidenceId: _id, rejectionReason: _reason, ...cover } = first;
        kept.add(cover);
      }
    }
  }
  return [...kept];
}

/** For monotonicity an excepted control sits between gap and at risk: it is a gap someone accepted. */
const RANK: Record<ReadinessStatus, number> = {
  gap: 3,
  excepted: 2,
  'at-risk': 1,
  ready: 0,
  'not-applicable': -1,
};

function statuses(result: ReadinessResult): Map<string, ReadinessStatus> {
  return new Map(result.controls.map((c) => [c.controlId, c.status]));
}

function shuffled<V>(values: readonly V[], seed: number): V[] {
  const out = [...values];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as V, out[i] as V];
  }
  return out;
}

describe('readiness properties', () => {
  it('never makes a control worse when an accepted fresh evidence fact is added', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(5), fc.nat(8), fc.nat(60), (input, r, age, span) => {
        const requirement = input.requirements[r % Math.max(1, input.requirements.length)];
        fc.pre(requirement !== undefined);
        const end = addDays(T, -age);
        const fact: EvidenceFact = {
          requirementId: requirement.id,
          evidenceId: 'added',
          reviewState: 'accepted',
          effectiveStart: addDays(end, -span),
          effectiveEnd: end,
          collectedOn: end,
        };
        const before = statuses(computeReadiness(input));
        const after = statuses(computeReadiness({ ...input, evidence: [...input.evidence, fact] }));
        for (const [id, status] of before)
          expect(RANK[after.get(id) as ReadinessStatus]).toBeLessThanOrEqual(RANK[status]);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same plan and result at any date from the latest facts and earliest covers alone', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: -240, max: 420 }), fc.boolean(), (input, shift, pickLast) => {
        const at = addDays(T, shift);
        // As the service reads them: kept facts, and the history of requirements with one effective after T.
        const kept = scopedFacts(input, pickLast);
        const history = requirementsEffectiveAfter(kept, at);
        const scoped = [
          ...kept.filter((f) => !history.has(f.requirementId)),
          ...input.evidence.filter((f) => history.has(f.requirementId)),
        ];
        const { plan: _, ...base } = input;
        const withPlan = (evidence: readonly EvidenceFact[]): ReadinessInput =>
          input.engagement
            ? {
                ...base,
                at,
                evidence,
                plan: computePlan({ ...base, engagement: input.engagement, evidence }),
              }
            : { ...base, at, evidence };
        const full = withPlan(input.evidence);
        const reduced = withPlan(scoped);
        expect(reduced.plan).toEqual(full.plan);
        expect(computeReadiness(reduced)).toEqual(computeReadiness(full));
      }),
      { numRuns: 400 },
    );
  });

  it('gives an identical result whatever the order of every input array', () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), (input, seed) => {
        const mix = <V>(values: readonly V[]) => shuffled(values, seed);
        const reordered: ReadinessInput = {
          ...input,
          people: mix(input.people),
          controls: mix(input.controls).map((c) => ({ ...c, mappings: mix(c.mappings) })),
          requirements: mix(input.requirements),
          evidence: mix(input.evidence),
          exceptions: mix(input.exceptions),
          findings: mix(input.findings).map((f) => ({ ...f, controlIds: mix(f.controlIds) })),
          frameworks: input.frameworks.map((f) => ({
            ...f,
            groups: mix(f.groups),
            criteria: mix(f.criteria),
          })),
          ...(input.plan
            ? { plan: { items: mix(input.plan.items), milestones: mix(input.plan.milestones ?? []) } }
            : {}),
        };
        expect(computeReadiness(reordered)).toEqual(computeReadiness(input));
      }),
      { numRuns: 300 },
    );
  });

  it('always reports a not-applicable control as not applicable', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = computeReadiness(input);
        for (const c of input.controls) {
          if (c.status !== 'not-applicable' || result.outOfScope.includes(c.id)) continue;
          expect(result.controls.find((r) => r.controlId === c.id)?.status).toBe('not-applicable');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never calls a control without owner ready (nor merely at risk)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const result = computeReadiness(input);
        for (const c of input.controls.filter((x) => x.ownerId === null)) {
          const status = result.controls.find((r) => r.controlId === c.id)?.status;
          if (status !== undefined) expect(['gap', 'excepted', 'not-applicable']).toContain(status);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same status on the fast path the burndown uses', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const ctx = contextAt(buildReadinessBase(input), input.at, input);
        const result = computeReadiness(input);
        for (const c of input.controls) {
          const full = result.controls.find((r) => r.controlId === c.id);
          if (full) expect(controlStatus(c, ctx)).toBe(full.status);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('answers each status-only rule test exactly when its rule finds a reason', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: -120, max: 60 }), (input, shift) => {
        // At T and at another date seen from T (a past one reads the evidence as it stood).
        for (const at of [input.at, addDays(input.at, shift)]) {
          const ctx = contextAt(buildReadinessBase(input), at, { ...input, today: input.at });
          for (const c of input.controls) {
            const s = controlSubject(c, ctx);
            for (const [rule, test] of RULE_TESTS) expect(test(s)).toBe([...rule(s)].length > 0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives an identical result from the readiness plan as from the whole dated plan', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: -120, max: 60 }), (input, shift) => {
        if (!input.engagement) return;
        const planInput = { ...input, engagement: input.engagement };
        for (const at of [input.at, addDays(input.at, shift)]) {
          const dated = { ...input, at, today: input.at, plan: computePlan(planInput) };
          const light = { ...input, at, today: input.at, plan: readinessPlan(planInput) };
          expect(computeReadiness(light)).toEqual(computeReadiness(dated));
        }
      }),
      { numRuns: 300 },
    );
  });
});
