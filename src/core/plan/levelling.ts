import { isPeriodic } from '../cadence.js';
import {
  addDays,
  addMonths,
  type DateRange,
  daysBetween,
  type IsoDate,
  maxDate,
  startOfIsoWeek,
} from '../dates.js';
import type { Cadence } from '../vocabulary.js';

/*
 * Load levelling of the plan's evidence due dates (docs/decisions/0019).
 *
 * The rule: a Type II evidence item whose period is short next to the window
 * is due at its period's end. An item whose period covers most of the window
 * (more than 60% of it; per-event and once: the whole window) is flexible:
 * it is due no earlier than the end of its period's first month and no later
 * than the "first full evidence cycle" milestone when that falls inside the
 * period, else the last day before the period's last month, never at the
 * window's end. Within that range each flexible item (in key order) takes
 * the Friday of the least loaded ISO week, the later one on a tie, counting
 * the fixed items first. So the long-period work that used to pile up in
 * the window's last week spreads over the weeks the team has.
 */

/** A period longer than this share of the window makes an item flexible (a quarter of a half-year window does not). */
export const FLEXIBLE_PERIOD_SHARE = 0.6;

/**
 * The invariant the levelling keeps for a requirement-rich plan (a mix of
 * every cadence, some of each, over a window of six months or more): no ISO
 * week holds more than this share of the plan's evidence items.
 */
export const MAX_WEEK_SHARE = 0.2;

/** One evidence item to date: its key, its requirement's cadence and the period it must cover. */
export interface LevelledSlot {
  key: string;
  cadence: Cadence;
  period: DateRange;
}

/** The range a flexible item may be due in, or null when the item is fixed at its period's end. */
export function flexibleRange(
  slot: Pick<LevelledSlot, 'cadence' | 'period'>,
  window: DateRange,
  firstCycle: IsoDate,
): DateRange | null {
  const windowDays = daysBetween(window.start, window.end) + 1;
  const periodDays = daysBetween(slot.period.start, slot.period.end) + 1;
  if (isPeriodic(slot.cadence) && periodDays <= windowDays * FLEXIBLE_PERIOD_SHARE) return null;
  const { start, end } = slot.period;
  const lo = minOf(monthEnd(start), end);
  const beforeLastMonth = addDays(`${end.slice(0, 8)}01`, -1);
  const hi = lo <= firstCycle && firstCycle < end ? firstCycle : maxDate(lo, beforeLastMonth);
  return { start: lo, end: hi };
}

/** The due date of every slot: fixed ones at their period's end, flexible ones levelled over their range. */
export function levelDueDates(
  slots: readonly LevelledSlot[],
  window: DateRange,
  firstCycle: IsoDate,
): Map<string, IsoDate> {
  const due = new Map<string, IsoDate>();
  const load = new Map<IsoDate, number>();
  const add = (key: string, date: IsoDate) => {
    due.set(key, date);
    const week = startOfIsoWeek(date);
    load.set(week, (load.get(week) ?? 0) + 1);
  };
  const flexible: { key: string; range: DateRange }[] = [];
  for (const slot of slots) {
    const range = flexibleRange(slot, window, firstCycle);
    if (range) flexible.push({ key: slot.key, range });
    else add(slot.key, slot.period.end);
  }
  flexible.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { key, range } of flexible) {
    let best: IsoDate = range.end;
    let bestLoad = Number.POSITIVE_INFINITY;
    for (const candidate of fridays(range)) {
      const l = load.get(startOfIsoWeek(candidate)) ?? 0;
      if (l <= bestLoad) {
        best = candidate;
        bestLoad = l;
      }
    }
    add(key, best);
  }
  return due;
}

/** One date per ISO week of the range, in order: the week's Friday, kept inside the range. */
function fridays(range: DateRange): IsoDate[] {
  const out: IsoDate[] = [];
  for (let monday = startOfIsoWeek(range.start); monday <= range.end; monday = addDays(monday, 7)) {
    const friday = addDays(monday, 4);
    out.push(maxDate(range.start, minOf(friday, range.end)));
  }
  return out;
}

function monthEnd(date: IsoDate): IsoDate {
  return addDays(addMonths(`${date.slice(0, 8)}01`, 1), -1);
}

function minOf(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}
