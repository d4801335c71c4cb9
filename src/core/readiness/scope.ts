import { soc2CategoryOf } from '../engagement.js';
import type { TrustCategory } from '../records.js';
import type { ReadinessControl } from './types.js';

/** The framework id whose categories define an engagement's scope. */
export const SOC2 = 'soc2';

/**
 * Whether a control is in an engagement's scope: it maps to a SOC 2 criterion
 * of an in-scope category, or has no SOC 2 mapping at all. A SOC 2 code whose
 * category cannot be read counts as in scope: better shown than hidden.
 * Without an engagement (categories null) every control is in scope.
 */
export function isInScope(control: ReadinessControl, categories: ReadonlySet<TrustCategory> | null): boolean {
  if (categories === null) return true;
  let mapsToSoc2 = false;
  for (const m of control.mappings) {
    if (m.frameworkId !== SOC2) continue;
    mapsToSoc2 = true;
    const category = soc2CategoryOf(m.criterionCode);
    if (category === null || categories.has(category)) return true;
  }
  return !mapsToSoc2;
}

/** Whether a SOC 2 criterion belongs to the in-scope categories (all when there is no engagement). */
export function isCriterionInScope(
  frameworkId: string,
  criterionCode: string,
  categories: ReadonlySet<TrustCategory> | null,
): boolean {
  if (categories === null || frameworkId !== SOC2) return true;
  const category = soc2CategoryOf(criterionCode);
  return category === null || categories.has(category);
}
