import { describe, expect, it } from 'vitest';
import {
  defaultReviewCadence,
  escalatedRisk,
  nextReviewOn,
  type ReviewedException,
  reviewStanding,
} from './review.js';

const monthly = (overrides: Partial<ReviewedException> = {}): ReviewedException => ({
  approverId: 'p9',
  approvedOn: '2026-06-01',
  expiresOn: '2027-06-01',
  closedOn: null,
  reviewCadence: 'monthly',
  reviewedOn: [],
  ...overrides,
});

describe('defaultReviewCadence', () => {
  it('reviews high and critical monthly, medium quarterly, low every six months', () => {
    expect(defaultReviewCadence('critical')).toBe('monthly');
    expect(defaultReviewCadence('high')).toBe('monthly');
    expect(defaultReviewCadence('medium')).toBe('quarterly');
    expect(defaultReviewCadence('low')).toBe('semiannual');
  });
});

describe('escalatedRisk', () => {
  it('raises the risk one level, critical staying critical', () => {
    expect(escalatedRisk('low')).toBe('medium');
    expect(escalatedRisk('medium')).toBe('high');
    expect(escalatedRisk('high')).toBe('critical');
    expect(escalatedRisk('critical')).toBe('critical');
  });
});

describe('reviewStanding', () => {
  const until = (at: string) => {
    const d = new Date(`${at}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 14);
    return d.toISOString().slice(0, 10);
  };
  const at = (date: string, e = monthly()) => reviewStanding(e, date, until(date));

  it('is current until 14 days before the review, due soon from then to the due day, overdue the day after', () => {
    expect(at('2026-06-16')).toEqual({ since: '2026-06-01', dueOn: '2026-07-01', state: 'current' });
    expect(at('2026-06-17')?.state).toBe('due-soon');
    expect(at('2026-07-01')?.state).toBe('due-soon');
    expect(at('2026-07-02')).toEqual({ since: '2026-06-01', dueOn: '2026-07-01', state: 'overdue' });
  });

  it('counts from the last review on or before T, not from a later one', () => {
    const e = monthly({ reviewedOn: ['2026-07-03', '2026-06-20'] });
    expect(at('2026-07-02', e)).toMatchObject({ since: '2026-06-20', dueOn: '2026-07-20', state: 'current' });
    expect(at('2026-07-05', e)).toMatchObject({ since: '2026-07-03', dueOn: '2026-08-03' });
  });

  it('asks nothing of an exception not in force, or expiring before its review', () => {
    expect(at('2026-07-02', monthly({ approverId: null }))).toBeNull();
    expect(at('2026-07-02', monthly({ closedOn: '2026-07-01' }))).toBeNull();
    expect(at('2026-05-31')).toBeNull();
    expect(at('2026-06-10', monthly({ expiresOn: '2026-06-30' }))).toBeNull();
  });
});

describe('nextReviewOn', () => {
  it('adds the cadence to the latest review, else the approval', () => {
    expect(nextReviewOn(monthly())).toBe('2026-07-01');
    expect(nextReviewOn(monthly({ reviewedOn: ['2026-06-25', '2026-07-02'] }))).toBe('2026-08-02');
    expect(nextReviewOn(monthly({ reviewCadence: 'semiannual' }))).toBe('2026-12-01');
  });

  it('is null when unapproved, closed or expiring first', () => {
    expect(nextReviewOn(monthly({ approvedOn: null }))).toBeNull();
    expect(nextReviewOn(monthly({ closedOn: '2026-06-10' }))).toBeNull();
    expect(nextReviewOn(monthly({ expiresOn: '2026-06-30' }))).toBeNull();
  });
});
