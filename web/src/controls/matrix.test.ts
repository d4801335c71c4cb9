import { describe, expect, it } from 'vitest';
import type { ControlListItem, Readiness } from '../api/types';
import { milestoneState } from '../dashboard/MilestoneTimeline';
import {
  applyChange,
  buildRows,
  categoryOptions,
  compareCategories,
  dueState,
  filterRows,
  type MatrixRow,
} from './matrix';

const row = (
  code: string,
  status: MatrixRow['status'],
  owner: string | null,
  over: Partial<MatrixRow> = {},
) =>
  ({
    code,
    title: `${code} title`,
    status,
    ownerId: owner ? `p-${owner}` : null,
    ownerName: owner,
    ownerEmail: owner ? `${owner.toLowerCase()}@x.example` : null,
    ownerStatus: owner ? 'active' : null,
    cadence: 'annual',
    criteria: code === 'B' ? { soc2: ['CC1.1'] } : {},
    categories: code === 'B' ? ['CC1'] : [],
    nextDue: null,
    reasons: 0,
    ...over,
  }) satisfies MatrixRow;
const rows = [
  row('C', 'ready', 'Ann', {
    cadence: 'weekly',
    criteria: { soc2: ['A1.2', 'CC7.1'], iso27001: ['A.8.13'] },
    categories: ['CC7', 'A1'],
    nextDue: { dueOn: '2027-01-19', requirementCode: 'C-E1' },
  }),
  row('A', 'gap', null, { nextDue: { dueOn: '2026-11-13', requirementCode: 'A-E1' } }),
  row('B', 'gap', 'Bob', { cadence: 'quarterly' }),
];
const none = { status: null, owner: null, category: null, framework: null, search: '' };
const codes = (list: MatrixRow[]) => list.map((r) => r.code);

describe('control matrix filtering', () => {
  it('filters by status, owner (unowned), category, framework and search', () => {
    expect(codes(filterRows(rows, { ...none, status: 'gap' }, 'code', false))).toEqual(['A', 'B']);
    expect(codes(filterRows(rows, { ...none, owner: '__none' }, 'code', false))).toEqual(['A']);
    // "Needs an owner" includes a departed owner.
    const withDeparted = [...rows, row('D', 'gap', 'Dan', { ownerStatus: 'departed' })];
    expect(codes(filterRows(withDeparted, { ...none, owner: '__none' }, 'code', false))).toEqual(['A', 'D']);
    expect(codes(filterRows(rows, { ...none, owner: 'bob@x.example' }, 'code', false))).toEqual(['B']);
    expect(codes(filterRows(rows, { ...none, category: 'A1' }, 'code', false))).toEqual(['C']);
    expect(codes(filterRows(rows, { ...none, category: 'CC1' }, 'code', false))).toEqual(['B']);
    expect(codes(filterRows(rows, { ...none, framework: 'soc2' }, 'code', false))).toEqual(['B', 'C']);
    expect(codes(filterRows(rows, { ...none, framework: 'iso27001' }, 'code', false))).toEqual(['C']);
    expect(codes(filterRows(rows, { ...none, search: 'ann' }, 'code', false))).toEqual(['C']);
    // A criterion code finds the controls mapped to it.
    expect(codes(filterRows(rows, { ...none, search: 'cc7.1' }, 'code', false))).toEqual(['C']);
  });

  it('sorts by status (gaps first), cadence (shortest first), criteria and reverses', () => {
    expect(codes(filterRows(rows, none, 'status', false))).toEqual(['A', 'B', 'C']);
    expect(codes(filterRows(rows, none, 'code', true))).toEqual(['C', 'B', 'A']);
    expect(codes(filterRows(rows, none, 'cadence', false))).toEqual(['C', 'B', 'A']);
    expect(codes(filterRows(rows, none, 'criteria', false))).toEqual(['C', 'B', 'A']);
  });

  it('sorts by next due date, soonest first, controls with nothing due last in both directions', () => {
    expect(codes(filterRows(rows, none, 'nextDue', false))).toEqual(['A', 'C', 'B']);
    expect(codes(filterRows(rows, none, 'nextDue', true))).toEqual(['C', 'A', 'B']);
    expect(codes(filterRows(rows, none, 'owner', false))).toEqual(['C', 'B', 'A']);
    expect(codes(filterRows(rows, none, 'owner', true))).toEqual(['B', 'C', 'A']);
  });
});

describe('control matrix rows', () => {
  const listed: ControlListItem = {
    id: 'c1',
    code: 'AC-01',
    title: 'Access',
    description: '',
    status: 'implemented',
    naJustification: null,
    sourceOfTruth: null,
    cadence: 'quarterly',
    owner: { id: 'p1', email: 'ann@x.example', name: 'Ann', status: 'active' },
    backupOwner: null,
    mappings: { soc2: ['CC6.1'] },
    categories: ['CC6'],
    nextDue: { dueOn: '2027-01-31', requirementCode: 'AC-01-E1' },
  };

  it('takes the status and open reasons from readiness and the rest from the list', () => {
    const readiness = {
      controls: [
        {
          controlId: 'c1',
          status: 'at-risk',
          reasons: [{ severity: 'at-risk' }, { severity: 'info' }],
        },
      ],
    } as unknown as Readiness;
    expect(buildRows([listed], readiness)[0]).toMatchObject({
      code: 'AC-01',
      status: 'at-risk',
      ownerId: 'p1',
      ownerName: 'Ann',
      criteria: { soc2: ['CC6.1'] },
      categories: ['CC6'],
      nextDue: { dueOn: '2027-01-31', requirementCode: 'AC-01-E1' },
      reasons: 1,
    });
  });

  it('applies an owner or cadence change to one control only', () => {
    const other = { ...listed, id: 'c2', code: 'AC-02' };
    const bob = { id: 'p2', email: 'bob@x.example', name: 'Bob', status: 'active' };
    const owned = applyChange([listed, other], 'AC-01', { kind: 'owner', owner: bob });
    expect(owned[0]?.owner).toEqual(bob);
    expect(owned[1]).toBe(other);
    const weekly = applyChange([listed, other], 'AC-02', { kind: 'cadence', cadence: 'weekly' });
    expect(weekly.map((c) => c.cadence)).toEqual(['quarterly', 'weekly']);
    expect(listed.cadence).toBe('quarterly');
  });

  it('orders SOC 2 categories like the catalog and labels them with known titles', () => {
    expect(['P4', 'A1', 'CC10', 'PI1', 'CC2', 'C1', 'CC9'].sort(compareCategories)).toEqual([
      'CC2',
      'CC9',
      'CC10',
      'A1',
      'C1',
      'PI1',
      'P4',
    ]);
    expect(categoryOptions(rows, new Map([['CC7', 'System operations']]))).toEqual([
      { value: 'CC1', label: 'CC1' },
      { value: 'CC7', label: 'CC7 · System operations' },
      { value: 'A1', label: 'A1' },
    ]);
  });

  it('says whether a due date is overdue, soon (two weeks) or later', () => {
    expect(dueState('2026-11-28', '2026-11-29')).toBe('overdue');
    expect(dueState('2026-11-29', '2026-11-29')).toBe('soon');
    expect(dueState('2026-12-13', '2026-11-29')).toBe('soon');
    expect(dueState('2026-12-14', '2026-11-29')).toBe('later');
  });
});

describe('milestone state', () => {
  const m = { key: 'k', kind: 'milestone', dueOn: '2026-12-01', ownerId: null, doneOn: null };
  it('is done, overdue or due', () => {
    expect(milestoneState({ ...m, doneOn: '2026-11-01' }, '2026-12-05')).toBe('done');
    expect(milestoneState(m, '2026-12-05')).toBe('overdue');
    expect(milestoneState(m, '2026-11-05')).toBe('due');
  });
});
