import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganization } from '../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import { addDays } from '../../core/dates.js';
import { policiesMilestoneDoneOn } from '../../core/policies/rules.js';
import { todayIso } from '../../platform/clock.js';
import { ImportError } from '../../platform/errors.js';
import { write } from '../../platform/ledger/ledger.js';
import { createEngagement } from '../engagements/engagement.service.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { getFindings } from '../findings/finding.service.js';
import { findPersonByEmail, listPeople } from '../people/person.repository.js';
import { applyRoster } from '../people/person.service.js';
import { getPlan } from '../plan/plan.service.js';
import { listAcknowledgementRows, listPolicyRows, listVersionRows } from './policy.repository.js';
import { getPolicy, listPolicies, policiesMilestoneDone, refreshPolicies } from './policy.service.js';
import { acknowledgePolicy, importAcknowledgements } from './policy-acknowledgement.service.js';
import { addPolicyVersion, approvePolicy, createPolicy } from './policy-version.service.js';

const TODAY = todayIso();
const WRITTEN = addDays(TODAY, -100);
const APPROVED = addDays(TODAY, -90);
/** The day the roster joined: long before the policy. */
const JOINED = addDays(TODAY, -200);

const roster = [
  { email: 'ada@example.com', name: 'Ada', team: 'Engineering', status: 'active' as const },
  { email: 'bob@example.com', name: 'Bob', team: 'Engineering', status: 'active' as const },
  { email: 'cyd@example.com', name: 'Cyd', team: 'Sales', status: 'active' as const },
  { email: 'dee@example.com', name: 'Dee', team: 'Sales', status: 'active' as const },
  { email: 'eli@example.com', name: 'Eli', team: null, status: 'active' as const },
  { email: 'fay@example.com', name: 'Fay', team: 'Sales', status: 'departed' as const },
];

const TEXT = '# Acceptable use\n\nUse company systems for company work.\n\n<script>alert(1)</script>\n';

function csv(rows: string[]): Readable {
  return Readable.from([`email,policy,version,acknowledged_at\n${rows.join('\n')}\n`]);
}

async function setUp(store: TestStore): Promise<{ orgId: string; stores: EvidenceStores }> {
  const { orgId, stores } = await setUpOrganization(store, { roster: false });
  await write(store.database, { actor: TEST_ACTOR, orgId }, (w) =>
    applyRoster(
      w,
      orgId,
      roster.map((p) => ({
        ...p,
        managerEmail: null,
        departedOn: p.status === 'departed' ? addDays(TODAY, -10) : null,
      })),
    ),
  );
  // The roster joined long ago: a person's 30 days run from the version's approval.
  await store.database.db
    .updateTable('people')
    .set({ created_at: `${JOINED}T09:00:00.000Z` })
    .where('org_id', '=', orgId)
    .execute();
  return { orgId, stores };
}

describe('a policy from draft to acknowledged, and its new version', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUp(store));
  });
  afterAll(() => store.cleanup());

  const policyFindings = async (rule: string) =>
    (await getFindings(store.database, orgId)).filter(
      (f) => f.source === `policy-rule:${rule}` && f.resolvedOn === null,
    );

  it('a draft policy raises "not approved" on GOV-07, owned by its owner', async () => {
    const created = await createPolicy(
      stores,
      TEST_ACTOR,
      orgId,
      {
        key: 'acceptable-use',
        title: 'Acceptable use',
        owner: 'ada@example.com',
        approver: 'bob@example.com',
        controls: ['GOV-08', 'HR-02'],
        text: TEXT,
        summary: 'First version',
      },
      { at: WRITTEN },
    );
    expect(created).toMatchObject({
      key: 'acceptable-use',
      latestVersion: 1,
      current: null,
      reviewCadence: 'annual',
    });
    expect(created.controls.map((c) => c.code)).toEqual(['GOV-08', 'HR-02']);
    expect(created.versions[0]!.text).toBe(TEXT);
    expect(created.versions[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const [finding] = await policyFindings('not-approved');
    expect(finding?.controls.map((c) => c.code)).toEqual(['GOV-07']);
    expect(finding?.ownerEmail).toBe('ada@example.com');
  });

  it('approval puts the version in force, records its text as evidence and resolves the finding', async () => {
    const approved = await approvePolicy(
      stores,
      TEST_ACTOR,
      orgId,
      'acceptable-use',
      { approvedOn: APPROVED },
      { at: WRITTEN },
    );
    expect(approved.current).toMatchObject({
      version: 1,
      approvedOn: APPROVED,
      approvedBy: 'bob@example.com',
    });
    expect(await policyFindings('not-approved')).toEqual([]);
    const evidence = await store.database.db
      .selectFrom('evidence as e')
      .innerJoin('evidence_requirements as r', 'r.id', 'e.requirement_id')
      .select(['r.code', 'e.sha256', 'e.effective_start'])
      .where('e.org_id', '=', orgId)
      .execute();
    expect(evidence).toContainEqual({
      code: 'GOV-07-E2',
      sha256: approved.versions[0]!.sha256,
      effective_start: APPROVED,
    });
    await expect(
      approvePolicy(stores, TEST_ACTOR, orgId, 'acceptable-use', {}, { at: WRITTEN }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('imports acknowledgements all or nothing, naming line, column and reason', async () => {
    const bad = importAcknowledgements(stores, TEST_ACTOR, orgId, {
      file: 'lms.csv',
      input: csv([`ada@example.com,acceptable-use,1,${TODAY}`, `zed@example.com,acceptable-use,1,${TODAY}`]),
    });
    await expect(bad).rejects.toBeInstanceOf(ImportError);
    await expect(
      importAcknowledgements(stores, TEST_ACTOR, orgId, {
        file: 'lms.csv',
        input: csv([
          `ada@example.com,acceptable-use,1,${TODAY}`,
          `zed@example.com,acceptable-use,1,${TODAY}`,
        ]),
      }),
    ).rejects.toMatchObject({ details: { file: 'lms.csv', line: 3, column: '1 (email)' } });
    for (const [row, column, reason] of [
      [`ada@example.com,acceptable-use,2,${TODAY}`, '3 (version)', /no version 2/],
      [`ada@example.com,no-such,1,${TODAY}`, '2 (policy)', /no policy/],
      [
        `ada@example.com,acceptable-use,1,${addDays(APPROVED, -1)}`,
        '4 (acknowledged_at)',
        /before version 1/,
      ],
      ['ada@example.com,acceptable-use,1,yesterday', '4 (acknowledged_at)', /not an ISO-8601/],
      [`ada@example.com,acceptable-use,1,${addDays(TODAY, 1)}`, '4 (acknowledged_at)', /in the future/],
    ] as const) {
      const error = await importAcknowledgements(stores, TEST_ACTOR, orgId, {
        file: 'x.csv',
        input: csv([row]),
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ details: { line: 2, column } });
      expect((error as ImportError).reason).toMatch(reason);
    }
    expect((await getPolicy(stores, orgId, 'acceptable-use')).acknowledged).toBe(0);

    const file = [
      `ada@example.com,acceptable-use,1,${TODAY}T09:30:00Z`,
      `CYD@example.com,acceptable-use,v1,${TODAY}`,
    ];
    expect(
      await importAcknowledgements(stores, TEST_ACTOR, orgId, { file: 'lms.csv', input: csv(file) }),
    ).toEqual({
      status: 'imported',
      rows: 2,
      added: 2,
      alreadyStored: 0,
    });
    expect(
      await importAcknowledgements(stores, TEST_ACTOR, orgId, { file: 'lms.csv', input: csv(file) }),
    ).toEqual({
      status: 'unchanged',
      rows: 2,
      added: 0,
      alreadyStored: 2,
    });
    const rows = await store.database.db
      .selectFrom('policy_acknowledgements')
      .select('id')
      .where('org_id', '=', orgId)
      .execute();
    expect(rows).toHaveLength(2);
    const export_ = await store.database.db
      .selectFrom('evidence as e')
      .innerJoin('evidence_requirements as r', 'r.id', 'e.requirement_id')
      .select('r.code')
      .where('e.org_id', '=', orgId)
      .where('r.code', '=', 'GOV-08-E1')
      .execute();
    expect(export_).toHaveLength(1);
  });

  it('a member acknowledges in the app as their person, once', async () => {
    const bob = (await findPersonByEmail(store.database.db, orgId, 'bob@example.com'))!;
    const first = await acknowledgePolicy(store.database, TEST_ACTOR, orgId, {
      policy: 'acceptable-use',
      caller: { personId: bob.id, mayRecordForOthers: false },
    });
    expect(first).toMatchObject({
      status: 'acknowledged',
      version: 1,
      email: 'bob@example.com',
      acknowledgedOn: TODAY,
    });
    const again = await acknowledgePolicy(store.database, TEST_ACTOR, orgId, {
      policy: 'acceptable-use',
      caller: { personId: bob.id, mayRecordForOthers: false },
    });
    expect(again.status).toBe('unchanged');
    const fay = (await findPersonByEmail(store.database.db, orgId, 'fay@example.com'))!;
    await expect(
      acknowledgePolicy(store.database, TEST_ACTOR, orgId, {
        policy: 'acceptable-use',
        caller: { personId: fay.id, mayRecordForOthers: false },
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      acknowledgePolicy(store.database, TEST_ACTOR, orgId, {
        policy: 'acceptable-use',
        caller: { personId: null, mayRecordForOthers: false },
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    // A contributor names only themselves; a lead records a named person's paper acknowledgement.
    await expect(
      acknowledgePolicy(store.database, TEST_ACTOR, orgId, {
        policy: 'acceptable-use',
        caller: { personId: bob.id, mayRecordForOthers: false },
        person: 'cyd@example.com',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('asks every active person, never the departed one, and counts the share per team', async () => {
    const policy = await getPolicy(stores, orgId, 'acceptable-use');
    expect(policy.people.map((p) => p.email)).toEqual([
      'ada@example.com',
      'bob@example.com',
      'cyd@example.com',
      'dee@example.com',
      'eli@example.com',
    ]);
    expect(policy.teams).toEqual([
      { team: 'Engineering', asked: 2, acknowledged: 2, share: 1 },
      { team: 'Sales', asked: 2, acknowledged: 1, share: 0.5 },
      { team: null, asked: 1, acknowledged: 0, share: 0 },
    ]);
    expect(policy).toMatchObject({ asked: 5, acknowledged: 3, overdue: 2 });
  });

  it('names each person overdue in a finding on GOV-08, never the departed one', async () => {
    // Synced by the import and the in-app acknowledgement already: nothing left to do.
    expect(await refreshPolicies(store.database, TEST_ACTOR, orgId)).toEqual({
      findingsOpened: 0,
      findingsResolved: 0,
    });
    const open = await policyFindings('acknowledgement-overdue');
    expect(open.map((f) => f.ownerEmail).sort()).toEqual(['dee@example.com', 'eli@example.com']);
    expect(open[0]!.controls.map((c) => c.code)).toEqual(['GOV-08']);
    expect(open.some((f) => f.title.includes('fay@'))).toBe(false);
  });

  it('a new version resets acknowledgements and the old version’s findings resolve', async () => {
    const v2 = await addPolicyVersion(
      stores,
      TEST_ACTOR,
      orgId,
      'acceptable-use',
      { text: `${TEXT}\nPersonal devices need disk encryption.\n`, summary: 'Personal devices' },
      {},
    );
    expect(v2).toMatchObject({ latestVersion: 2, current: { version: 1 } });
    await expect(
      addPolicyVersion(
        stores,
        TEST_ACTOR,
        orgId,
        'acceptable-use',
        { text: `${TEXT}\nPersonal devices need disk encryption.\n` },
        {},
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    const approved = await approvePolicy(stores, TEST_ACTOR, orgId, 'acceptable-use', { version: 2 }, {});
    expect(approved.current?.version).toBe(2);
    expect(approved).toMatchObject({ asked: 5, acknowledged: 0, overdue: 0 });
    expect(approved.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(await policyFindings('acknowledgement-overdue')).toEqual([]);
    const [summary] = await listPolicies(store.database, orgId, {});
    expect(summary).toMatchObject({
      key: 'acceptable-use',
      asked: 5,
      acknowledged: 0,
      reviewDueOn: addDays(TODAY, 365),
    });
  });

  it('a review past due raises a finding', async () => {
    await refreshPolicies(store.database, TEST_ACTOR, orgId, { at: addDays(TODAY, 400) });
    const [review] = await policyFindings('review-overdue');
    expect(review?.title).toContain('Acceptable use');
    expect(review?.ownerEmail).toBe('ada@example.com');
  });
});

describe('the plan’s policies milestone reads the policy records', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUp(store));
    await createEngagement(store.database, TEST_ACTOR, orgId, {
      type: 'type2',
      windowStart: addDays(TODAY, 30),
      windowEnd: addDays(TODAY, 210),
      fieldworkStart: addDays(TODAY, 220),
      reportDue: addDays(TODAY, 260),
      categories: [],
      firmName: null,
      leadId: null,
    });
  });
  afterAll(() => store.cleanup());

  /** The milestone of the plan, after checking the one aggregate query against the rule over every record. */
  const milestone = async () => {
    const db = store.database.db;
    const [policies, versions, acknowledgements, people] = await Promise.all([
      listPolicyRows(db, orgId),
      listVersionRows(db, orgId),
      listAcknowledgementRows(db, orgId),
      listPeople(db, orgId),
    ]);
    const current = (policyId: string) =>
      versions
        .filter((v) => v.policy_id === policyId && v.approved_on !== null)
        .sort((a, b) => b.version - a.version)[0];
    const reference = policiesMilestoneDoneOn(
      policies.map((p) => {
        const v = current(p.id);
        return {
          id: p.id,
          key: p.key,
          title: p.title,
          ownerId: p.owner_id,
          reviewCadence: 'annual' as const,
          current: v ? { id: v.id, version: v.version, approvedOn: v.approved_on! } : null,
        };
      }),
      people.map((p) => ({ ...p, joinedOn: p.createdAt.slice(0, 10) })),
      acknowledgements.map((a) => ({
        versionId: a.version_id,
        personId: a.person_id,
        acknowledgedOn: a.acknowledged_on,
      })),
      TODAY,
    );
    expect(await policiesMilestoneDone(store.database, orgId)).toBe(reference);
    return (await getPlan(store.database, orgId)).plan.milestones.find(
      (m) => m.code === 'policies-approved',
    )!;
  };

  it('is open with no policy, and while a policy is unapproved or unacknowledged', async () => {
    expect((await milestone()).doneOn).toBeNull();
    await createPolicy(
      stores,
      TEST_ACTOR,
      orgId,
      {
        key: 'information-security',
        title: 'Information security',
        owner: 'ada@example.com',
        approver: 'bob@example.com',
        text: '# Information security\n',
      },
      { at: addDays(TODAY, -20) },
    );
    expect((await milestone()).doneOn).toBeNull();
    await approvePolicy(stores, TEST_ACTOR, orgId, 'information-security', {
      approvedOn: addDays(TODAY, -20),
    });
    const some = roster.slice(0, 4).map((p) => `${p.email},information-security,1,${addDays(TODAY, -3)}`);
    await importAcknowledgements(stores, TEST_ACTOR, orgId, { file: 'hr.csv', input: csv(some) });
    expect((await milestone()).doneOn).toBeNull();
  });

  it('is done on the last acknowledgement once every active person acknowledged', async () => {
    await importAcknowledgements(stores, TEST_ACTOR, orgId, {
      file: 'hr.csv',
      input: csv([`eli@example.com,information-security,1,${addDays(TODAY, -1)}`]),
    });
    expect(await milestone()).toMatchObject({
      doneOn: addDays(TODAY, -1),
      doneBy: expect.stringContaining('policies'),
    });
  });

  it('opens again when a new version is approved', async () => {
    await addPolicyVersion(stores, TEST_ACTOR, orgId, 'information-security', {
      text: '# Information security\n\nv2\n',
    });
    await approvePolicy(stores, TEST_ACTOR, orgId, 'information-security', {});
    expect((await milestone()).doneOn).toBeNull();
  });

  it('waits for every policy: a second one unapproved, then approved and acknowledged by every active person', async () => {
    const active = roster.filter((p) => p.status === 'active');
    await importAcknowledgements(stores, TEST_ACTOR, orgId, {
      file: 'hr.csv',
      input: csv(active.map((p) => `${p.email},information-security,2,${TODAY}`)),
    });
    expect((await milestone()).doneOn).toBe(TODAY);
    await createPolicy(
      stores,
      TEST_ACTOR,
      orgId,
      {
        key: 'acceptable-use',
        title: 'Acceptable use',
        owner: 'ada@example.com',
        approver: 'bob@example.com',
        text: TEXT,
      },
      { at: addDays(TODAY, -5) },
    );
    expect((await milestone()).doneOn).toBeNull();
    await approvePolicy(stores, TEST_ACTOR, orgId, 'acceptable-use', { approvedOn: addDays(TODAY, -4) });
    expect((await milestone()).doneOn).toBeNull();
    // The departed person (Fay) is not asked; version 2 of the first, approved today, is the last date.
    await importAcknowledgements(stores, TEST_ACTOR, orgId, {
      file: 'hr.csv',
      input: csv(
        active.slice(1).map((p, i) => `${p.email},acceptable-use,1,${addDays(TODAY, -4 + (i % 3))}`),
      ),
    });
    expect((await milestone()).doneOn).toBeNull();
    await importAcknowledgements(stores, TEST_ACTOR, orgId, {
      file: 'hr.csv',
      input: csv([`${active[0]!.email},acceptable-use,1,${addDays(TODAY, -1)}`]),
    });
    expect((await milestone()).doneOn).toBe(TODAY);
  });
});
