import { classifyControl, controlStatus } from './classify-control.js';
import { buildReadinessBase, contextAt, type ReadinessContext } from './context.js';
import { compareText, naturalCompare } from './order.js';
import { type MappedControl, rollUpCriteria } from './rollup-criteria.js';
import { rollUpOwners, summarize } from './rollup-owners.js';
import type { ReadinessResult } from './schema.js';
import { isInScope, SOC2 } from './scope.js';
import type { ReadinessControl, ReadinessInput } from './types.js';

/**
 * Readiness on date T (SPEC §4): each in-scope control's status with the
 * reasons behind it (what to fix, who owns it, by when), rolled up per
 * criterion, group, framework and owner. Pure and deterministic: the same
 * records and T give the same result, whatever the order of the input arrays.
 */
export function computeReadiness(input: ReadinessInput): ReadinessResult {
  const ctx = contextAt(buildReadinessBase(input), input.at, input);
  const { inScope, outOfScope } = classifyControls(input.controls, ctx);
  const rollups = rollUpCriteria(input.frameworks, inScope, ctx.categories);
  const controls = inScope.map((c) => c.result);
  const soc2 = rollups.frameworks.find((f) => f.frameworkId === SOC2);
  return {
    at: input.at,
    engagementId: input.engagement?.id ?? null,
    controls,
    criteria: rollups.criteria,
    categories: rollups.categories,
    frameworks: rollups.frameworks,
    owners: rollUpOwners(controls),
    summary: summarize(controls, outOfScope.length, {
      criteria: soc2?.counts ?? null,
      criteriaScore: soc2?.score ?? null,
    }),
    outOfScope,
  };
}

/** Classify the in-scope controls (ordered by code) and list the ids of the others. */
export function classifyControls(
  controls: readonly ReadinessControl[],
  ctx: ReadinessContext,
): { inScope: MappedControl[]; outOfScope: string[] } {
  const inScope: MappedControl[] = [];
  const outOfScope: string[] = [];
  const sorted = [...controls].sort((a, b) => naturalCompare(a.code, b.code) || compareText(a.id, b.id));
  for (const control of sorted) {
    if (isInScope(control, ctx.categories)) {
      inScope.push({ result: classifyControl(control, ctx), mappings: control.mappings });
    } else {
      outOfScope.push(control.id);
    }
  }
  return { inScope, outOfScope: outOfScope.sort(compareText) };
}

/** Number of in-scope controls whose status is gap on the context's date (statuses only, no reasons built). */
export function countGaps(controls: readonly ReadinessControl[], ctx: ReadinessContext): number {
  let gaps = 0;
  for (const control of controls) {
    if (isInScope(control, ctx.categories) && controlStatus(control, ctx) === 'gap') gaps++;
  }
  return gaps;
}
