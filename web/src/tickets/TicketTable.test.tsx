import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ticket } from './queries';
import { TicketTable } from './TicketTable';

const ana = { id: 'u-ana', name: 'Ana Reyes' };
const bo = { id: 'u-bo', name: 'Bo Ito' };
const ticket = (over: Partial<Ticket>): Ticket => ({
  id: 't1',
  source: 'jira',
  key: 'PAY-1',
  project: 'PAY',
  type: 'Story',
  title: 'Add refunds',
  status: 'Done',
  reporter: ana,
  url: 'https://example.atlassian.net/browse/PAY-1',
  openedAt: '2026-10-01T06:00:00.000Z',
  approval: 'approved',
  approvedBy: 'Bo Ito',
  approvedAt: '2026-10-02T09:30:00.000Z',
  transitions: [
    { from: 'In Review', to: 'Approved', by: bo, at: '2026-10-02T09:30:00.000Z' },
    { from: 'Approved', to: 'Done', by: ana, at: '2026-10-03T10:00:00.000Z' },
  ],
  pulls: [{ pull: 'acme/api#12', changeId: 'c1', approval: 'approved' }],
  incidentKeys: [],
  requirementCodes: ['CM-04-E2'],
  ...over,
});

afterEach(cleanup);

describe('TicketTable', () => {
  it('shows the approval with who and when, the linked pull requests, and opens the transitions', () => {
    render(
      <MantineProvider>
        <TicketTable
          tickets={[
            ticket({}),
            ticket({
              id: 't2',
              key: 'PAY-2',
              approval: 'self-approved',
              approvedBy: 'Ana Reyes',
              approvedAt: null,
              pulls: [{ pull: 'acme/api#13', changeId: null, approval: null }],
              incidentKeys: ['INC-4'],
            }),
          ]}
        />
      </MantineProvider>,
    );
    expect(screen.getByText('approved by Bo Ito 2026-10-02 09:30')).toBeTruthy();
    expect(screen.getByText('self-approved by Ana Reyes')).toBeTruthy();
    expect(screen.getByText('acme/api#12 (change approved)')).toBeTruthy();
    expect(screen.getByText('acme/api#13 (not imported)')).toBeTruthy();
    expect(screen.getByText('incidents: INC-4')).toBeTruthy();
    expect(screen.queryAllByTestId('transition')).toHaveLength(0);
    fireEvent.click(screen.getAllByRole('button', { name: /2 show/ })[0]!);
    expect(screen.getAllByTestId('transition').map((e) => e.textContent)).toEqual([
      '2026-10-02 09:30 · In Review → Approved · Bo Ito',
      '2026-10-03 10:00 · Approved → Done · Ana Reyes',
    ]);
  });
});
