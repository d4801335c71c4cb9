import { describe, expect, it } from 'vitest';
import { capabilitiesOf, type Role } from '../../../src/platform/auth/policy';
import { dueText, filterFindings, mayResolve, triageSummary } from './findings';
import type { Finding } from './queries';

const f = (id: string, fields: Partial<Finding> = {}): Finding => ({
  id,
  title: `Finding ${id}`,
  description: null,
  severity: 'medium',
  source: 'manual',
  sourceKind: 'manual',
  ownerId: null,
  ownerEmail: null,
  dueOn: null,
  openedOn: '2026-11-01',
  resolvedOn: null,
  resolution: null,
  controls: [],
  criteria: [],
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...fields,
});

const items = [
  f('resolved-old', { resolvedOn: '2026-10-01', dueOn: '2026-09-01' }),
  f('no-due', { severity: 'critical' }),
  f('due-late', { dueOn: '2026-12-20', ownerEmail: 'ann@x.example', ownerId: 'ann' }),
  f('due-soon-low', { dueOn: '2026-12-01', severity: 'low' }),
  f('due-soon-high', { dueOn: '2026-12-01', severity: 'high', ownerEmail: 'bob@x.example', ownerId: 'bob' }),
  f('resolved-new', { resolvedOn: '2026-11-20' }),
];
const ids = (list: Finding[]) => list.map((x) => x.id);

describe('findings list', () => {
  it('puts open findings first by due date (none last, most severe first on a day), then the latest resolved', () => {
    expect(ids(filterFindings(items, { status: 'all', severity: null, owner: null }))).toEqual([
      'due-soon-high',
      'due-soon-low',
      'due-late',
      'no-due',
      'resolved-new',
      'resolved-old',
    ]);
  });
  it('sorts open findings by severity when asked, the earliest due first within a severity', () => {
    expect(
      ids(filterFindings(items, { status: 'open', severity: null, owner: null, sort: 'severity' })),
    ).toEqual(['no-due', 'due-soon-high', 'due-late', 'due-soon-low']);
  });
  it('filters by open/resolved, severity and owner (or unowned)', () => {
    expect(ids(filterFindings(items, { status: 'resolved', severity: null, owner: null }))).toEqual([
      'resolved-new',
      'resolved-old',
    ]);
    expect(ids(filterFindings(items, { status: 'open', severity: 'high', owner: null }))).toEqual([
      'due-soon-high',
    ]);
    expect(ids(filterFindings(items, { status: 'open', severity: null, owner: 'ann@x.example' }))).toEqual([
      'due-late',
    ]);
    expect(ids(filterFindings(items, { status: 'open', severity: null, owner: '__none' }))).toEqual([
      'due-soon-low',
      'no-due',
    ]);
  });
  it('says how pressing the due date is', () => {
    const today = '2026-11-29';
    expect(dueText({ dueOn: '2026-11-26', resolvedOn: null }, today)).toEqual({
      text: 'overdue by 3 days',
      urgency: 'overdue',
    });
    expect(dueText({ dueOn: today, resolvedOn: null }, today)).toEqual({
      text: 'due today',
      urgency: 'soon',
    });
    expect(dueText({ dueOn: '2026-11-30', resolvedOn: null }, today)).toEqual({
      text: 'due in 1 day',
      urgency: 'soon',
    });
    expect(dueText({ dueOn: '2027-01-10', resolvedOn: null }, today).urgency).toBe('later');
    expect(dueText({ dueOn: null, resolvedOn: null }, today).text).toBe('no due date');
    expect(dueText({ dueOn: '2026-11-01', resolvedOn: '2026-11-02' }, today).text).toBe(
      'resolved on 2026-11-02',
    );
  });
  it('offers "resolve" to leads, and to a contributor only on the findings they own', () => {
    // The grant the session sends for each role (capabilitiesOf reads the server's policy table).
    const resolve = (role: Role) => capabilitiesOf(role).finding.resolve;
    const mine = f('m', { ownerId: 'me' });
    const theirs = f('t', { ownerId: 'someone' });
    expect(mayResolve(resolve('admin'), null, theirs)).toBe(true);
    expect(mayResolve(resolve('compliance-lead'), null, theirs)).toBe(true);
    expect(mayResolve(resolve('contributor'), 'me', mine)).toBe(true);
    expect(mayResolve(resolve('contributor'), 'me', theirs)).toBe(false);
    expect(mayResolve(resolve('contributor'), null, f('u'))).toBe(false);
    expect(mayResolve(resolve('viewer'), 'me', mine)).toBe(false);
    expect(mayResolve(resolve('admin'), null, f('r', { resolvedOn: '2026-11-02' }))).toBe(false);
  });
});

describe('source filter and bulk triage words', () => {
  it('narrows to findings raised by hand, by NHI rules or by anything else', () => {
    const mixed = [
      f('by-hand'),
      f('rule', { source: 'rule:unused-credential', sourceKind: 'nhi-rule' }),
      f('auditor', { source: 'auditor', sourceKind: 'other' }),
    ];
    const by = (source: Finding['sourceKind']) =>
      ids(filterFindings(mixed, { status: 'all', severity: null, owner: null, source }));
    expect(by('manual')).toEqual(['by-hand']);
    expect(by('nhi-rule')).toEqual(['rule']);
    expect(by('other')).toEqual(['auditor']);
  });
  it('says what a triage will do before it is applied', () => {
    expect(triageSummary({}, 3)).toBe('Pick what to change.');
    expect(triageSummary({ severity: 'high' }, 1)).toBe('Set severity to high on 1 finding.');
    expect(
      triageSummary({ ownerEmail: 'ann@x.example', severity: 'low', dueOn: '2026-12-31' }, 3, 'Ann'),
    ).toBe('Assign Ann, set severity to low and set the due date to 2026-12-31 on 3 findings.');
    expect(triageSummary({ ownerEmail: null, dueOn: null }, 2)).toBe(
      'Remove the owner and clear the due date on 2 findings.',
    );
  });
});
