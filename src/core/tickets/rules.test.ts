import { describe, expect, it } from 'vitest';
import {
  incidentKeysIn,
  projectOfKey,
  projectSettings,
  pullLinksIn,
  requirementsOfType,
  samePerson,
  ticketApproval,
  ticketApprovalUnder,
} from './rules.js';
import { DEFAULT_TICKET_SETTINGS, type TicketTransition } from './types.js';

const ana = { id: 'acc-ana', name: 'Ana Reyes' };
const bo = { id: 'acc-bo', name: 'Bo Ito' };
const move = (
  to: string,
  by: typeof ana | null,
  at: string,
  from: string | null = null,
): TicketTransition => ({
  from,
  to,
  by,
  at,
});

describe('ticketApproval', () => {
  const states = ['Approved'];
  it('is the first move into an approved state by someone other than the reporter', () => {
    const a = ticketApproval(
      {
        reporter: ana,
        transitions: [
          move('In Progress', ana, '2026-10-01T10:00:00.000Z'),
          move('Approved', bo, '2026-10-02T10:00:00.000Z'),
          move('Approved', { id: 'acc-cy', name: 'Cy' }, '2026-10-03T10:00:00.000Z'),
        ],
      },
      states,
    );
    expect(a).toEqual({ status: 'approved', by: bo, at: '2026-10-02T10:00:00.000Z', state: 'Approved' });
  });
  it('a move by the reporter alone is self-approved; an independent one later still approves', () => {
    const self = ticketApproval(
      { reporter: ana, transitions: [move('approved', ana, '2026-10-01T00:00:00Z')] },
      states,
    );
    expect(self.status).toBe('self-approved');
    expect(self.by).toEqual(ana);
    const later = ticketApproval(
      {
        reporter: ana,
        transitions: [
          move('Approved', ana, '2026-10-01T00:00:00Z'),
          move('Approved', bo, '2026-10-05T00:00:00Z'),
        ],
      },
      states,
    );
    expect(later).toMatchObject({ status: 'approved', by: bo });
  });
  it('no move into an approved state, or only by automation, is unapproved', () => {
    expect(
      ticketApproval({ reporter: ana, transitions: [move('Done', bo, '2026-10-01T00:00:00Z')] }, states),
    ).toEqual({
      status: 'unapproved',
      by: null,
      at: null,
      state: null,
    });
    expect(
      ticketApproval({ reporter: ana, transitions: [move('Approved', null, '2026-10-01T00:00:00Z')] }, states)
        .status,
    ).toBe('unapproved');
  });
  it('without a reporter, any named approver is independent', () => {
    expect(
      ticketApproval({ reporter: null, transitions: [move('Approved', bo, '2026-10-01T00:00:00Z')] }, states)
        .status,
    ).toBe('approved');
  });
  it('compares people by id, case-insensitively', () => {
    expect(samePerson({ id: 'ANA@x.io', name: 'a' }, { id: 'ana@x.io', name: 'b' })).toBe(true);
    expect(samePerson(null, ana)).toBe(false);
  });
});

describe('ticketApprovalUnder', () => {
  it('types nobody approves are not-required; others follow the approved states', () => {
    const ticket = { reporter: ana, transitions: [move('Approved', bo, '2026-10-01T00:00:00Z')] };
    const s = projectSettings();
    expect(ticketApprovalUnder({ ...ticket, type: 'incident' }, s).status).toBe('not-required');
    expect(ticketApprovalUnder({ ...ticket, type: 'Story' }, s).status).toBe('approved');
    expect(
      ticketApprovalUnder({ ...ticket, type: 'Story' }, projectSettings({ approvedStates: ['Done'] })).status,
    ).toBe('unapproved');
  });
});

describe('pullLinksIn', () => {
  it('reads GitHub pull request URLs and owner/repo#n references, distinct and sorted', () => {
    expect(
      pullLinksIn([
        'Fixed in https://github.com/example-org/payments-api/pull/412 and example-org/web#7.',
        'see example-org/payments-api#412 (same)',
        'https://github.com/Other/repo.js/pull/0031#discussion_r1',
      ]),
    ).toEqual(['Other/repo.js#31', 'example-org/payments-api#412', 'example-org/web#7']);
  });
  it('ignores issue URLs, paths with anchors and bare #n', () => {
    expect(
      pullLinksIn(['https://github.com/o/r/issues/4', 'docs/a/b#3', 'fixes #12', 'https://x.io/o/r#5']),
    ).toEqual([]);
  });
});

describe('incidentKeysIn', () => {
  it('reads keys of the incident prefixes, without the ticket itself', () => {
    expect(incidentKeysIn(['after INC-42 and inc-7; not INCX-1 nor PAY-3', 'INC-42'], ['INC'])).toEqual([
      'INC-42',
      'INC-7',
    ]);
    expect(incidentKeysIn(['INC-42 INC-43'], ['INC'], 'INC-43')).toEqual(['INC-42']);
    expect(incidentKeysIn(['INC-42'], [])).toEqual([]);
  });
});

describe('requirementsOfType and projectSettings', () => {
  it('maps issue types case-insensitively, `*` for the rest', () => {
    const s = projectSettings({ requirements: { Bug: ['CM-04-E2'], '*': ['CM-10-E1'] } });
    expect(requirementsOfType(s, 'bug')).toEqual(['CM-04-E2']);
    expect(requirementsOfType(s, 'Epic')).toEqual(['CM-10-E1']);
    expect(requirementsOfType(projectSettings(), 'Epic')).toEqual([]);
  });
  it('the defaults map changes, incidents and access requests', () => {
    const d = projectSettings();
    expect(requirementsOfType(d, 'Story')).toEqual(['CM-04-E2']);
    expect(requirementsOfType(d, 'Incident')).toEqual(['IR-02-E2']);
    expect(requirementsOfType(d, 'access request')).toEqual(['AC-04-E2']);
    expect(d.approvedStates).toEqual(DEFAULT_TICKET_SETTINGS.approvedStates);
  });
  it('later layers win, field by field', () => {
    const s = projectSettings({ approvedStates: ['OK'] }, undefined, { incidentPrefixes: ['SEV'] });
    expect(s.approvedStates).toEqual(['OK']);
    expect(s.incidentPrefixes).toEqual(['SEV']);
  });
  it('projectOfKey', () => {
    expect(projectOfKey('PAY-123')).toBe('PAY');
    expect(projectOfKey('MY-TEAM-9')).toBe('MY-TEAM');
    expect(projectOfKey('odd')).toBe('odd');
  });
});
