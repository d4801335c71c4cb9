import { describe, expect, it } from 'vitest';
import type { Reason } from '../readiness/schema.js';
import { computePlan } from './compute-plan.js';
import { GAP_KINDS, gapKey, withGapItems } from './gap-items.js';

const dated = computePlan({
  engagement: {
    id: 'e',
    type: 'type2',
    windowStart: '2026-01-01',
    windowEnd: '2026-06-30',
    fieldworkStart: '2026-07-15',
    categories: ['security'],
  },
  controls: [{ id: 'c1', code: 'AC-03', ownerId: 'p1' }],
  requirements: [
    { id: 'r1', controlId: 'c1', code: 'AC-03-E1', artifact: 'Access review', cadence: 'quarterly' },
  ],
  evidence: [],
  complianceLeadId: 'lead',
});

function reason(over: Partial<Reason>): Reason {
  return {
    code: 'no-owner',
    severity: 'gap',
    message: 'Assign an owner to AC-03.',
    controlId: 'c1',
    controlCode: 'AC-03',
    ownerId: 'p1',
    ownerName: 'Pat',
    dueOn: '2026-02-01',
    ...over,
  };
}

describe('withGapItems', () => {
  it('makes a gap item of a reason no evidence item stands for, with its owner and date', () => {
    const plan = withGapItems(dated, [reason({})], { reviewerId: 'lead' });
    expect(plan.items.find((i) => i.kind === 'gap')).toEqual({
      key: 'gap:no-owner:c1',
      kind: 'gap',
      code: 'no-owner',
      label: GAP_KINDS['no-owner']?.label,
      severity: 'gap',
      message: 'Assign an owner to AC-03.',
      controlId: 'c1',
      controlCode: 'AC-03',
      dueOn: '2026-02-01',
      ownerId: 'p1',
      doneOn: null,
      doneBy: null,
    });
    expect(plan.items).toHaveLength(dated.items.length + 1);
  });

  it('hands a period reason to its evidence item and its owner instead of adding an item', () => {
    const period = { start: '2026-01-01', end: '2026-03-31' };
    const plan = withGapItems(
      dated,
      [
        reason({
          code: 'coverage-gap',
          requirementId: 'r1',
          requirementCode: 'AC-03-E1',
          period,
          ownerId: 'lead',
          unowned: true,
        }),
      ],
      { reviewerId: 'lead' },
    );
    expect(plan.items).toHaveLength(dated.items.length);
    expect(plan.items.find((i) => i.key === 'req:r1:2026-01-01')).toMatchObject({
      kind: 'evidence',
      ownerId: 'lead',
      gap: { code: 'coverage-gap', severity: 'gap' },
    });
  });

  it('gives review work to the reviewer, and work without an owner or a date to the lead at gap remediation', () => {
    const plan = withGapItems(
      dated,
      [
        reason({ code: 'pending-review', severity: 'at-risk', evidenceId: 'ev1' }),
        reason({ ownerId: null, dueOn: null }),
      ],
      { reviewerId: 'lead' },
    );
    const gaps = plan.items.filter((i) => i.kind === 'gap');
    expect(gaps.map((g) => [g.code, g.ownerId, g.dueOn])).toEqual([
      ['no-owner', 'lead', plan.milestones.find((m) => m.code === 'gap-remediation')?.dueOn],
      ['pending-review', 'lead', '2026-02-01'],
    ]);
  });

  it('takes a reason code it has never heard of with a default label, and skips info and excepted reasons', () => {
    const unknown = reason({ code: 'request-due' as Reason['code'], severity: 'at-risk' });
    const plan = withGapItems(
      dated,
      [
        unknown,
        reason({ code: 'exception-active', severity: 'info' }),
        reason({ code: 'open-finding', findingId: 'f1', exceptedBy: 'x1' }),
      ],
      { reviewerId: 'lead' },
    );
    const gaps = plan.items.filter((i) => i.kind === 'gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ code: 'request-due', label: 'Act before it becomes a gap' });
  });

  it('makes one item of a finding that several controls carry', () => {
    const reasons = [
      reason({ code: 'open-finding', findingId: 'f1' }),
      reason({ code: 'open-finding', findingId: 'f1', controlId: 'c2', controlCode: 'AC-04' }),
    ];
    expect(gapKey(reasons[0]!)).toBe(gapKey(reasons[1]!));
    const plan = withGapItems(dated, reasons, { reviewerId: 'lead' });
    expect(plan.items.filter((i) => i.kind === 'gap')).toHaveLength(1);
  });

  it('keeps items in due-date order', () => {
    const plan = withGapItems(
      dated,
      [reason({ dueOn: '2026-12-01' }), reason({ code: 'control-draft', dueOn: '2025-01-01' })],
      {
        reviewerId: null,
      },
    );
    const keys = plan.items.map((i) => `${i.dueOn} ${i.key}`);
    expect(keys).toEqual([...keys].sort());
  });
});
