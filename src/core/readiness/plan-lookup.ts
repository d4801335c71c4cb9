import { isPlanItemOpenOn } from '../at-date.js';
import type { IsoDate } from '../dates.js';
import type { ReadinessPlan } from './types.js';

interface Due {
  dueOn: IsoDate;
  periodStart: IsoDate | null;
  doneOn: IsoDate | null;
}

/** The plan's due dates of each requirement, as the rules ask for them. */
export interface PlanDueLookup {
  /** Due date of the item for the period starting on `periodStart`. */
  forPeriod(requirementId: string, periodStart: IsoDate): IsoDate | null;
  /** The earliest due date of the requirement. */
  first(requirementId: string): IsoDate | null;
  /** The earliest due date on or after `date` of an item not done by `date` (src/core/at-date.ts). */
  nextOpen(requirementId: string, date: IsoDate): IsoDate | null;
}

/** Index the plan's evidence items by requirement once; an absent plan answers null everywhere. */
export function planDueLookup(plan: ReadinessPlan | undefined): PlanDueLookup {
  const byRequirement = new Map<string, Due[]>();
  for (const item of plan?.items ?? []) {
    if (item.requirementId === undefined) continue;
    const list = byRequirement.get(item.requirementId) ?? [];
    byRequirement.set(item.requirementId, list);
    list.push({ dueOn: item.dueOn, periodStart: item.period?.start ?? null, doneOn: item.doneOn ?? null });
  }
  for (const list of byRequirement.values())
    list.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
  return {
    forPeriod: (id, start) => byRequirement.get(id)?.find((d) => d.periodStart === start)?.dueOn ?? null,
    first: (id) => byRequirement.get(id)?.[0]?.dueOn ?? null,
    nextOpen: (id, date) =>
      byRequirement.get(id)?.find((d) => isPlanItemOpenOn(d, date) && d.dueOn >= date)?.dueOn ?? null,
  };
}
