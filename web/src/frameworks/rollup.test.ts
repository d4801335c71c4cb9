import { describe, expect, it } from 'vitest';
import type { RollupReadiness } from './queries';
import { criterionRows, filterCriteria, sectionsOf, validateFrameworkSearch } from './rollup';

const counts = { gap: 0, 'at-risk': 0, excepted: 0, ready: 0, 'not-applicable': 0, unmapped: 0 };
const control = (id: string, code: string, status: RollupReadiness['controls'][number]['status']) => ({
  controlId: id,
  code,
  title: `${code} title`,
  status,
  ownerId: null,
  ownerName: null,
  unowned: false,
  reasons: [],
});
const readiness = {
  at: '2027-01-20',
  engagementId: 'e1',
  controls: [
    control('c1', 'AC-01', 'ready'),
    control('c2', 'AC-02', 'gap'),
    control('c3', 'OPS-01', 'at-risk'),
  ],
  criteria: [
    {
      frameworkId: 'nist-csf',
      code: 'PR.AA-01',
      group: 'PR.AA',
      title: 'Identities managed',
      status: 'gap',
      controlIds: ['c1', 'c2'],
    },
    {
      frameworkId: 'nist-csf',
      code: 'PR.AA-02',
      group: 'PR.AA',
      title: 'Identities proofed',
      status: 'unmapped',
      controlIds: [],
    },
    {
      frameworkId: 'nist-csf',
      code: 'PR.DS-01',
      group: 'PR.DS',
      title: 'Data at rest',
      status: 'at-risk',
      controlIds: ['c3'],
    },
    {
      frameworkId: 'soc2',
      code: 'CC6.1',
      group: 'CC6',
      title: 'Logical access',
      status: 'ready',
      controlIds: ['c1'],
    },
  ],
  categories: [
    { frameworkId: 'nist-csf', code: 'PR', title: 'PROTECT', parent: null, counts, score: null },
    {
      frameworkId: 'nist-csf',
      code: 'PR.AA',
      title: 'Identity management',
      parent: 'PR',
      counts,
      score: null,
    },
    { frameworkId: 'nist-csf', code: 'PR.DS', title: 'Data security', parent: 'PR', counts, score: null },
  ],
  frameworks: [],
} satisfies Omit<RollupReadiness, 'summary' | 'owners' | 'outOfScope'>;

describe('framework roll-up view', () => {
  const rows = criterionRows(readiness, 'nist-csf');

  it("keeps the framework's criteria in order with their controls, worst first", () => {
    expect(rows.map((r) => r.code)).toEqual(['PR.AA-01', 'PR.AA-02', 'PR.DS-01']);
    expect(rows[0]!.controls.map((c) => [c.code, c.status])).toEqual([
      ['AC-02', 'gap'],
      ['AC-01', 'ready'],
    ]);
    expect(rows[1]!.controls).toEqual([]);
  });
  it('counts unmapped criteria among the gaps, and can show them alone', () => {
    expect(filterCriteria(rows, 'gaps', '').map((r) => r.code)).toEqual(['PR.AA-01', 'PR.AA-02']);
    expect(filterCriteria(rows, 'unmapped', '').map((r) => r.code)).toEqual(['PR.AA-02']);
    expect(filterCriteria(rows, 'at-risk', '').map((r) => r.code)).toEqual(['PR.DS-01']);
  });
  it('searches criterion IDs, titles and the mapped controls', () => {
    expect(filterCriteria(rows, 'all', 'proofed').map((r) => r.code)).toEqual(['PR.AA-02']);
    expect(filterCriteria(rows, 'all', 'ops-01').map((r) => r.code)).toEqual(['PR.DS-01']);
  });
  it('groups criteria by category under their function', () => {
    expect(
      sectionsOf(rows, readiness.categories).map((s) => [s.code, s.title, s.parentTitle, s.rows.length]),
    ).toEqual([
      ['PR.AA', 'Identity management', 'PR PROTECT', 2],
      ['PR.DS', 'Data security', 'PR PROTECT', 1],
    ]);
  });
  it('accepts only known filters in the URL', () => {
    expect(validateFrameworkSearch({ show: 'unmapped' })).toEqual({ show: 'unmapped' });
    expect(validateFrameworkSearch({ show: 'all' })).toEqual({});
    expect(validateFrameworkSearch({ show: 'nonsense' })).toEqual({});
  });
});
