import { describe, expect, it } from 'vitest';
import { filterRequests, type RequestSummary } from './queries';

const TODAY = '2027-08-10';
const r = (fields: Partial<RequestSummary>): RequestSummary => ({
  id: 'r1',
  engagementId: 'e1',
  reference: 'PBC-001',
  text: 'Org chart',
  criteriaText: null,
  populationNote: null,
  assignee: null,
  dueOn: null,
  status: 'open',
  mappedBy: null,
  controls: [],
  createdAt: '2027-08-01T00:00:00.000Z',
  updatedAt: '2027-08-01T00:00:00.000Z',
  ...fields,
});

describe('the requests board filters', () => {
  const all = [
    r({ id: 'late', dueOn: '2027-08-09', assignee: { id: 'p1', name: 'Ngozi' } }),
    r({
      id: 'soon',
      dueOn: '2027-08-20',
      controls: [{ id: 'c1', code: 'AC-02', title: 'SSO', requirementCodes: [] }],
    }),
    r({ id: 'later', dueOn: '2027-09-30' }),
    r({ id: 'submitted-late', dueOn: '2027-08-01', status: 'submitted' }),
  ];
  const ids = (filter: Parameters<typeof filterRequests>[1]) =>
    filterRequests(all, filter, TODAY, '2027-08-24').map((x) => x.id);

  it('shows overdue and due-soon requests the company still owes, not the submitted ones', () => {
    expect(ids({ assignee: null, control: null, due: 'overdue' })).toEqual(['late']);
    expect(ids({ assignee: null, control: null, due: 'soon' })).toEqual(['soon']);
    expect(ids({ assignee: null, control: null, due: 'all' })).toHaveLength(4);
  });

  it('filters by assignee and by control', () => {
    expect(ids({ assignee: 'p1', control: null, due: 'all' })).toEqual(['late']);
    expect(ids({ assignee: null, control: 'AC-02', due: 'all' })).toEqual(['soon']);
  });
});
