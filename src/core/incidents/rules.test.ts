import { describe, expect, it } from 'vitest';
import {
  dayOf,
  type FollowUpFacts,
  type IncidentFacts,
  incidentFindings,
  incidentProblems,
  nextIrTestDueOn,
  planIncidentFindingSync,
  rootCauseDueOn,
  timestampProblem,
} from './rules.js';

const AT = '2026-12-07';

const incident = (over: Partial<IncidentFacts> = {}): IncidentFacts => ({
  id: 'i1',
  label: 'INC-7',
  title: 'Checkout errors',
  severity: 'high',
  detectedAt: '2026-11-10T09:00Z',
  rootCause: null,
  ownerId: 'p1',
  ownerEmail: 'ana@example.com',
  ...over,
});

const followUp = (over: Partial<FollowUpFacts> = {}): FollowUpFacts => ({
  id: 'f1',
  of: 'incident',
  parent: 'INC-7',
  action: 'Add a canary',
  ownerId: 'p2',
  ownerEmail: 'bo@example.com',
  dueOn: '2026-12-01',
  doneOn: null,
  ...over,
});

const recentTest = [{ id: 't1', heldOn: '2026-03-01' }];

describe('timestamps', () => {
  it('accepts dates and zoned ISO times, refuses the rest with the reason', () => {
    expect(timestampProblem('2026-11-02')).toBeNull();
    expect(timestampProblem('2026-11-02T14:05Z')).toBeNull();
    expect(timestampProblem('2026-11-02T14:05:09.120+02:00')).toBeNull();
    expect(timestampProblem('2026-11-02T14:05')).toMatch(/with its zone/);
    expect(timestampProblem('2026-02-30')).toMatch(/not a date/);
    expect(timestampProblem('yesterday')).toMatch(/not a date/);
    expect(dayOf('2026-11-02T23:30Z')).toBe('2026-11-02');
  });
});

describe('incidentProblems', () => {
  it('is empty for a consistent record', () => {
    expect(
      incidentProblems({
        status: 'closed',
        detectedAt: '2026-11-02T10:00Z',
        containedAt: '2026-11-02T11:00Z',
        resolvedAt: '2026-11-02',
      }),
    ).toEqual([
      { field: 'resolvedAt', message: 'resolved (2026-11-02) before detected (2026-11-02T10:00Z)' },
      { field: 'resolvedAt', message: 'resolved (2026-11-02) before contained (2026-11-02T11:00Z)' },
    ]);
    expect(
      incidentProblems({
        status: 'resolved',
        detectedAt: '2026-11-02T10:00Z',
        containedAt: '2026-11-02T11:00Z',
        resolvedAt: '2026-11-03',
      }),
    ).toEqual([]);
  });

  it('names times out of order and a status its times do not support', () => {
    expect(
      incidentProblems({
        status: 'contained',
        detectedAt: '2026-11-02',
        containedAt: null,
        resolvedAt: null,
      }),
    ).toEqual([
      { field: 'status', message: 'a contained incident says when it was contained (containedAt)' },
    ]);
    expect(
      incidentProblems({
        status: 'closed',
        detectedAt: '2026-11-02',
        containedAt: '2026-11-01',
        resolvedAt: null,
      })
        .map((p) => p.field)
        .sort(),
    ).toEqual(['containedAt', 'status']);
    expect(
      incidentProblems({
        status: 'open',
        detectedAt: '2026-11-02',
        containedAt: null,
        resolvedAt: '2026-11-04',
      }),
    ).toEqual([
      { field: 'status', message: 'an incident with a resolution time is not open: say resolved or closed' },
    ]);
  });
});

describe('incidentFindings', () => {
  it('raises nothing for an organization in order', () => {
    expect(
      incidentFindings({
        at: AT,
        incidents: [incident({ rootCause: 'A config push skipped the canary' })],
        followUps: [followUp({ doneOn: '2026-11-30' })],
        irTests: recentTest,
      }),
    ).toEqual([]);
  });

  it('raises an overdue follow-up on IR-02 naming the record, owner and due date, and stops once done', () => {
    const [f] = incidentFindings({ at: AT, incidents: [], followUps: [followUp()], irTests: recentTest });
    expect(f).toEqual({
      rule: 'follow-up-overdue',
      key: 'follow-up:f1',
      title: 'Follow-up "Add a canary" of INC-7 (owner bo@example.com) overdue since 2026-12-01',
      description:
        'The follow-up action "Add a canary" of incident INC-7 was due on 2026-12-01 and is not done (owner bo@example.com).',
      severity: 'high',
      ownerId: 'p2',
      controlCodes: ['IR-02'],
    });
    // Due today is not overdue yet; done (on or before T) is not overdue.
    expect(
      incidentFindings({ at: '2026-12-01', incidents: [], followUps: [followUp()], irTests: recentTest }),
    ).toEqual([]);
    expect(
      incidentFindings({ at: AT, incidents: [], followUps: [followUp({ doneOn: AT })], irTests: recentTest }),
    ).toEqual([]);
    // Done after T: still overdue at T (readiness at a past date).
    expect(
      incidentFindings({
        at: AT,
        incidents: [],
        followUps: [followUp({ doneOn: '2026-12-09' })],
        irTests: recentTest,
      }),
    ).toHaveLength(1);
  });

  it('puts an IR test follow-up on IR-03', () => {
    const [f] = incidentFindings({
      at: AT,
      incidents: [],
      followUps: [
        followUp({ of: 'ir-test', parent: 'tabletop of 2026-03-01', ownerEmail: null, ownerId: null }),
      ],
      irTests: recentTest,
    });
    expect(f?.controlCodes).toEqual(['IR-03']);
    expect(f?.title).toBe(
      'Follow-up "Add a canary" of tabletop of 2026-03-01 (no owner) overdue since 2026-12-01',
    );
  });

  it('raises a missing root cause of a high or critical incident after 14 days, not before, not for medium', () => {
    expect(rootCauseDueOn('2026-11-10T09:00Z')).toBe('2026-11-24');
    const [f] = incidentFindings({ at: AT, incidents: [incident()], followUps: [], irTests: recentTest });
    expect(f).toMatchObject({
      rule: 'root-cause-missing',
      key: 'incident:i1',
      title: 'Root cause of high incident INC-7 (owner ana@example.com) missing, due 2026-11-24',
      ownerId: 'p1',
      controlCodes: ['IR-02'],
    });
    expect(
      incidentFindings({ at: '2026-11-24', incidents: [incident()], followUps: [], irTests: recentTest }),
    ).toEqual([]);
    expect(
      incidentFindings({
        at: AT,
        incidents: [incident({ severity: 'medium' })],
        followUps: [],
        irTests: recentTest,
      }),
    ).toEqual([]);
    expect(
      incidentFindings({
        at: AT,
        incidents: [incident({ severity: 'critical', rootCause: '   ' })],
        followUps: [],
        irTests: recentTest,
      }).map((x) => x.rule),
    ).toEqual(['root-cause-missing']);
    expect(
      incidentFindings({
        at: AT,
        incidents: [incident({ rootCause: 'Expired certificate' })],
        followUps: [],
        irTests: recentTest,
      }),
    ).toEqual([]);
  });

  it('raises a missing IR test when none is recorded or the last is over 12 months old, on IR-03', () => {
    expect(nextIrTestDueOn('2025-12-07')).toBe('2026-12-07');
    expect(incidentFindings({ at: AT, incidents: [], followUps: [], irTests: [] })).toEqual([
      {
        rule: 'ir-test-missing',
        key: 'ir-test',
        title: 'No incident-response test (tabletop or live) recorded',
        description:
          'An incident-response test (a tabletop or a live exercise) is held at least every 12 months; none is recorded.',
        severity: 'high',
        ownerId: null,
        controlCodes: ['IR-03'],
      },
    ]);
    expect(
      incidentFindings({
        at: AT,
        incidents: [],
        followUps: [],
        irTests: [
          { id: 'a', heldOn: '2025-12-06' },
          { id: 'b', heldOn: '2024-05-01' },
        ],
      })[0]?.title,
    ).toBe('No incident-response test since 2025-12-06: the next was due 2026-12-06');
    expect(
      incidentFindings({
        at: AT,
        incidents: [],
        followUps: [],
        irTests: [{ id: 'a', heldOn: '2025-12-07' }],
      }),
    ).toEqual([]);
    // A test held after T does not count at T.
    expect(
      incidentFindings({
        at: AT,
        incidents: [],
        followUps: [],
        irTests: [{ id: 'a', heldOn: '2026-12-20' }],
      }),
    ).toHaveLength(1);
  });

  it('lists findings in a stable order', () => {
    const out = incidentFindings({
      at: AT,
      incidents: [incident({ id: 'i2' }), incident()],
      followUps: [followUp({ id: 'f2' }), followUp()],
      irTests: [],
    });
    expect(out.map((f) => f.key)).toEqual([
      'follow-up:f1',
      'follow-up:f2',
      'ir-test',
      'incident:i1',
      'incident:i2',
    ]);
  });
});

describe('planIncidentFindingSync', () => {
  it('opens what is wanted and not open, resolves what is open and no longer wanted', () => {
    const wanted = incidentFindings({
      at: AT,
      incidents: [incident()],
      followUps: [followUp()],
      irTests: [],
    });
    const plan = planIncidentFindingSync(
      wanted,
      [
        { findingId: 'x1', rule: 'follow-up-overdue', key: 'follow-up:f1' },
        { findingId: 'x2', rule: 'follow-up-overdue', key: 'follow-up:gone' },
      ],
      AT,
    );
    expect(plan.open.map((o) => [o.finding.key, o.dueOn])).toEqual([
      ['ir-test', '2027-01-06'],
      ['incident:i1', '2027-01-06'],
    ]);
    expect(plan.resolve).toEqual(['x2']);
    expect(planIncidentFindingSync([], [], AT)).toEqual({ open: [], resolve: [] });
  });
});
