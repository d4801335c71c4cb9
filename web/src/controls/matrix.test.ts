import { describe, expect, it } from 'vitest';
import { milestoneState } from '../dashboard/MilestoneTimeline';
import { filterRows, type MatrixRow } from './matrix';

const row = (code: string, status: MatrixRow['status'], owner: string | null): MatrixRow => ({
  code,
  title: `${code} title`,
  status,
  ownerName: owner,
  ownerEmail: owner ? `${owner.toLowerCase()}@x.example` : null,
  cadence: 'annual',
  criteria: code === 'B' ? { soc2: ['CC1.1'] } : {},
  reasons: 0,
});
const rows = [row('C', 'ready', 'Ann'), row('A', 'gap', null), row('B', 'gap', 'Bob')];
const none = { status: null, owner: null, framework: null, search: '' };

describe('control matrix filtering', () => {
  it('filters by status, owner (unowned), framework and search', () => {
    expect(filterRows(rows, { ...none, status: 'gap' }, 'code', false).map((r) => r.code)).toEqual([
      'A',
      'B',
    ]);
    expect(filterRows(rows, { ...none, owner: '__none' }, 'code', false).map((r) => r.code)).toEqual(['A']);
    expect(filterRows(rows, { ...none, framework: 'soc2' }, 'code', false).map((r) => r.code)).toEqual(['B']);
    expect(filterRows(rows, { ...none, search: 'ann' }, 'code', false).map((r) => r.code)).toEqual(['C']);
  });
  it('sorts by status (gaps first) and reverses', () => {
    expect(filterRows(rows, none, 'status', false).map((r) => r.code)).toEqual(['A', 'B', 'C']);
    expect(filterRows(rows, none, 'code', true).map((r) => r.code)).toEqual(['C', 'B', 'A']);
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
