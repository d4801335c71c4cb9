import { describe, expect, it } from 'vitest';
import {
  filterItems,
  groupByWeek,
  type ItemFilter,
  itemState,
  myOpenItems,
  sortItems,
  summarize,
  type WorkItem,
  weekOf,
  weeksBetween,
  workloadByWeek,
} from './workload';

const item = (
  key: string,
  dueOn: string,
  ownerId: string | null,
  doneOn: string | null = null,
  kind = 'evidence',
) => ({
  key,
  kind,
  dueOn,
  ownerId,
  doneOn,
});
const names = new Map([
  ['ann', 'Ann Archer'],
  ['bob', 'Bob Baker'],
]);
const nameOf = (id: string) => names.get(id);
const TODAY = '2027-01-20'; // a Wednesday

describe('ISO weeks', () => {
  it('starts every week on its Monday, across month and year ends', () => {
    expect(weekOf('2027-01-20')).toBe('2027-01-18');
    expect(weekOf('2027-01-18')).toBe('2027-01-18');
    expect(weekOf('2027-01-24')).toBe('2027-01-18'); // Sunday belongs to the week before
    expect(weekOf('2027-01-01')).toBe('2026-12-28');
    expect(weekOf('2028-03-01')).toBe('2028-02-28'); // leap year
  });
  it('lists every week between two dates, the empty ones too', () => {
    expect(weeksBetween('2026-12-30', '2027-01-13')).toEqual(['2026-12-28', '2027-01-04', '2027-01-11']);
    expect(weeksBetween('2027-01-13', '2026-12-30')).toEqual([]);
  });
});

describe('item state', () => {
  it('is done when completed, overdue only after its due date, open otherwise', () => {
    expect(itemState({ dueOn: '2027-01-19', doneOn: null }, TODAY)).toBe('overdue');
    expect(itemState({ dueOn: TODAY, doneOn: null }, TODAY)).toBe('open');
    expect(itemState({ dueOn: '2027-01-19', doneOn: '2027-01-21' }, TODAY)).toBe('done');
  });
});

describe('workload by week', () => {
  const items = [
    item('a1', '2027-01-12', 'ann'), // overdue, week of 01-11
    item('a2', '2027-01-14', 'ann', '2027-01-13'), // done, week of 01-11
    item('a3', '2027-01-27', 'ann'), // open, week of 01-25
    item('b1', '2027-01-21', 'bob'), // open, week of 01-18
    item('b2', '2027-01-22', 'bob'),
    item('b3', '2027-01-23', 'bob'),
    item('n1', '2027-01-10', null), // overdue, unowned, week of 01-04
    item('x1', '2027-01-20', 'gone'), // a person no longer in the roster; due today: still open
  ];
  const w = workloadByWeek(items, nameOf, TODAY);

  it('spans every week from the first to the last due date', () => {
    expect(w.weeks).toEqual(['2027-01-04', '2027-01-11', '2027-01-18', '2027-01-25']);
  });
  it('counts due, done and overdue per owner and week', () => {
    const ann = w.owners.find((o) => o.ownerId === 'ann')!;
    expect(ann.cells.map((c) => [c.due, c.done, c.overdue])).toEqual([
      [0, 0, 0],
      [2, 1, 1],
      [0, 0, 0],
      [1, 0, 0],
    ]);
    expect(ann).toMatchObject({ name: 'Ann Archer', total: 3, open: 2, overdue: 1 });
  });
  it('sorts owners with overdue work first, then the busiest, the unowned last', () => {
    expect(w.owners.map((o) => o.name)).toEqual(['Ann Archer', 'Bob Baker', 'Unknown person', 'Unowned']);
    expect(w.owners.at(-1)).toMatchObject({ ownerId: null, overdue: 1 });
  });
  it('totals every owner per week and finds the busiest owner-week', () => {
    expect(w.totals.map((c) => c.due)).toEqual([1, 2, 4, 1]);
    expect(w.totals.map((c) => c.overdue)).toEqual([1, 1, 0, 0]);
    expect(w.peak).toBe(3); // Bob, week of 01-18
    const all = w.owners.reduce((n, o) => n + o.total, 0);
    expect(all).toBe(items.length);
  });
  it('is empty without items', () => {
    expect(workloadByWeek([], nameOf, TODAY)).toEqual({ weeks: [], owners: [], totals: [], peak: 0 });
  });
});

describe('item filters and week groups', () => {
  const items: WorkItem[] = sortItems([
    item('e2', '2027-01-21', 'bob'),
    item('m1', '2027-01-21', 'ann', null, 'milestone'),
    item('e1', '2027-01-12', 'ann'),
    item('e3', '2027-01-26', null, '2027-01-20'),
  ]);
  const none: ItemFilter = { owner: null, state: 'all', kind: 'all', search: '' };
  const keys = (f: Partial<ItemFilter>) =>
    filterItems(items, { ...none, ...f }, TODAY, (i) => i.key).map((i) => i.key);

  it('sorts by due date, milestones before evidence on the same day', () => {
    expect(items.map((i) => i.key)).toEqual(['e1', 'm1', 'e2', 'e3']);
  });
  it('filters by owner (or the unowned), state, kind and text', () => {
    expect(keys({ owner: 'ann' })).toEqual(['e1', 'm1']);
    expect(keys({ owner: '__none' })).toEqual(['e3']);
    expect(keys({ state: 'not-done' })).toEqual(['e1', 'm1', 'e2']);
    expect(keys({ state: 'overdue' })).toEqual(['e1']);
    expect(keys({ state: 'open' })).toEqual(['m1', 'e2']);
    expect(keys({ state: 'done' })).toEqual(['e3']);
    expect(keys({ kind: 'milestone' })).toEqual(['m1']);
    expect(keys({ search: 'E2' })).toEqual(['e2']);
  });
  it('groups consecutive items by the week of their due date', () => {
    expect(groupByWeek(items).map((g) => [g.week, g.items.map((i) => i.key)])).toEqual([
      ['2027-01-11', ['e1']],
      ['2027-01-18', ['m1', 'e2']],
      ['2027-01-25', ['e3']],
    ]);
  });
});

describe('workload summary', () => {
  const items = [
    item('o', '2027-01-19', 'ann'), // overdue
    item('t', '2027-01-24', 'ann'), // Sunday: still this week
    item('n', '2027-02-21', 'ann'), // within four weeks after this one
    item('l', '2027-02-22', 'ann'), // later
    item('d', '2027-01-10', 'ann', '2027-01-09'), // done
    item('u', '2027-01-20', null), // unowned, due today
  ];
  it("counts one owner's overdue, this week, the next four weeks and done", () => {
    expect(summarize(items, 'ann', TODAY)).toEqual({
      overdue: 1,
      dueThisWeek: 1,
      dueNextFourWeeks: 1,
      done: 1,
      total: 5,
    });
  });
  it('counts the unowned alone, or everyone', () => {
    expect(summarize(items, '__none', TODAY)).toMatchObject({ dueThisWeek: 1, total: 1 });
    expect(summarize(items, null, TODAY)).toMatchObject({ dueThisWeek: 2, total: 6 });
  });
});

describe('gap work', () => {
  const items: WorkItem[] = [
    { ...item('g1', '2027-06-01', 'ann', null, 'gap') },
    { ...item('e1', '2027-01-12', 'ann'), gap: { code: 'coverage-gap' } },
    item('e2', '2027-01-14', 'ann'),
    item('e3', '2027-05-01', 'ann'),
    item('m1', '2027-01-13', 'ann', '2027-01-10', 'milestone'),
    item('b1', '2027-01-12', 'bob', null, 'gap'),
  ];

  it('filters gap items and evidence a reason is about as gap work', () => {
    const none: ItemFilter = { owner: null, state: 'all', kind: 'gap', search: '' };
    expect(filterItems(items, none, TODAY, (i) => i.key).map((i) => i.key)).toEqual(['g1', 'e1', 'b1']);
  });

  it('lists my open items: all my gap work, the rest within five weeks, most urgent first', () => {
    expect(myOpenItems(items, 'ann', TODAY).map((i) => i.key)).toEqual(['e1', 'e2', 'g1']);
  });
});
