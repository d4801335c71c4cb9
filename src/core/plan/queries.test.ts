import { describe, expect, it } from 'vitest';
import { computePlan } from './compute-plan.js';
import { itemsDueBetween, overdueItems } from './queries.js';

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
