import { addDays, type IsoDate, startOfIsoWeek } from '../dates.js';
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

/** The headline figures of a plan (or one owner's part of it) on `today`. */
export interface PlanFigures {
  /** Not done, due before today. */
  overdue: number;
  /** Not done, due from today to the Sunday of today's ISO week. */
  dueThisWeek: number;
  /** Not done. */
  open: number;
  done: number;
  /** Not done and about a current readiness reason (gap items and evidence items carrying one). */
  gapWork: number;
}

/** Counts the items: what the CLI's plan prints and the plan page's figures agree with. */
export function planFigures(
  items: readonly (Pick<PlanItem, 'dueOn' | 'doneOn' | 'kind'> & { gap?: unknown })[],
  today: IsoDate,
): PlanFigures {
  const weekEnd = addDays(startOfIsoWeek(today), 6);
  const out: PlanFigures = { overdue: 0, dueThisWeek: 0, open: 0, done: 0, gapWork: 0 };
  for (const item of items) {
    if (item.doneOn !== null) {
      out.done++;
      continue;
    }
    out.open++;
    if (item.dueOn < today) out.overdue++;
    else if (item.dueOn <= weekEnd) out.dueThisWeek++;
    if (item.kind === 'gap' || item.gap !== undefined) out.gapWork++;
  }
  return out;
}
