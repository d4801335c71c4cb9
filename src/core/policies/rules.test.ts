import { describe, expect, it } from 'vitest';
import { planFindingSync } from '../access-reviews/rules.js';
import {
  acknowledgementDueOn,
  acknowledgementsOf,
  type PersonFacts,
  type PolicyFacts,
  policiesMilestoneDoneOn,
  policyFindings,
  reviewDueOn,
  teamShares,
} from './rules.js';

const policy = (current: PolicyFacts['current'], id = 'pol1'): PolicyFacts => ({
  id,
  key: 'acceptable-use',
  title: 'Acceptable use',
  ownerId: 'owner',
  reviewCadence: 'annual',
  current,
});
const v1 = { id: 'v1', version: 1, approvedOn: '2026-01-10' };
const v2 = { id: 'v2', version: 2, approvedOn: '2026-11-01' };
const person = (id: string, team: string | null, extra: Partial<PersonFacts> = {}): PersonFacts => ({
  id,
  email: `${id}@example.com`,
  name: id.toUpperCase(),
  team,
  status: 'active',
  joinedOn: '2025-06-01',
  ...extra,
});
const people = [
  person('ada', 'engineering'),
  person('bob', 'engineering'),
  person('cyd', 'sales'),
  person('dee', null),
  person('eve', 'sales', { status: 'departed' }),
];

describe('dates', () => {
  it('a review falls due one cadence after approval; nothing is due without an approved version', () => {
    expect(reviewDueOn(policy(v1))).toBe('2027-01-10');
    expect(reviewDueOn({ ...policy(v1), reviewCadence: 'semiannual' })).toBe('2026-07-10');
    expect(reviewDueOn(policy(null))).toBeNull();
  });
  it('an acknowledgement is due N days after joining or approval, whichever is later', () => {
    expect(acknowledgementDueOn('2025-06-01', '2026-11-01', 30)).toBe('2026-12-01');
    expect(acknowledgementDueOn('2026-11-20', '2026-11-01', 30)).toBe('2026-12-20');
    expect(acknowledgementDueOn('2026-11-20', '2026-11-01', 10)).toBe('2026-11-30');
  });
});

describe('who is asked', () => {
  it('asks every active person and never a departed one', () => {
    const rows = acknowledgementsOf(policy(v1), people, [], '2026-12-07');
    expect(rows.map((r) => r.personId)).toEqual(['ada', 'bob', 'cyd', 'dee']);
  });
  it('asks nobody while no version is approved', () => {
    expect(acknowledgementsOf(policy(null), people, [], '2026-12-07')).toEqual([]);
  });
  it('counts only acknowledgements of the version in force: a new version asks again', () => {
    const acks = [
      { versionId: 'v1', personId: 'ada', acknowledgedOn: '2026-01-20' },
      { versionId: 'v2', personId: 'bob', acknowledgedOn: '2026-11-03' },
    ];
    const onV1 = acknowledgementsOf(policy(v1), people, acks, '2026-06-01');
    expect(onV1.find((r) => r.personId === 'ada')?.acknowledgedOn).toBe('2026-01-20');
    const onV2 = acknowledgementsOf(policy(v2), people, acks, '2026-11-15');
    expect(onV2.find((r) => r.personId === 'ada')?.acknowledgedOn).toBeNull();
    expect(onV2.find((r) => r.personId === 'bob')?.acknowledgedOn).toBe('2026-11-03');
  });
  it('is overdue only past the due date and unacknowledged', () => {
    const due = acknowledgementsOf(policy(v2), people, [], '2026-12-01');
    expect(due.every((r) => !r.overdue)).toBe(true);
    const late = acknowledgementsOf(policy(v2), people, [], '2026-12-02');
    expect(late.every((r) => r.overdue)).toBe(true);
    const joinedLate = acknowledgementsOf(
      policy(v2),
      [person('new', 'sales', { joinedOn: '2026-11-20' })],
      [],
      '2026-12-10',
    );
    expect(joinedLate[0]).toMatchObject({ dueOn: '2026-12-20', overdue: false });
  });
  it('keeps the earliest acknowledgement when one person acknowledged twice', () => {
    const acks = [
      { versionId: 'v1', personId: 'ada', acknowledgedOn: '2026-02-01' },
      { versionId: 'v1', personId: 'ada', acknowledgedOn: '2026-01-15' },
    ];
    expect(acknowledgementsOf(policy(v1), people, acks, '2026-03-01')[0]?.acknowledgedOn).toBe('2026-01-15');
  });
});

describe('share per team', () => {
  it('counts asked and acknowledged people per team, the people with no team last', () => {
    const acks = [
      { versionId: 'v1', personId: 'ada', acknowledgedOn: '2026-01-20' },
      { versionId: 'v1', personId: 'cyd', acknowledgedOn: '2026-01-21' },
      { versionId: 'v1', personId: 'eve', acknowledgedOn: '2026-01-21' },
    ];
    expect(teamShares(acknowledgementsOf(policy(v1), people, acks, '2026-03-01'))).toEqual([
      { team: 'engineering', asked: 2, acknowledged: 1, share: 0.5 },
      { team: 'sales', asked: 1, acknowledged: 1, share: 1 },
      { team: null, asked: 1, acknowledged: 0, share: 0 },
    ]);
  });
  it('is empty when nobody is asked', () => {
    expect(teamShares([])).toEqual([]);
  });
});

describe('rule findings', () => {
  it('a policy never approved raises one finding on GOV-07, owned by its owner', () => {
    const found = policyFindings({
      at: '2026-12-07',
      policies: [policy(null)],
      people,
      acknowledgements: [],
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      rule: 'not-approved',
      key: 'policy:pol1',
      ownerId: 'owner',
      controlCodes: ['GOV-07'],
    });
  });
  it('a review past due raises a finding; a newer approved version stops it', () => {
    const late = policyFindings({ at: '2027-01-11', policies: [policy(v1)], people, acknowledgements: [] });
    expect(late.filter((f) => f.rule === 'review-overdue').map((f) => f.key)).toEqual(['policy:pol1/v1']);
    const onTime = policyFindings({ at: '2027-01-10', policies: [policy(v1)], people, acknowledgements: [] });
    expect(onTime.some((f) => f.rule === 'review-overdue')).toBe(false);
    const renewed = policyFindings({
      at: '2027-01-11',
      policies: [policy(v2)],
      people,
      acknowledgements: [],
    });
    expect(renewed.some((f) => f.rule === 'review-overdue')).toBe(false);
  });
  it('names each active person overdue, never a departed one, and honours N days', () => {
    const acks = [{ versionId: 'v2', personId: 'ada', acknowledgedOn: '2026-11-05' }];
    const found = policyFindings({
      at: '2026-12-07',
      policies: [policy(v2)],
      people,
      acknowledgements: acks,
    });
    const ackFindings = found.filter((f) => f.rule === 'acknowledgement-overdue');
    expect(ackFindings.map((f) => f.ownerId)).toEqual(['bob', 'cyd', 'dee']);
    expect(ackFindings[0]).toMatchObject({ key: 'ack:v2/bob', controlCodes: ['GOV-08'] });
    expect(ackFindings[0]?.title).toContain('bob@example.com');
    expect(
      policyFindings({ at: '2026-12-07', policies: [policy(v2)], people, acknowledgements: acks, days: 60 }),
    ).toEqual([]);
  });
  it('sync: opens the new version’s findings and resolves the old version’s', () => {
    const before = policyFindings({ at: '2026-12-02', policies: [policy(v2)], people, acknowledgements: [] });
    const open = before.map((f, i) => ({ findingId: `f${i}`, rule: f.rule, key: f.key }));
    const after = policyFindings({
      at: '2026-12-02',
      policies: [policy({ id: 'v3', version: 3, approvedOn: '2026-12-01' })],
      people,
      acknowledgements: [],
    });
    expect(after).toEqual([]);
    const plan = planFindingSync(after, open, '2026-12-02');
    expect(plan.open).toEqual([]);
    expect(plan.resolve).toEqual(['f0', 'f1', 'f2', 'f3']);
  });
});

describe('the policies milestone', () => {
  const everyone = ['ada', 'bob', 'cyd', 'dee'];
  const ackAll = (versionId: string, on: string) =>
    everyone.map((personId) => ({ versionId, personId, acknowledgedOn: on }));
  it('is done on the last approval or acknowledgement once every policy is approved and acknowledged', () => {
    const acks = [
      ...ackAll('v1', '2026-01-20'),
      { versionId: 'v1', personId: 'dee', acknowledgedOn: '2026-01-05' },
    ];
    expect(policiesMilestoneDoneOn([policy(v1)], people, acks, '2026-03-01')).toBe('2026-01-20');
    expect(
      policiesMilestoneDoneOn(
        [policy(v1), policy({ id: 'w1', version: 1, approvedOn: '2026-02-01' }, 'pol2')],
        people,
        [...acks, ...ackAll('w1', '2026-01-25')],
        '2026-03-01',
      ),
    ).toBe('2026-02-01');
  });
  it('is not done with no policy, an unapproved policy, or one person missing', () => {
    expect(policiesMilestoneDoneOn([], people, [], '2026-03-01')).toBeNull();
    expect(policiesMilestoneDoneOn([policy(null)], people, [], '2026-03-01')).toBeNull();
    const missing = ackAll('v1', '2026-01-20').filter((a) => a.personId !== 'cyd');
    expect(policiesMilestoneDoneOn([policy(v1)], people, missing, '2026-03-01')).toBeNull();
  });
  it('ignores departed people and is undone by a new version until it is acknowledged', () => {
    expect(policiesMilestoneDoneOn([policy(v1)], people, ackAll('v1', '2026-01-20'), '2026-03-01')).toBe(
      '2026-01-20',
    );
    expect(
      policiesMilestoneDoneOn([policy(v2)], people, ackAll('v1', '2026-01-20'), '2026-12-01'),
    ).toBeNull();
  });
});
