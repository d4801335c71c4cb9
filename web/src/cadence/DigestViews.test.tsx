import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LeadView, OwnerView } from './DigestViews';

afterEach(cleanup);

describe('the digest views', () => {
  it('lists an owner’s items by kind with links into the organization, and leaves out empty kinds', () => {
    render(
      <MantineProvider>
        <OwnerView
          org="acme"
          d={{
            kind: 'owner',
            week: '2026-12-07',
            personId: 'p1',
            personName: 'Alice',
            due: [],
            overdue: [
              {
                kind: 'overdue',
                personId: 'p1',
                title: 'Evidence AC-01-E1 for AC-01',
                detail: null,
                dueOn: '2026-12-01',
                link: '/controls/AC-01',
              },
            ],
            rejected: [
              {
                kind: 'rejected',
                personId: 'p1',
                title: 'Evidence AC-02-E1 for AC-02 was rejected by Lena',
                detail: 'wrong quarter',
                dueOn: null,
                link: '/controls/AC-02',
              },
            ],
            findings: [],
            requests: [],
          }}
        />
      </MantineProvider>,
    );
    expect(screen.getByText('Overdue (1)')).toBeTruthy();
    expect(screen.queryByText(/Due this week/)).toBeNull();
    const link = screen.getByRole('link', { name: 'Evidence AC-02-E1 for AC-02 was rejected by Lena' });
    expect(link.getAttribute('href')).toBe('/o/acme/controls/AC-02');
    expect(screen.getByText(/wrong quarter/)).toBeTruthy();
  });

  it('shows the lead the change since last week and names failed collections', () => {
    const counts = (now: number, before: number | null) => ({ now, before, change: now - (before ?? 0) });
    render(
      <MantineProvider>
        <LeadView
          org="acme"
          d={{
            kind: 'lead',
            week: '2026-12-07',
            personId: 'l',
            personName: 'Lena',
            change: {
              week: '2026-12-07',
              previousWeek: '2026-11-30',
              controls: {
                gap: counts(3, 5),
                'at-risk': counts(1, 1),
                ready: counts(10, 8),
                excepted: counts(0, 0),
                'not-applicable': counts(0, 0),
              },
              categories: [],
              newGaps: ['AC-09'],
              closedGaps: [],
            },
            newGaps: [
              {
                controlCode: 'AC-09',
                title: 'Access reviews',
                reason: 'no evidence',
                ownerName: 'Bob',
                link: '/controls/AC-09',
              },
            ],
            milestones: [],
            failedCollections: [{ source: 'roster /srv/hr.csv', error: 'ENOENT' }],
          }}
        />
      </MantineProvider>,
    );
    expect(
      screen.getByText(/Since 2026-11-30: gap 3 \(-2\), at-risk 1 \(\+0\), ready 10 \(\+2\)/),
    ).toBeTruthy();
    expect(screen.getByRole('link', { name: 'AC-09 Access reviews' }).getAttribute('href')).toBe(
      '/o/acme/controls/AC-09',
    );
    expect(screen.getByText('roster /srv/hr.csv: ENOENT')).toBeTruthy();
  });
});
