import type { IsoDate } from '../dates.js';
import { byDueThenKey } from './compute-plan.js';
import type { Plan, PlanItem } from './types.js';

function allItems(plan: Pick<Plan, 'milestones' | 'items'>): PlanItem[] {
  return [...plan.milestones, ...plan.items].sort(byDueThenKey);
}

/** Milestones and evidence items not done whose due date is before `at`, by due date then key. */
export function overdueItems(plan: Pick<Plan, 'milestones' | 'items'>, at: IsoDate): PlanItem[] {
  return allItems(plan).filter((item) => item.doneOn === null && item.dueOn < at);
}

/** Milestones and evidence items due from `from` to `to` inclusive, done or not, by due date then key. */
export function itemsDueBetween(
  plan: Pick<Plan, 'milestones' | 'items'>,
  from: IsoDate,
  to: IsoDate,
): PlanItem[] {
  return allItems(plan).filter((item) => from <= item.dueOn && item.dueOn <= to);
}
