import { describe, expect, it } from 'vitest';
import { controlIndex, type MappableControl, proposeControls } from './auto-map.js';
import { readRequestRow, resolveColumns } from './columns.js';
import { transition } from './status.js';

const controls: MappableControl[] = [
  { id: 'c1', code: 'AC-02', mappings: { soc2: ['CC6.1'], iso27001: ['A.5.17'], 'nist-csf': ['PR.AA-01'] } },
  { id: 'c2', code: 'AC-04', mappings: { soc2: ['CC6.2', 'CC6.1'], iso27001: [], 'nist-csf': [] } },
  { id: 'c3', code: 'HR-01', mappings: { soc2: ['CC1.4'] } },
];
const index = controlIndex(controls);

describe('proposeControls', () => {
  it('proposes every control mapped to a SOC 2 criterion, in code order', () => {
    expect(proposeControls(['cc6.1'], index)).toMatchObject({
      controlCodes: ['AC-02', 'AC-04'],
      matches: [{ token: 'CC6.1', kind: 'criterion', controlCodes: ['AC-02', 'AC-04'] }],
    });
  });

  it('reads control codes, ISO and CSF ids inside running text', () => {
    expect(proposeControls(['Evidence for AC-04 (see policy).'], index).controlCodes).toEqual(['AC-04']);
    expect(proposeControls(['Annex A.5.17 password settings'], index).controlCodes).toEqual(['AC-02']);
    expect(proposeControls(['PR.AA-01, and CC1.4'], index).controlCodes).toEqual(['AC-02', 'HR-01']);
  });

  it('proposes nothing when nothing known is named', () => {
    expect(proposeControls(['Organizational chart', 'CC9.9', 'PBC-001 1.3'], index)).toEqual({
      controlIds: [],
      controlCodes: [],
      matches: [],
    });
  });
});

describe('request list columns', () => {
  const headers = new Set(['request #', 'tsc reference', 'request description', 'due date', 'client owner']);
  const has = (h: string) => headers.has(h);

  it('recognises common headers without a saved mapping', () => {
    expect(resolveColumns(has)).toEqual({
      columns: {
        reference: 'request #',
        text: 'request description',
        criterion: 'tsc reference',
        dueOn: 'due date',
        assignee: 'client owner',
      },
    });
  });

  it("uses a saved mapping's columns and names one the list lacks", () => {
    expect(resolveColumns(has, { reference: 'Request #', text: 'Request Description' })).toEqual({
      columns: { reference: 'request #', text: 'request description' },
    });
    expect(resolveColumns(has, { reference: 'Ref', text: 'request description' })).toMatchObject({
      field: 'reference',
      problem: expect.stringContaining('"Ref"'),
    });
  });

  it('needs a reference and a text column', () => {
    expect(resolveColumns((h) => h === 'request #')).toMatchObject({ field: 'text' });
  });

  it('reads a row, and names the column of a bad cell', () => {
    const columns = { reference: 'ref', text: 'text', dueOn: 'due' };
    const row = (cells: Record<string, string>) => readRequestRow((c) => cells[c] ?? '', columns);
    expect(row({ ref: 'PBC-1', text: 'Org chart', due: '2027-08-15' })).toEqual({
      row: {
        reference: 'PBC-1',
        text: 'Org chart',
        dueOn: '2027-08-15',
        control: null,
        criterion: null,
        population: null,
        assignee: null,
      },
    });
    expect(row({ ref: 'PBC-1', text: 'Org chart', due: '15/08/2027' })).toMatchObject({ column: 'due' });
    const noted = readRequestRow((c) => ({ ref: 'PBC-2', text: 'x', pop: 'None' })[c] ?? '', {
      reference: 'ref',
      text: 'text',
      population: 'pop',
    });
    expect(noted).toMatchObject({ row: { population: null } });
    expect(row({ ref: '', text: 'Org chart' })).toMatchObject({ column: 'ref' });
    expect(row({ ref: 'PBC-1', text: ' ' })).toMatchObject({ column: 'text' });
  });
});

describe('request transitions', () => {
  it('walks answer → submit → return → answer → submit → accept', () => {
    expect(transition('open', 'answer')).toEqual({ to: 'in-progress' });
    expect(transition('in-progress', 'submit', 1)).toEqual({ to: 'submitted' });
    expect(transition('submitted', 'return')).toEqual({ to: 'returned' });
    expect(transition('returned', 'submit', 0)).toHaveProperty('problem');
    expect(transition('returned', 'answer')).toEqual({ to: 'in-progress' });
    expect(transition('submitted', 'accept')).toEqual({ to: 'accepted' });
  });

  it('refuses what does not fit the status', () => {
    expect(transition('open', 'submit', 0)).toHaveProperty('problem');
    expect(transition('submitted', 'answer')).toHaveProperty('problem');
    expect(transition('accepted', 'answer')).toHaveProperty('problem');
    expect(transition('in-progress', 'accept')).toHaveProperty('problem');
    expect(transition('accepted', 'return')).toHaveProperty('problem');
  });
});
