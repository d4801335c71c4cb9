import { isPlanItemOpenOn } from '../at-date.js';
import type { IsoDate } from '../dates.js';
import type { ReadinessPlan, ReadinessPlanItem } from './types.js';

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
  const byRequirement = new Map<string, ReadinessPlanItem[]>();
  for (const item of plan?.items ?? []) {
    if (item.requirementId === undefined) continue;
    const list = byRequirement.get(item.requirementId);
    if (list) list.push(item);
    else byRequirement.set(item.requirementId, [item]);
  }
  // In due order (a computed plan is already: the sort only checks), stable like the items' order.
  for (const list of byRequirement.values())
    if (list.length > 1) list.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
  // Per requirement, on first demand: the due date of each period start, the first in due order.
  const byPeriod = new Map<string, Map<IsoDate, IsoDate>>();
  const periodsOf = (id: string): Map<IsoDate, IsoDate> | undefined => {
    let starts = byPeriod.get(id);
    if (starts) return starts;
    const list = byRequirement.get(id);
    if (!list) return undefined;
    starts = new Map();
    for (const item of list) {
      const start = item.period?.start;
      if (start !== undefined && !starts.has(start)) starts.set(start, item.dueOn);
    }
    byPeriod.set(id, starts);
    return starts;
  };
  return {
    forPeriod: (id, start) => periodsOf(id)?.get(start) ?? null,
    first: (id) => byRequirement.get(id)?.[0]?.dueOn ?? null,
    nextOpen: (id, date) => {
      const list = byRequirement.get(id);
      if (!list) return null;
      // The first item due on or after `date` (binary search: the list is in due order), then the first open one.
      for (let i = firstDueFrom(list, date); i < list.length; i++) {
        const item = list[i] as ReadinessPlanItem;
        if (isPlanItemOpenOn(item, date)) return item.dueOn;
      }
      return null;
    },
  };
}

/** Index of the first item of a list in due order due on or after `date`. */
function firstDueFrom(list: readonly ReadinessPlanItem[], date: IsoDate): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as ReadinessPlanItem).dueOn < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
