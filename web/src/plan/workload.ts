/**
 * Pure helpers of the engagement & plan page: the state of a plan item, ISO
 * weeks, the per-owner workload by week, the item filters and the week
 * grouping of a page of items. No React, no fetching: unit-tested on their own.
 */

/** What the workload and the item list need of a plan item (milestone or evidence due date). */
export interface WorkItem {
  key: string;
  kind: string;
  dueOn: string;
  ownerId: string | null;
  doneOn: string | null;
  /** Evidence items a readiness reason is about carry it (gap items are the reason's work themselves). */
  gap?: unknown;
}

/** Whether an item is gap work from readiness: a gap item, or an evidence item a reason is about. */
export function isGapWork(item: Pick<WorkItem, 'kind' | 'gap'>): boolean {
  return item.kind === 'gap' || item.gap !== undefined;
}

/** Done when completed, overdue when not done and its due date has passed, open otherwise. */
export type ItemState = 'done' | 'overdue' | 'open';

/** The state of an item on `today` (an item due today is still open). */
export function itemState(item: Pick<WorkItem, 'dueOn' | 'doneOn'>, today: string): ItemState {
  if (item.doneOn) return 'done';
  return item.dueOn < today ? 'overdue' : 'open';
}

/** Today's date in UTC as `YYYY-MM-DD` (the server's clock uses UTC dates too). */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
const fromDayNumber = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The Monday of the ISO week containing `date`. */
export function weekOf(date: string): string {
  const day = dayNumber(date);
  // 1970-01-01 was a Thursday: (day + 3) mod 7 counts the days since Monday.
  return fromDayNumber(day - ((((day + 3) % 7) + 7) % 7));
}

/** Adds whole days to a date. */
export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Every Monday from the week of `from` to the week of `to`, inclusive (empty when `to` is before `from`). */
export function weeksBetween(from: string, to: string): string[] {
  const weeks: string[] = [];
  for (let w = weekOf(from), last = weekOf(to); w <= last; w = addDays(w, 7)) weeks.push(w);
  return weeks;
}

/** The items of one owner (or of everyone) due in one week. */
export interface WorkloadCell {
  week: string;
  /** Every item due that week, whatever its state. */
  due: number;
  done: number;
  overdue: number;
}

/** One owner's row: totals and a cell per week of {@link Workload.weeks}. */
export interface OwnerWorkload {
  ownerId: string | null;
  name: string;
  total: number;
  /** Not done yet (open or overdue). */
  open: number;
  overdue: number;
  cells: WorkloadCell[];
}

/** Owners × weeks: every week from the first to the last due date, so gaps between weeks show as empty. */
export interface Workload {
  weeks: string[];
  owners: OwnerWorkload[];
  /** The column totals over every owner, one per week. */
  totals: WorkloadCell[];
  /** The largest number of items one owner has due in one week (scales the heat map). */
  peak: number;
}

const emptyCells = (weeks: string[]): WorkloadCell[] =>
  weeks.map((week) => ({ week, due: 0, done: 0, overdue: 0 }));

/**
 * Buckets plan items by owner and ISO week of their due date. Owners with
 * overdue work come first, then the busiest; the unowned row is always last
 * (unowned items are a gap in themselves, so they are shown, never dropped).
 */
export function workloadByWeek(
  items: readonly WorkItem[],
  nameOf: (ownerId: string) => string | undefined,
  today: string,
): Workload {
  if (items.length === 0) return { weeks: [], owners: [], totals: [], peak: 0 };
  let first = items[0]!.dueOn;
  let last = first;
  for (const item of items) {
    if (item.dueOn < first) first = item.dueOn;
    if (item.dueOn > last) last = item.dueOn;
  }
  const weeks = weeksBetween(first, last);
  const column = new Map(weeks.map((w, i) => [w, i]));
  const totals = emptyCells(weeks);
  const rows = new Map<string | null, OwnerWorkload>();
  for (const item of items) {
    let row = rows.get(item.ownerId);
    if (!row) {
      const name = item.ownerId === null ? 'Unowned' : (nameOf(item.ownerId) ?? 'Unknown person');
      row = { ownerId: item.ownerId, name, total: 0, open: 0, overdue: 0, cells: emptyCells(weeks) };
      rows.set(item.ownerId, row);
    }
    const i = column.get(weekOf(item.dueOn))!;
    const state = itemState(item, today);
    for (const cell of [row.cells[i]!, totals[i]!]) {
      cell.due++;
      if (state === 'done') cell.done++;
      if (state === 'overdue') cell.overdue++;
    }
    row.total++;
    if (state !== 'done') row.open++;
    if (state === 'overdue') row.overdue++;
  }
  const owners = [...rows.values()].sort(
    (a, b) =>
      Number(a.ownerId === null) - Number(b.ownerId === null) ||
      b.overdue - a.overdue ||
      b.open - a.open ||
      a.name.localeCompare(b.name),
  );
  let peak = 0;
  for (const o of owners) for (const c of o.cells) peak = Math.max(peak, c.due);
  return { weeks, owners, totals, peak };
}

/** The filters of the plan's item list. */
export interface ItemFilter {
  /** A person id, `__none` for unowned items, or null for everyone. */
  owner: string | null;
  state: 'not-done' | ItemState | 'all';
  /** `gap`: gap work from readiness (gap items and evidence items a reason is about). */
  kind: 'all' | 'milestone' | 'evidence' | 'gap';
  /** Matched against the item's searchable text (control and requirement codes, titles). */
  search: string;
}

/** Keeps the items that pass every filter; `textOf` gives an item's searchable words. */
export function filterItems<T extends WorkItem>(
  items: readonly T[],
  filter: ItemFilter,
  today: string,
  textOf: (item: T) => string,
): T[] {
  const q = filter.search.trim().toLowerCase();
  return items.filter((item) => {
    if (
      filter.owner !== null &&
      (filter.owner === '__none' ? item.ownerId !== null : item.ownerId !== filter.owner)
    )
      return false;
    if (filter.kind === 'gap' ? !isGapWork(item) : filter.kind !== 'all' && item.kind !== filter.kind)
      return false;
    const state = itemState(item, today);
    if (filter.state === 'not-done' ? state === 'done' : filter.state !== 'all' && state !== filter.state)
      return false;
    return !q || textOf(item).toLowerCase().includes(q);
  });
}

/** Items in due-date order (milestones before evidence on the same day, then by key). */
export function sortItems<T extends WorkItem>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) =>
      a.dueOn.localeCompare(b.dueOn) ||
      Number(a.kind !== 'milestone') - Number(b.kind !== 'milestone') ||
      a.key.localeCompare(b.key),
  );
}

/** Consecutive items of one ISO week, as the list shows them under one heading. */
export interface WeekGroup<T> {
  week: string;
  items: T[];
}

/** Groups items already in due-date order by the week of their due date, keeping the order. */
export function groupByWeek<T extends WorkItem>(items: readonly T[]): WeekGroup<T>[] {
  const groups: WeekGroup<T>[] = [];
  for (const item of items) {
    const week = weekOf(item.dueOn);
    const current = groups.at(-1);
    if (current?.week === week) current.items.push(item);
    else groups.push({ week, items: [item] });
  }
  return groups;
}

/** The headline numbers of one owner's (or everyone's) plan on `today`. */
export interface WorkloadSummary {
  overdue: number;
  /** Not done and due in the current ISO week (today or later). */
  dueThisWeek: number;
  /** Not done and due after this week, within the next four weeks. */
  dueNextFourWeeks: number;
  done: number;
  total: number;
}

/** Counts the items of `owner` (a person id, `__none` for the unowned, null for everyone). */
export function summarize(items: readonly WorkItem[], owner: string | null, today: string): WorkloadSummary {
  const weekEnd = addDays(weekOf(today), 6);
  const horizon = addDays(weekEnd, 28);
  const out: WorkloadSummary = { overdue: 0, dueThisWeek: 0, dueNextFourWeeks: 0, done: 0, total: 0 };
  for (const item of items) {
    if (owner !== null && (owner === '__none' ? item.ownerId !== null : item.ownerId !== owner)) continue;
    out.total++;
    const state = itemState(item, today);
    if (state === 'done') out.done++;
    else if (state === 'overdue') out.overdue++;
    else if (item.dueOn <= weekEnd) out.dueThisWeek++;
    else if (item.dueOn <= horizon) out.dueNextFourWeeks++;
  }
  return out;
}

/**
 * One person's open work on `today`: their gap work (whenever it is due),
 * and any other item of theirs overdue or due within this week and the next
 * four; most urgent first (due date, then key).
 */
export function myOpenItems<T extends WorkItem>(items: readonly T[], personId: string, today: string): T[] {
  const horizon = addDays(addDays(weekOf(today), 6), 28);
  return items
    .filter((i) => i.ownerId === personId && !i.doneOn && (isGapWork(i) || i.dueOn <= horizon))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.key.localeCompare(b.key));
}
