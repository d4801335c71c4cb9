import { isPeriodic } from '../cadence.js';
import {
  addDays,
  addMonths,
  type DateRange,
  daysBetween,
  fromDayNumber,
  type IsoDate,
  maxDate,
  toDayNumber,
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
  return isFixed(slot, daysBetween(window.start, window.end) + 1) ? null : rangeOf(slot.period, firstCycle);
}

/** Whether an item of a window of `windowDays` days is due at its period's end (a short periodic period). */
function isFixed(slot: Pick<LevelledSlot, 'cadence' | 'period'>, windowDays: number): boolean {
  const periodDays = daysBetween(slot.period.start, slot.period.end) + 1;
  return isPeriodic(slot.cadence) && periodDays <= windowDays * FLEXIBLE_PERIOD_SHARE;
}

/** A flexible item's range: its period's first month end to the first cycle, or to before its last month. */
function rangeOf(period: DateRange, firstCycle: IsoDate): DateRange {
  const { start, end } = period;
  const lo = minOf(monthEnd(start), end);
  const beforeLastMonth = addDays(`${end.slice(0, 8)}01`, -1);
  const hi = lo <= firstCycle && firstCycle < end ? firstCycle : maxDate(lo, beforeLastMonth);
  return { start: lo, end: hi };
}

/**
 * The due date of every slot: fixed ones at their period's end, flexible ones levelled over their range.
 *
 * Each flexible item takes the least loaded week of its range, the later on a
 * tie. The weeks' loads sit in a segment tree over week numbers that answers
 * "least load in these weeks, latest such week" and takes one more item in
 * logarithmic time; the range, the fixed week and the flexibility of a slot
 * are computed once per distinct period (periods of one cadence over one
 * window are shared by every requirement of that cadence). The result is the
 * one of the plain scan over each range's Fridays (the property test holds
 * the two equal).
 */
export function levelDueDates(
  slots: readonly LevelledSlot[],
  window: DateRange,
  firstCycle: IsoDate,
): Map<string, IsoDate> {
  const { dues, flexible } = levelled(slots, window, firstCycle);
  // Fixed items first, then flexible ones in the order they were placed (a repeated key: the last one).
  const due = new Map<string, IsoDate>();
  const isFlexible = new Uint8Array(slots.length);
  for (const f of flexible) isFlexible[f.index] = 1;
  for (let i = 0; i < slots.length; i++)
    if (!isFlexible[i]) due.set((slots[i] as LevelledSlot).key, dues[i] as IsoDate);
  for (const f of flexible) due.set(f.key, dues[f.index] as IsoDate);
  return due;
}

/**
 * `levelDueDates` as a list, the due date of `slots[i]` at `i`: what a caller
 * whose keys are unique reads (no map of tens of thousands of keys to build).
 */
export function levelledDueDates(
  slots: readonly LevelledSlot[],
  window: DateRange,
  firstCycle: IsoDate,
): IsoDate[] {
  return levelled(slots, window, firstCycle).dues;
}

function levelled(
  slots: readonly LevelledSlot[],
  window: DateRange,
  firstCycle: IsoDate,
): { dues: IsoDate[]; flexible: { key: string; index: number }[] } {
  const dues: IsoDate[] = new Array(slots.length);
  const windowDays = daysBetween(window.start, window.end) + 1;
  // Per period object (one cadence's periods over one window are shared by its requirements): its shape.
  const shapes = new Map<DateRange, Shape>();
  const fixedWeeks: number[] = [];
  const flexible: { key: string; index: number; shape: FlexibleShape }[] = [];
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as LevelledSlot;
    let shape = shapes.get(slot.period);
    if (!shape || shape.cadence !== slot.cadence) {
      shape = slotShape(slot, windowDays, firstCycle);
      shapes.set(slot.period, shape);
    }
    if (shape.flexible) {
      flexible.push({ key: slot.key, index: i, shape });
      low = Math.min(low, shape.firstWeek);
      high = Math.max(high, shape.lastWeek);
    } else {
      dues[i] = slot.period.end;
      fixedWeeks.push(shape.endWeek);
    }
  }
  if (flexible.length === 0) return { dues, flexible };
  const load = new WeekLoads(low, high);
  for (const week of fixedWeeks) if (week >= low && week <= high) load.add(week);
  flexible.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { index, shape } of flexible) {
    const week = load.leastLoaded(shape.firstWeek, shape.lastWeek);
    load.add(week);
    // The week's Friday, kept inside the range (the first and last weeks may be cut by it).
    const friday = week * 7 + MONDAY_OFFSET + 4;
    dues[index] = fromDayNumber(Math.max(shape.startDay, Math.min(friday, shape.endDay)));
  }
  return { dues, flexible };
}

/** Day number of the Monday of week number 0 (1970-01-01 was a Thursday). */
const MONDAY_OFFSET = -3;

/** The ISO week number of a day number: weeks counted from the Monday 1969-12-29. */
function weekOf(day: number): number {
  return Math.floor((day - MONDAY_OFFSET) / 7);
}

interface FixedShape {
  cadence: Cadence;
  flexible: false;
  /** The week of the period's end. */
  endWeek: number;
}
interface FlexibleShape {
  cadence: Cadence;
  flexible: true;
  startDay: number;
  endDay: number;
  firstWeek: number;
  lastWeek: number;
}
type Shape = FixedShape | FlexibleShape;

function slotShape(slot: LevelledSlot, windowDays: number, firstCycle: IsoDate): Shape {
  const cadence = slot.cadence;
  if (isFixed(slot, windowDays))
    return { cadence, flexible: false, endWeek: weekOf(toDayNumber(slot.period.end)) };
  const range = rangeOf(slot.period, firstCycle);
  const startDay = toDayNumber(range.start);
  const endDay = toDayNumber(range.end);
  return { cadence, flexible: true, startDay, endDay, firstWeek: weekOf(startDay), lastWeek: weekOf(endDay) };
}

/**
 * Item counts per week over weeks `low..high`: a segment tree whose nodes keep
 * the least count of their weeks and the latest week holding it.
 */
class WeekLoads {
  private readonly size: number;
  private readonly min: Int32Array;
  private readonly at: Int32Array;
  constructor(
    private readonly low: number,
    high: number,
  ) {
    let size = 1;
    while (size < high - low + 1) size *= 2;
    this.size = size;
    this.min = new Int32Array(2 * size);
    this.at = new Int32Array(2 * size);
    for (let i = 0; i < size; i++) this.at[size + i] = i;
    // Weeks past `high` never answer: they are outside every query.
    for (let n = size - 1; n >= 1; n--) this.pull(n);
  }

  /** One more item in `week`. */
  add(week: number): void {
    let n = this.size + (week - this.low);
    this.min[n] = (this.min[n] as number) + 1;
    for (n >>= 1; n >= 1; n >>= 1) this.pull(n);
  }

  /** The latest week of `first..last` with the least items. */
  leastLoaded(first: number, last: number): number {
    let bestLoad = Number.POSITIVE_INFINITY;
    let bestWeek = last;
    const take = (n: number) => {
      const m = this.min[n] as number;
      const w = (this.at[n] as number) + this.low;
      if (m < bestLoad || (m === bestLoad && w > bestWeek)) {
        bestLoad = m;
        bestWeek = w;
      }
    };
    let lo = this.size + (first - this.low);
    let hi = this.size + (last - this.low) + 1;
    while (lo < hi) {
      if (lo & 1) take(lo++);
      if (hi & 1) take(--hi);
      lo >>= 1;
      hi >>= 1;
    }
    return bestWeek;
  }

  private pull(n: number): void {
    const l = 2 * n;
    const r = l + 1;
    // Ties go to the right child: the later week.
    const right = (this.min[r] as number) <= (this.min[l] as number);
    this.min[n] = right ? (this.min[r] as number) : (this.min[l] as number);
    this.at[n] = right ? (this.at[r] as number) : (this.at[l] as number);
  }
}

function monthEnd(date: IsoDate): IsoDate {
  return addDays(addMonths(`${date.slice(0, 8)}01`, 1), -1);
}

function minOf(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}
