/** Back-planning from the audit date (SPEC §5). */
export { byDueThenKey, computePlan } from './compute-plan.js';
export { DEFAULT_MILESTONE_OFFSETS, MILESTONE_TITLES, milestoneDueDates } from './milestones.js';
export { itemsDueBetween, overdueItems } from './queries.js';
export type {
  Completion,
  EvidenceItem,
  MilestoneCode,
  MilestoneItem,
  Plan,
  PlanControl,
  PlanInput,
  PlanItem,
} from './types.js';
export { MILESTONE_CODES } from './types.js';
