import { describe, expect, it } from 'vitest';
import { computePlan } from './compute-plan.js';
import { itemsDueBetween, overdueItems, planFigures } from './queries.js';

const plan = computePlan({
  engagement: {
    id: 'e',
    type: 'type2',
    windowStart: '2026-01-01',
    windowEnd: '2026-06-30',
    fieldworkStart: '2026-07-15',
    categories: [],
  },
  controls: [{ id: 'c1', code: 'AC-03', ownerId: 'p1' }],
  requirements: [{ id: 'r1', controlId: 'c1', code: 'AC-03-E1', artifact: 'Review', cadence: 'quarterly' }],
  evidence: [
    {
      requirementId: 'r1',
      reviewState: 'accepted',
      effectiveStart: '2026-02-01',
      effectiveEnd: '2026-02-01',
      collectedOn: '2026-02-02',
    },
  ],
  completions: [{ key: 'milestone:readiness-assessment', doneOn: '2025-10-01' }],
});

describe('overdueItems', () => {
  it('lists items not done and due before T, milestones included', () => {
    expect(overdueItems(plan, '2026-07-01').map((i) => i.key)).toEqual([
      'milestone:nhi-inventory',
      'milestone:policies-approved',
      'milestone:gap-remediation',
      'milestone:first-evidence-cycle',
      'req:r1:2026-04-01',
    ]);
  });

  it('does not count an item due on T itself', () => {
    expect(overdueItems(plan, '2026-06-30').map((i) => i.key)).not.toContain('req:r1:2026-04-01');
  });
});

describe('itemsDueBetween', () => {
  it('lists items due in an inclusive range, done or not', () => {
    expect(itemsDueBetween(plan, '2026-03-31', '2026-06-30').map((i) => [i.key, i.doneOn])).toEqual([
      ['req:r1:2026-01-01', '2026-02-02'],
      ['milestone:first-evidence-cycle', null],
      ['req:r1:2026-04-01', null],
    ]);
    expect(itemsDueBetween(plan, '2026-11-01', '2026-12-31')).toEqual([]);
  });
});

describe('planFigures', () => {
  it('counts overdue, due this week (to Sunday), open, done and gap work', () => {
    // 2026-12-09 is a Wednesday: its ISO week ends on Sunday 2026-12-13.
    const f = planFigures(
      [
        { kind: 'gap', dueOn: '2026-12-01', doneOn: null },
        { kind: 'evidence', dueOn: '2026-12-09', doneOn: null, gap: { code: 'x' } },
        { kind: 'evidence', dueOn: '2026-12-13', doneOn: null },
        { kind: 'evidence', dueOn: '2026-12-14', doneOn: null },
        { kind: 'milestone', dueOn: '2026-11-01', doneOn: '2026-11-02' },
      ],
      '2026-12-09',
    );
    expect(f).toEqual({ overdue: 1, dueThisWeek: 2, open: 4, done: 1, gapWork: 2 });
  });
});
