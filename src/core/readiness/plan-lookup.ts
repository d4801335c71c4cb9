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
    let list = byRequirement.get(item.requirementId);
    if (!list) {
      list = [];
      byRequirement.set(item.requirementId, list);
    }
    list.push({ dueOn: item.dueOn, periodStart: item.period?.start ?? null, doneOn: item.doneOn ?? null });
  }
  // Per requirement, the due date of each period start: the first in due order, as a search of the list finds.
  const byPeriod = new Map<string, Map<IsoDate, IsoDate>>();
  for (const [id, list] of byRequirement) {
    list.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
    const starts = new Map<IsoDate, IsoDate>();
    for (const d of list) if (d.periodStart !== null && !starts.has(d.periodStart)) starts.set(d.periodStart, d.dueOn);
    byPeriod.set(id, starts);
  }
  return {
    forPeriod: (id, start) => byPeriod.get(id)?.get(start) ?? null,
    first: (id) => byRequirement.get(id)?.[0]?.dueOn ?? null,
    nextOpen: (id, date) =>
      byRequirement.get(id)?.find((d) => isPlanItemOpenOn(d, date) && d.dueOn >= date)?.dueOn ?? null,
  };
}
