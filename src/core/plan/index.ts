/** Back-planning from the audit date (SPEC §5). */
export { byDueThenKey, computePlan } from './compute-plan.js';
export {
  defaultGapKind,
  GAP_KINDS,
  type GapItemsOptions,
  type GapKind,
  gapKey,
  gapKind,
  isActionable,
  withGapItems,
} from './gap-items.js';
export { FLEXIBLE_PERIOD_SHARE, levelDueDates, MAX_WEEK_SHARE } from './levelling.js';
export { DEFAULT_MILESTONE_OFFSETS, MILESTONE_TITLES, milestoneDueDates } from './milestones.js';
export { itemsDueBetween, overdueItems, type PlanFigures, planFigures } from './queries.js';
export { readinessPlan } from './readiness-plan.js';
export type {
  Completion,
  DatedPlan,
  EvidenceItem,
  GapItem,
  MilestoneCode,
  MilestoneItem,
  Plan,
  PlanControl,
  PlanInput,
  PlanItem,
} from './types.js';
export { MILESTONE_CODES } from './types.js';
