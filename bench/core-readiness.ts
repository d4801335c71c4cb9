import { addDays } from '../src/core/dates.js';
import { computePlan } from '../src/core/plan/compute-plan.js';
import { computeBurndown } from '../src/core/readiness/burndown.js';
import { computeReadiness } from '../src/core/readiness/compute-readiness.js';
import type { ReadinessInput } from '../src/core/readiness/types.js';
import type { EvidenceFact } from '../src/core/records.js';
import { CADENCES } from '../src/core/vocabulary.js';
import { T } from '../test/builders/readiness-input.js';

/** A large organization: 1,000 controls, 3,000 requirements and `facts` evidence facts over 400 days. */
function largeInput(facts: number): ReadinessInput {
  const controls = Array.from({ length: 1000 }, (_, i) => ({
    id: `c${i}`,
    code: `AC-${String(i).padStart(4, '0')}`,
    title: `Control ${i}`,
    status: 'implemented' as const,
    naJustification: null,
    ownerId: `p${i % 50}`,
    backupOwnerId: null,
    mappings: [{ frameworkId: 'soc2', criterionCode: `CC${1 + (i % 9)}.1` }],
  }));
  const requirements = Array.from({ length: 3000 }, (_, i) => ({
    id: `r${i}`,
    controlId: `c${i % 1000}`,
    code: `AC-${String(i % 1000).padStart(4, '0')}-E${i}`,
    artifact: 'Export',
    cadence: CADENCES[i % CADENCES.length] ?? 'monthly',
  }));
  const evidence: EvidenceFact[] = Array.from({ length: facts }, (_, i) => {
    const d = addDays(T, -((i * 7) % 400));
    return {
      requirementId: `r${i % 3000}`,
      evidenceId: `e${i}`,
      reviewState: i % 10 === 0 ? 'submitted' : 'accepted',
      effectiveStart: d,
      effectiveEnd: d,
      collectedOn: d,
    };
  });
  const people = Array.from({ length: 50 }, (_, i) => ({
    id: `p${i}`,
    name: `Person ${i}`,
    email: `p${i}@example.com`,
    status: 'active' as const,
    departedOn: null,
  }));
  const engagement = {
    id: 'e',
    type: 'type2' as const,
    windowStart: '2026-01-01',
    windowEnd: '2026-12-31',
    fieldworkStart: '2027-01-15',
    categories: [],
  };
  const plan = computePlan({ engagement, controls, requirements, evidence });
  return {
    at: T,
    engagement,
    people,
    controls,
    requirements,
    evidence,
    exceptions: [],
    findings: [],
    frameworks: [],
    plan,
  };
}

/** The pure engine alone on a large organization: 1,000 controls, 3,000 requirements and `facts` evidence facts. */
export function benchCoreReadiness(facts: number): void {
  const input = largeInput(facts);
  let started = performance.now();
  const plan = computePlan({
    engagement: input.engagement!,
    controls: input.controls,
    requirements: input.requirements,
    evidence: input.evidence,
  });
  const planMs = performance.now() - started;
  started = performance.now();
  const result = computeReadiness(input);
  const readinessMs = performance.now() - started;
  started = performance.now();
  const burndown = computeBurndown(input);
  const burndownMs = performance.now() - started;
  console.log(
    `[core] computePlan ${planMs.toFixed(0)} ms for ${plan.items.length.toLocaleString()} items; computeReadiness ${readinessMs.toFixed(0)} ms for ${result.controls.length} controls and ${facts.toLocaleString()} facts; computeBurndown ${burndownMs.toFixed(0)} ms for ${burndown.actual.length} weeks`,
  );
}
