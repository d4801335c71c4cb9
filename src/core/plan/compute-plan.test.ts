import { describe, expect, it } from 'vitest';
import type { Engagement, EvidenceFact, RequirementRecord } from '../records.js';
import type { Cadence } from '../vocabulary.js';
import { computePlan } from './compute-plan.js';
import { DEFAULT_MILESTONE_OFFSETS } from './milestones.js';
import type { PlanInput } from './types.js';

const type2: Engagement = {
  id: 'e2',
  type: 'type2',
  windowStart: '2026-07-01',
  windowEnd: '2026-12-31',
  fieldworkStart: '2027-01-15',
  categories: ['security'],
};
const type1: Engagement = {
  id: 'e1',
  type: 'type1',
  auditDate: '2026-09-30',
  fieldworkStart: '2026-10-15',
  categories: ['security'],
};

function req(id: string, cadence: Cadence, controlId = 'c1'): RequirementRecord {
  return { id, controlId, code: `${id.toUpperCase()}-E1`, artifact: 'Access review record', cadence };
}

function accepted(requirementId: string, start: string, end: string, collectedOn = end): EvidenceFact {
  return { requirementId, reviewState: 'accepted', effectiveStart: start, effectiveEnd: end, collectedOn };
}

function plan(overrides: Partial<PlanInput> = {}) {
  return computePlan({
    engagement: type2,
    controls: [{ id: 'c1', code: 'AC-03', ownerId: 'p1' }],
    requirements: [req('r1', 'quarterly')],
    evidence: [],
    complianceLeadId: 'lead',
    ...overrides,
  });
}

function dueByCode(p: ReturnType<typeof computePlan>) {
  return Object.fromEntries(p.milestones.map((m) => [m.code, m.dueOn]));
}

describe('computePlan milestones', () => {
  it('works back from the window start for Type II with the default offsets', () => {
    expect(dueByCode(plan())).toEqual({
      'readiness-assessment': '2026-05-02',
      'policies-approved': '2026-06-01',
      'nhi-inventory': '2026-06-01',
      'gap-remediation': '2026-06-17',
      'first-evidence-cycle': '2026-10-01',
      'evidence-freeze': '2027-01-08',
      'request-list-answered': '2027-01-29',
    });
  });

  it('works back from the audit date for Type I, first cycle on the audit date', () => {
    expect(dueByCode(plan({ engagement: type1 }))).toEqual({
      'readiness-assessment': '2026-08-01',
      'policies-approved': '2026-08-31',
      'nhi-inventory': '2026-08-31',
      'gap-remediation': '2026-09-16',
      'first-evidence-cycle': '2026-09-30',
      'evidence-freeze': '2026-10-08',
      'request-list-answered': '2026-10-29',
    });
  });

  it('exports the default offsets', () => {
    expect(DEFAULT_MILESTONE_OFFSETS['readiness-assessment']).toBe(-60);
    expect(DEFAULT_MILESTONE_OFFSETS['gap-remediation']).toBe(-14);
    expect(DEFAULT_MILESTONE_OFFSETS['request-list-answered']).toBe(14);
    expect(DEFAULT_MILESTONE_OFFSETS['first-evidence-cycle']).toBeNull();
  });

  it('lets offsets override the defaults', () => {
    const due = dueByCode(
      plan({ offsets: { 'readiness-assessment': -90, 'first-evidence-cycle': 45, 'evidence-freeze': -3 } }),
    );
    expect(due['readiness-assessment']).toBe('2026-04-02');
    expect(due['first-evidence-cycle']).toBe('2026-08-15');
    expect(due['evidence-freeze']).toBe('2027-01-12');
    expect(due['policies-approved']).toBe('2026-06-01');
  });

  it('takes the first evidence cycle from the longest periodic cadence', () => {
    const withAnnual = plan({
      requirements: [req('r1', 'weekly'), req('r2', 'annual'), req('r3', 'per-event')],
    });
    // Window 2026-07-01..2026-12-31: an annual cycle would end after the window closes, so it ends with it.
    expect(dueByCode(withAnnual)['first-evidence-cycle']).toBe('2026-12-31');
    const withQuarterly = plan({ requirements: [req('r1', 'weekly'), req('r2', 'quarterly')] });
    expect(dueByCode(withQuarterly)['first-evidence-cycle']).toBe('2026-10-01');
    const onlyEvents = plan({ requirements: [req('r1', 'per-event'), req('r2', 'once')] });
    expect(dueByCode(onlyEvents)['first-evidence-cycle']).toBe('2026-07-01');
  });

  it('gives milestones to the compliance lead with stable keys and titles', () => {
    const m = plan().milestones.find((x) => x.code === 'gap-remediation');
    expect(m).toMatchObject({
      key: 'milestone:gap-remediation',
      kind: 'milestone',
      ownerId: 'lead',
      doneOn: null,
    });
    expect(m?.title).toMatch(/gap remediation/i);
  });

  it('refuses an engagement without the dates its type needs', () => {
    expect(() => plan({ engagement: { ...type2, windowEnd: null } })).toThrow(/windowEnd/);
    expect(() => plan({ engagement: { ...type1, auditDate: undefined } })).toThrow(/auditDate/);
    expect(() => plan({ engagement: { ...type2, windowEnd: '2026-06-01' } })).toThrow(
      /ends before it starts/,
    );
  });
});

describe('computePlan requirement items (Type II)', () => {
  const half: Engagement = {
    ...type2,
    windowStart: '2026-01-01',
    windowEnd: '2026-06-30',
    fieldworkStart: '2026-07-15',
  };

  it('makes one item per cadence period: quarterly 2, monthly 6, weekly 26 over six months', () => {
    expect(plan({ engagement: half, requirements: [req('r1', 'quarterly')] }).items).toHaveLength(2);
    expect(plan({ engagement: half, requirements: [req('r1', 'monthly')] }).items).toHaveLength(6);
    // 181 days: 25 full weeks and a 6-day week clipped to the window end.
    const weekly = plan({ engagement: half, requirements: [req('r1', 'weekly')] }).items;
    expect(weekly).toHaveLength(26);
    expect(weekly.at(-1)?.period).toEqual({ start: '2026-06-25', end: '2026-06-30' });
  });

  it('dues each item at its period end, keyed by requirement and period start, owned by the control owner', () => {
    expect(plan({ engagement: half }).items).toEqual([
      {
        key: 'req:r1:2026-01-01',
        kind: 'evidence',
        requirementId: 'r1',
        requirementCode: 'R1-E1',
        controlId: 'c1',
        controlCode: 'AC-03',
        period: { start: '2026-01-01', end: '2026-03-31' },
        dueOn: '2026-03-31',
        ownerId: 'p1',
        doneOn: null,
        doneBy: null,
      },
      expect.objectContaining({ key: 'req:r1:2026-04-01', dueOn: '2026-06-30' }),
    ]);
  });

  it('marks a period done by the earliest accepted evidence overlapping it', () => {
    const p = plan({
      engagement: half,
      evidence: [
        accepted('r1', '2026-03-15', '2026-03-15', '2026-03-20'),
        accepted('r1', '2026-01-01', '2026-03-31', '2026-04-02'),
        { ...accepted('r1', '2026-04-01', '2026-06-30', '2026-06-30'), reviewState: 'submitted' },
        { ...accepted('r1', '2026-04-01', '2026-06-30', '2026-06-29'), reviewState: 'rejected' },
      ],
    });
    expect(p.items.map((i) => i.doneOn)).toEqual(['2026-03-20', null]);
  });

  it('gives per-event and once requirements one whole-window item due by the first evidence cycle (levelled)', () => {
    const p = plan({
      engagement: half,
      requirements: [req('r1', 'per-event'), req('r2', 'once'), req('r3', 'monthly')],
      evidence: [accepted('r2', '2025-05-01', '2025-05-01')],
    });
    const [ev, once] = ['r1', 'r2'].map((id) => p.items.find((i) => i.requirementId === id));
    // The first cycle (monthly) ends 2026-02-01; the levelling keeps them in that week, from the first month's end.
    expect(ev).toMatchObject({ key: 'req:r1:2026-01-01', dueOn: '2026-01-31', doneOn: null });
    expect(ev?.period).toEqual({ start: '2026-01-01', end: '2026-06-30' });
    // A one-time artifact produced before the window still counts: it is done once.
    expect(once).toMatchObject({ dueOn: '2026-01-31', doneOn: '2025-05-01' });
  });

  it('leaves out requirements of controls that were not given', () => {
    expect(
      plan({ requirements: [req('r1', 'quarterly'), req('r9', 'monthly', 'other')] }).items,
    ).toHaveLength(2);
  });

  it('sorts items by due date then key', () => {
    const p = plan({
      engagement: half,
      requirements: [req('b', 'quarterly'), req('a', 'quarterly'), req('m', 'monthly')],
    });
    const keys = p.items.map((i) => `${i.dueOn} ${i.key}`);
    expect(keys).toEqual([...keys].sort());
    expect(p.items[0]?.key).toBe('req:m:2026-01-01');
  });
});

describe('computePlan requirement items (Type I)', () => {
  it('makes one item per requirement due at gap remediation', () => {
    const p = plan({ engagement: type1, requirements: [req('r1', 'quarterly'), req('r2', 'per-event')] });
    expect(p.items.map((i) => [i.key, i.dueOn, i.period])).toEqual([
      ['req:r1:type1', '2026-09-16', undefined],
      ['req:r2:type1', '2026-09-16', undefined],
    ]);
  });

  it('is done only by accepted evidence that is still fresh on the audit date', () => {
    const fresh = plan({
      engagement: type1,
      evidence: [accepted('r1', '2026-07-01', '2026-07-01', '2026-07-03')],
    });
    expect(fresh.items[0]?.doneOn).toBe('2026-07-03');
    // Quarterly: fresh for 91 + 23 days, so 2026-05-01 is stale by 2026-09-30.
    const stale = plan({ engagement: type1, evidence: [accepted('r1', '2026-05-01', '2026-05-01')] });
    expect(stale.items[0]?.doneOn).toBeNull();
    const afterAudit = plan({ engagement: type1, evidence: [accepted('r1', '2026-10-02', '2026-10-02')] });
    expect(afterAudit.items[0]?.doneOn).toBeNull();
  });
});

describe('computePlan completions', () => {
  it('marks a milestone or item done from a stored completion', () => {
    const p = plan({
      completions: [
        { key: 'milestone:policies-approved', doneOn: '2026-05-20', doneBy: 'lead' },
        { key: 'req:r1:2026-07-01', doneOn: '2026-09-01' },
      ],
    });
    expect(p.milestones.find((m) => m.code === 'policies-approved')).toMatchObject({
      doneOn: '2026-05-20',
      doneBy: 'lead',
    });
    expect(p.items[0]).toMatchObject({ doneOn: '2026-09-01', doneBy: null });
    expect(p.orphanedCompletions).toEqual([]);
  });

  it('keeps done items done when the window end moves (same keys)', () => {
    const completions = [
      { key: 'req:r1:2026-07-01', doneOn: '2026-09-01' },
      { key: 'milestone:readiness-assessment', doneOn: '2026-04-30' },
    ];
    const moved = plan({ engagement: { ...type2, windowEnd: '2027-03-31' }, completions });
    expect(moved.items).toHaveLength(3);
    expect(moved.items[0]).toMatchObject({ key: 'req:r1:2026-07-01', doneOn: '2026-09-01' });
    expect(moved.milestones.find((m) => m.code === 'readiness-assessment')?.doneOn).toBe('2026-04-30');
    expect(moved.orphanedCompletions).toEqual([]);
  });

  it('reports completions whose items vanished after the window start moved, instead of losing them', () => {
    const completions = [
      { key: 'req:r1:2026-07-01', doneOn: '2026-09-01', doneBy: 'p1' },
      { key: 'milestone:gap-remediation', doneOn: '2026-06-10' },
    ];
    const moved = plan({
      engagement: { ...type2, windowStart: '2026-08-01', windowEnd: '2027-01-31' },
      completions,
    });
    expect(moved.items.every((i) => i.doneOn === null)).toBe(true);
    expect(moved.orphanedCompletions).toEqual([
      { key: 'req:r1:2026-07-01', doneOn: '2026-09-01', doneBy: 'p1' },
    ]);
    expect(moved.milestones.find((m) => m.code === 'gap-remediation')?.doneOn).toBe('2026-06-10');
  });

  it('is stable under input order', () => {
    const input: PlanInput = {
      engagement: type2,
      controls: [
        { id: 'c1', code: 'AC-03', ownerId: 'p1' },
        { id: 'c2', code: 'AC-04', ownerId: null },
      ],
      requirements: [req('r1', 'quarterly'), req('r2', 'monthly', 'c2')],
      evidence: [
        accepted('r1', '2026-07-01', '2026-07-02'),
        accepted('r1', '2026-07-01', '2026-07-05', '2026-07-01'),
      ],
      completions: [
        { key: 'x', doneOn: '2026-01-01' },
        { key: 'a', doneOn: '2026-01-01' },
      ],
    };
    const reversed: PlanInput = {
      ...input,
      controls: [...input.controls].reverse(),
      requirements: [...input.requirements].reverse(),
      evidence: [...input.evidence].reverse(),
      completions: [...(input.completions ?? [])].reverse(),
    };
    expect(computePlan(reversed)).toEqual(computePlan(input));
    expect(computePlan(input).orphanedCompletions.map((c) => c.key)).toEqual(['a', 'x']);
  });
});

describe('computePlan offsets validation', () => {
  it('refuses offsets that are not whole days', () => {
    expect(() => plan({ offsets: { 'gap-remediation': 1.5 } })).toThrow(/whole days/);
  });
});
