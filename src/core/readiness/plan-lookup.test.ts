import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlanItemOpenOn } from '../at-date.js';
import { addDays, type IsoDate } from '../dates.js';
import { planDueLookup } from './plan-lookup.js';
import type { ReadinessPlan, ReadinessPlanItem } from './types.js';

/** The reference: the first implementation, a search of each requirement's items in due order. */
function referenceLookup(plan: ReadinessPlan) {
  const byRequirement = new Map<
    string,
    { dueOn: IsoDate; periodStart: IsoDate | null; doneOn: IsoDate | null }[]
  >();
  for (const item of plan.items) {
    if (item.requirementId === undefined) continue;
    const list = byRequirement.get(item.requirementId) ?? [];
    byRequirement.set(item.requirementId, list);
    list.push({ dueOn: item.dueOn, periodStart: item.period?.start ?? null, doneOn: item.doneOn ?? null });
  }
  for (const list of byRequirement.values())
    list.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
  return {
    forPeriod: (id: string, start: IsoDate) =>
      byRequirement.get(id)?.find((d) => d.periodStart === start)?.dueOn ?? null,
    first: (id: string) => byRequirement.get(id)?.[0]?.dueOn ?? null,
    nextOpen: (id: string, date: IsoDate) =>
      byRequirement.get(id)?.find((d) => isPlanItemOpenOn(d, date) && d.dueOn >= date)?.dueOn ?? null,
  };
}

const day = (n: number) => addDays('2026-01-01', n);

const item: fc.Arbitrary<ReadinessPlanItem> = fc
  .record({
    requirement: fc.option(fc.constantFrom('r1', 'r2', 'r3'), { nil: undefined }),
    due: fc.integer({ min: 0, max: 60 }),
    start: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    done: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    doneNull: fc.boolean(),
  })
  .map(({ requirement, due, start, done, doneNull }) => ({
    ...(requirement === undefined ? {} : { requirementId: requirement }),
    dueOn: day(due),
    ...(start === undefined ? {} : { period: { start: day(start), end: day(start + 20) } }),
    ...(done === undefined ? (doneNull ? { doneOn: null } : {}) : { doneOn: day(done) }),
  }));

describe('planDueLookup', () => {
  it('answers as the search of each requirement’s items in due order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 40 }),
        fc.array(fc.tuple(fc.constantFrom('r1', 'r2', 'r3', 'r4'), fc.integer({ min: -2, max: 62 })), {
          minLength: 1,
          maxLength: 20,
        }),
        (items, queries) => {
          const plan = { items };
          const fast = planDueLookup(plan);
          const reference = referenceLookup(plan);
          for (const [id, n] of queries) {
            expect(fast.forPeriod(id, day(n))).toBe(reference.forPeriod(id, day(n)));
            expect(fast.first(id)).toBe(reference.first(id));
            expect(fast.nextOpen(id, day(n))).toBe(reference.nextOpen(id, day(n)));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('answers null everywhere without a plan', () => {
    const lookup = planDueLookup(undefined);
    expect([lookup.forPeriod('r1', day(0)), lookup.first('r1'), lookup.nextOpen('r1', day(0))]).toEqual([
      null,
      null,
      null,
    ]);
  });
});
