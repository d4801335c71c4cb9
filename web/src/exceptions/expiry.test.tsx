import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ExpiryCountdown, ReviewHistory } from './ExceptionTable';
import { countStates, expiryCountdown, filterExceptions } from './expiry';
import type { ControlException } from './queries';

const TODAY = '2026-11-29';
const x = (fields: Partial<ControlException> = {}): ControlException => ({
  id: 'x1',
  controlId: 'c1',
  controlCode: 'BC-04',
  scope: 'control',
  requirementId: null,
  requirementCode: null,
  findingId: null,
  summary: 'DR test late',
  reason: 'region move',
  compensatingControl: null,
  riskRating: 'medium',
  approverId: 'p1',
  approverEmail: 'cto@example.test',
  approvedOn: '2026-11-01',
  expiresOn: '2026-12-11',
  closedOn: null,
  reviewCadence: 'quarterly',
  nextReviewOn: null,
  reviews: [],
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...fields,
});
const countdown = (fields: Partial<ControlException>) => expiryCountdown(x(fields), TODAY);

describe('exception expiry countdown', () => {
  it('counts down to the expiry of an active exception, urgent within 14 days', () => {
    expect(countdown({ expiresOn: '2026-12-11' })).toMatchObject({
      state: 'active',
      text: 'expires in 12 days',
      urgency: 'urgent',
      days: 12,
    });
    expect(countdown({ expiresOn: '2026-12-13' })).toMatchObject({
      text: 'expires in 14 days',
      urgency: 'urgent',
    });
    expect(countdown({ expiresOn: '2026-12-14' })).toMatchObject({
      text: 'expires in 15 days',
      urgency: 'soon',
    });
    expect(countdown({ expiresOn: '2026-12-29' })).toMatchObject({ urgency: 'soon' });
    expect(countdown({ expiresOn: '2026-12-30' })).toMatchObject({
      text: 'expires in 31 days',
      urgency: 'calm',
    });
  });

  it('still covers the control on its expiry day, and says so', () => {
    expect(countdown({ expiresOn: TODAY })).toMatchObject({ state: 'active', text: 'expires today' });
    expect(countdown({ expiresOn: '2026-11-30' })).toMatchObject({
      text: 'expires tomorrow',
      urgency: 'urgent',
    });
  });

  it('says an expired exception is a gap again until closed', () => {
    expect(countdown({ expiresOn: '2026-11-26' })).toEqual({
      state: 'expired',
      urgency: 'expired',
      days: -3,
      text: 'expired 3 days ago — a gap again until closed',
    });
    expect(countdown({ expiresOn: '2026-11-28' }).text).toBe('expired yesterday — a gap again until closed');
  });

  it('does not count down what is closed or not approved', () => {
    expect(countdown({ closedOn: '2026-11-20', expiresOn: '2026-11-01' })).toMatchObject({
      state: 'closed',
      urgency: 'none',
      text: 'closed on 2026-11-20',
    });
    expect(countdown({ approvedOn: null, approverEmail: null, expiresOn: '2026-12-09' })).toMatchObject({
      state: 'pending',
      urgency: 'none',
      text: 'no effect until approved; would expire in 10 days',
    });
    expect(countdown({ approvedOn: null, expiresOn: '2026-11-28' }).text).toBe(
      'its expiry passed 1 day ago before anyone approved it',
    );
  });

  it('colours the countdown by urgency and keeps the words', () => {
    render(
      <MantineProvider>
        <ExpiryCountdown exception={x({ expiresOn: '2026-11-26' })} today={TODAY} />
        <ExpiryCountdown exception={x({ id: 'x2', expiresOn: '2027-03-01' })} today={TODAY} />
      </MantineProvider>,
    );
    const expired = screen.getByText(/expired 3 days ago/);
    expect(expired.getAttribute('data-urgency')).toBe('expired');
    expect(expired.getAttribute('style')).toContain('--mantine-color-red-9');
    const calm = screen.getByText('expires in 92 days');
    expect(calm.getAttribute('data-urgency')).toBe('calm');
    expect(calm.getAttribute('style')).toContain('--mantine-color-teal-9');
  });
});

describe('exception state filter', () => {
  const items = [
    x({ id: 'active-late', expiresOn: '2027-02-01' }),
    x({ id: 'closed', closedOn: '2026-10-01', expiresOn: '2026-10-15' }),
    x({ id: 'pending', approvedOn: null, approverEmail: null, expiresOn: '2027-01-01' }),
    x({ id: 'expired', expiresOn: '2026-11-01' }),
    x({ id: 'active-soon', expiresOn: '2026-12-01' }),
  ];
  it('keeps one state, or all with the most urgent first', () => {
    expect(filterExceptions(items, null, TODAY).map((e) => e.id)).toEqual([
      'expired',
      'active-soon',
      'active-late',
      'pending',
      'closed',
    ]);
    expect(filterExceptions(items, 'active', TODAY).map((e) => e.id)).toEqual(['active-soon', 'active-late']);
    expect(filterExceptions(items, 'pending', TODAY).map((e) => e.id)).toEqual(['pending']);
    expect(filterExceptions(items, 'expired', '2026-12-02').map((e) => e.id)).toEqual([
      'expired',
      'active-soon',
    ]);
  });
  it('counts each state', () => {
    expect(countStates(items, TODAY)).toEqual({ pending: 1, active: 2, expired: 1, closed: 1 });
  });
});

describe('ReviewHistory', () => {
  it('shows the next review (overdue in words) and each review, latest first', () => {
    render(
      <MantineProvider>
        <ReviewHistory
          today={TODAY}
          exception={x({
            reviewCadence: 'monthly',
            nextReviewOn: '2026-11-20',
            reviews: [
              {
                id: 'v1',
                reviewerId: 'p1',
                reviewerEmail: 'cto@example.test',
                reviewerName: 'Cleo CTO',
                reviewedOn: '2026-10-20',
                decision: 'continue',
                note: 'Still needed',
                newExpiresOn: '2026-12-11',
              },
            ],
          })}
        />
      </MantineProvider>,
    );
    expect(screen.getByText('review overdue since 2026-11-20')).toBeTruthy();
    expect(
      screen.getByText(/2026-10-20: continued by Cleo CTO, until 2026-12-11 · Still needed/),
    ).toBeTruthy();
  });
});
