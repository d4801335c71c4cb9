import { describe, expect, it } from 'vitest';
import {
  accessReviewFindings,
  followUpClosedBy,
  followUpDueOn,
  planFindingSync,
  separationOfDutiesProblem,
} from './rules.js';

describe('separation of duties', () => {
  it('refuses the reviewer their own account and an NHI they own, and allows anything else', () => {
    const account = { subjectType: 'account', subject: 'ada', personId: 'p1', ownerPersonId: null } as const;
    const nhi = { subjectType: 'nhi', subject: 'svc-ci', personId: null, ownerPersonId: 'p1' } as const;
    expect(separationOfDutiesProblem(account, 'p1')).toMatch(/own account/);
    expect(separationOfDutiesProblem(nhi, 'p1')).toMatch(/owns/);
    expect(separationOfDutiesProblem(account, 'p2')).toBeNull();
    expect(separationOfDutiesProblem(nhi, 'p2')).toBeNull();
  });
});

describe('follow-ups', () => {
  it('are due a week after the decision', () => {
    expect(followUpDueOn('2026-12-30')).toBe('2027-01-06');
  });
  it('close a revoke when the subject is gone or inactive, a change also when its access differs', () => {
    const revoke = { action: 'revoke', access: 'admin' } as const;
    const change = { action: 'change', access: 'admin' } as const;
    expect(followUpClosedBy(revoke, null)).toBe(true);
    expect(followUpClosedBy(revoke, { access: 'admin', active: false })).toBe(true);
    expect(followUpClosedBy(revoke, { access: 'read', active: true })).toBe(false);
    expect(followUpClosedBy(change, { access: 'read', active: true })).toBe(true);
    expect(followUpClosedBy(change, { access: 'admin', active: true })).toBe(false);
  });
});

describe('rule findings', () => {
  const campaign = {
    id: 'c1',
    system: 'aws-prod',
    dueOn: '2026-12-01',
    status: 'open',
    hasAccounts: true,
    hasNhis: true,
    decided: 3,
    total: 10,
  } as const;
  const followUp = {
    id: 'f1',
    system: 'aws-prod',
    subjectType: 'nhi',
    label: 'svc-ci',
    action: 'revoke',
    ownerId: 'p9',
    dueOn: '2026-12-05',
    closedOn: null,
  } as const;
  const departed = {
    system: 'github',
    asOf: '2026-12-03',
    account: 'bob',
    personId: 'p3',
    personEmail: 'bob@example.com',
    personStatus: 'departed',
    departedOn: '2026-11-20',
  };

  it('raise one finding per overdue campaign, overdue follow-up and departed account, on their controls', () => {
    const found = accessReviewFindings({
      at: '2026-12-06',
      campaigns: [campaign, { ...campaign, id: 'c2', status: 'completed' }],
      followUps: [followUp, { ...followUp, id: 'f2', closedOn: '2026-12-04' }],
      latestAccounts: [departed, { ...departed, account: 'ada', personStatus: 'active', departedOn: null }],
    });
    expect(found.map((f) => [f.rule, f.key, f.controlCodes])).toEqual([
      ['campaign-overdue', 'campaign:c1', ['AC-03', 'NHI-06']],
      ['departed-account', 'account:github/bob', ['AC-06', 'AC-03']],
      ['follow-up-overdue', 'follow-up:f1', ['NHI-06']],
    ]);
    expect(found.find((f) => f.rule === 'follow-up-overdue')?.ownerId).toBe('p9');
  });

  it('raise nothing on the due date itself, nor for a person who departed after the list', () => {
    expect(
      accessReviewFindings({
        at: '2026-12-01',
        campaigns: [campaign],
        followUps: [{ ...followUp, dueOn: '2026-12-01' }],
        latestAccounts: [{ ...departed, departedOn: '2026-12-04' }],
      }),
    ).toEqual([]);
  });

  it('plan opens what is wanted and not open, and resolves what is open and no longer wanted', () => {
    const wanted = accessReviewFindings({
      at: '2026-12-06',
      campaigns: [campaign],
      followUps: [],
      latestAccounts: [],
    });
    const plan = planFindingSync(
      wanted,
      [
        { findingId: 'x1', rule: 'campaign-overdue', key: 'campaign:c1' },
        { findingId: 'x2', rule: 'follow-up-overdue', key: 'follow-up:gone' },
      ],
      '2026-12-06',
    );
    expect(plan.open).toEqual([]);
    expect(plan.resolve).toEqual(['x2']);
    const fresh = planFindingSync(wanted, [], '2026-12-06');
    expect(fresh.open.map((o) => [o.finding.key, o.dueOn])).toEqual([['campaign:c1', '2027-01-05']]);
  });
});
