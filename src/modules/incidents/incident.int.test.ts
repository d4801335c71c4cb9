import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganization } from '../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import { addDays } from '../../core/dates.js';
import { nextIrTestDueOn } from '../../core/incidents/rules.js';
import { todayIso } from '../../platform/clock.js';
import { write } from '../../platform/ledger/ledger.js';
import { assignControlOwner } from '../controls/control.service.js';
import { editControl } from '../controls/control-edit.service.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { getFindings } from '../findings/finding.service.js';
import { applyRoster } from '../people/person.service.js';
import { getReadiness } from '../readiness/readiness.service.js';
import { listIncidentPopulation } from './incident.populations.js';
import { getIncident, listIncidents } from './incident.service.js';
import { importIncidentRegister } from './incident-import.service.js';
import { createIrTest, listIrTests } from './incident-ir-test.service.js';
import {
  addFollowUp,
  addTimelineEntry,
  completeFollowUp,
  createIncident,
  updateIncident,
} from './incident-record.service.js';
import { incidentRegisterCsv, refreshIncidents } from './incident-refresh.service.js';

const T = todayIso();
const LEAD = 'lead@example.com';
const SRE = 'sre@example.com';
const GONE = 'gone@example.com';

const csv = (text: string) => Readable.from([text]);

describe('incidents and IR tests, end to end', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;

  const openRuleFindings = async () =>
    (await getFindings(store.database, orgId))
      .filter((f) => f.source === 'incident-rule' && f.resolvedOn === null)
      .map((f) => [f.title, f.controls.map((c) => c.code)])
      .sort();
  const reasonsOf = async (code: string) =>
    (await getReadiness(store.database, orgId, { at: T })).controls
      .find((c) => c.code === code)!
      .reasons.map((r) => r.message);
  const evidenceCounts = async () =>
    (
      await sql<{ code: string; n: number | string }>`
        select r.code, count(*) as n from evidence e join evidence_requirements r on r.id = e.requirement_id
        where e.org_id = ${orgId} and r.code like ${'IR-0%'} group by r.code order by r.code`.execute(
        store.database.db,
      )
    ).rows.map((r) => [r.code, Number(r.n)]);

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUpOrganization(store, { roster: false }));
    await write(store.database, { actor: TEST_ACTOR, orgId }, (w) =>
      applyRoster(
        w,
        orgId,
        [LEAD, SRE, GONE].map((email) => ({
          email,
          name: email.split('@')[0]!,
          team: 'engineering',
          managerEmail: null,
          status: email === GONE ? ('departed' as const) : ('active' as const),
          departedOn: email === GONE ? addDays(T, -100) : null,
        })),
      ),
    );
    for (const code of ['IR-02', 'IR-03']) {
      await assignControlOwner(store.database, TEST_ACTOR, orgId, { code, ownerEmail: LEAD });
      await editControl(store.database, TEST_ACTOR, orgId, code, { status: 'implemented' });
    }
  });
  afterAll(() => store.cleanup());

  it('refuses a bad register whole, naming file, line, column and reason', async () => {
    const bad = csv(
      `external_id,title,severity,status,detected_at,contained_at,resolved_at,owner\n` +
        `INC-1,Checkout errors,high,resolved,${addDays(T, -30)}T09:00Z,${addDays(T, -30)}T10:00Z,${addDays(T, -29)},${SRE}\n` +
        `INC-2,Slow search,medium,contained,${addDays(T, -10)},,,${SRE}\n`,
    );
    await expect(
      importIncidentRegister(stores, TEST_ACTOR, orgId, { file: 'register.csv', input: bad }),
    ).rejects.toMatchObject({
      code: 'import_failed',
      message:
        'register.csv, line 3, column 4 (status): a contained incident says when it was contained (containedAt)',
    });
    const departed = csv(
      `external_id,title,severity,detected_at,owner\nINC-1,Checkout errors,high,${T},${GONE}\n`,
    );
    await expect(
      importIncidentRegister(stores, TEST_ACTOR, orgId, { file: 'register.csv', input: departed }),
    ).rejects.toMatchObject({ message: `register.csv, line 2, column 5 (owner): ${GONE} has departed` });
    const duplicate = csv(`external_id,title,severity,detected_at\nINC-1,A,low,${T}\nINC-1,B,low,${T}\n`);
    await expect(
      importIncidentRegister(stores, TEST_ACTOR, orgId, { file: 'register.csv', input: duplicate }),
    ).rejects.toMatchObject({
      message: 'register.csv, line 3, column 1 (external_id): incident INC-1 is already on line 2',
    });
    const badSeverity = csv(`external_id,title,severity,detected_at\nINC-1,A,sev1,${T}\n`);
    await expect(
      importIncidentRegister(stores, TEST_ACTOR, orgId, { file: 'register.csv', input: badSeverity }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/^register\.csv, line 2, column 3 \(severity\): /),
    });
    expect(await listIncidents(store.database, orgId)).toEqual([]);
  });

  const REGISTER =
    `external_id,title,severity,status,detected_at,contained_at,resolved_at,owner,root_cause,customer_impact\n` +
    `INC-1,Checkout errors,high,resolved,${addDays(T, -20)}T09:00Z,${addDays(T, -20)}T10:00Z,${addDays(T, -19)},${SRE},,Payments failed for 40 minutes\n` +
    `INC-2,Slow search,medium,closed,${addDays(T, -40)},,${addDays(T, -39)},${LEAD},"Missing index, added",None\n` +
    `INC-3,Phishing report,low,open,${addDays(T, -2)},,,,,\n`;

  it('imports a register, idempotently, and a changed row updates only that incident', async () => {
    const first = await importIncidentRegister(stores, TEST_ACTOR, orgId, {
      file: 'register.csv',
      input: csv(REGISTER),
      at: T,
    });
    expect(first).toEqual({ status: 'imported', rows: 3, created: 3, updated: 0, unchanged: 0 });
    expect(
      await importIncidentRegister(stores, TEST_ACTOR, orgId, {
        file: 'register.csv',
        input: csv(REGISTER),
        at: T,
      }),
    ).toEqual({ status: 'unchanged', rows: 3, created: 0, updated: 0, unchanged: 3 });
    const changed = REGISTER.replace('Phishing report,low,open', 'Phishing report,medium,open');
    expect(
      await importIncidentRegister(stores, TEST_ACTOR, orgId, {
        file: 'register.csv',
        input: csv(changed),
        at: T,
      }),
    ).toEqual({ status: 'imported', rows: 3, created: 0, updated: 1, unchanged: 2 });
    const list = await listIncidents(store.database, orgId);
    expect(list.map((i) => [i.externalId, i.severity, i.ownerEmail, i.hasRootCause])).toEqual([
      ['INC-3', 'medium', null, false],
      ['INC-1', 'high', SRE, false],
      ['INC-2', 'medium', LEAD, true],
    ]);
    const imports = await sql<{ n: number | string }>`
      select count(*) as n from activity where org_id = ${orgId} and record_type = ${'incident-register'}`.execute(
      store.database.db,
    );
    expect(Number(imports.rows[0]!.n)).toBe(2);
    // Each distinct register became evidence on IR-02-E1 (the unchanged import added none).
    expect(await evidenceCounts()).toEqual([['IR-02-E1', 2]]);
    // The export is the import's format: it imports again unchanged.
    const exported = await incidentRegisterCsv(store.database.db, orgId);
    expect(exported.rows).toBe(3);
    expect(
      await importIncidentRegister(stores, TEST_ACTOR, orgId, {
        file: 'export.csv',
        input: csv(exported.csv),
        at: T,
      }),
    ).toMatchObject({ status: 'unchanged', unchanged: 3 });
  });

  it('raises a missing root cause and a missing IR test, named in the readiness reasons, and resolves them', async () => {
    const incident = (await getIncident(store.database, orgId, 'INC-1')).id;
    expect(await openRuleFindings()).toEqual([
      ['No incident-response test (tabletop or live) recorded', ['IR-03']],
      [`Root cause of high incident INC-1 (owner ${SRE}) missing, due ${addDays(T, -6)}`, ['IR-02']],
    ]);
    expect(await reasonsOf('IR-02')).toContainEqual(
      expect.stringContaining(
        `Root cause of high incident INC-1 (owner ${SRE}) missing, due ${addDays(T, -6)}`,
      ),
    );
    await updateIncident(
      stores,
      TEST_ACTOR,
      orgId,
      'INC-1',
      { rootCause: 'A config push skipped the canary' },
      {
        at: T,
      },
    );
    await createIrTest(
      stores,
      TEST_ACTOR,
      orgId,
      {
        kind: 'tabletop',
        heldOn: addDays(T, -1),
        scenario: 'A leaked production database credential',
        participants: [LEAD, SRE],
        results: 'Rotation took 3 hours; the runbook lacked the replica step',
        followUps: [{ action: 'Add the replica step to the runbook', owner: SRE, dueOn: addDays(T, 10) }],
      },
      { at: T },
    );
    expect(await openRuleFindings()).toEqual([]);
    const resolved = (await getIncident(store.database, orgId, incident)).findings;
    expect(resolved.map((f) => [f.rule, f.resolvedOn])).toEqual([['root-cause-missing', T]]);
    const [test] = await listIrTests(store.database, orgId);
    expect(test).toMatchObject({
      kind: 'tabletop',
      participants: [LEAD, SRE],
      nextDueOn: expect.any(String),
    });
    expect(await evidenceCounts()).toEqual([
      ['IR-02-E1', 3],
      ['IR-03-E1', 1],
      ['IR-03-E2', 1],
    ]);
  });

  it('raises an overdue follow-up naming the record, owner and due date, and resolves it when done', async () => {
    const withFollowUp = await addFollowUp(
      stores,
      TEST_ACTOR,
      orgId,
      'INC-1',
      { action: 'Add a canary stage to config pushes', owner: SRE, dueOn: addDays(T, -3) },
      { at: T },
    );
    const followUp = withFollowUp.followUpActions[0]!;
    expect(followUp).toMatchObject({ ownerEmail: SRE, overdue: true, doneOn: null });
    const title = `Follow-up "Add a canary stage to config pushes" of INC-1 (owner ${SRE}) overdue since ${addDays(T, -3)}`;
    expect(await openRuleFindings()).toEqual([[title, ['IR-02']]]);
    expect(await reasonsOf('IR-02')).toContainEqual(expect.stringContaining(title));
    // A departed person cannot own a follow-up.
    await expect(
      addFollowUp(stores, TEST_ACTOR, orgId, 'INC-1', { action: 'x', owner: GONE, dueOn: T }),
    ).rejects.toMatchObject({ code: 'invalid_input', details: { field: 'owner' } });
    const done = await completeFollowUp(stores, TEST_ACTOR, orgId, {
      followUpId: followUp.id,
      evidence: 'OPS-812',
      at: T,
    });
    expect(done).toMatchObject({ doneOn: T, evidence: 'OPS-812', overdue: false });
    await expect(
      completeFollowUp(stores, TEST_ACTOR, orgId, { followUpId: followUp.id, evidence: 'again' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await openRuleFindings()).toEqual([]);
  });

  it('finds lapses with time alone through refresh, and keeps an incident’s timeline in order', async () => {
    // A year and more later, the IR test has lapsed and the IR test's follow-up is overdue.
    const later = addDays(T, 400);
    expect(await refreshIncidents(stores, TEST_ACTOR, orgId, { at: later })).toEqual({
      opened: 2,
      resolved: 0,
    });
    expect((await openRuleFindings()).map(([title]) => title)).toEqual([
      `Follow-up "Add the replica step to the runbook" of tabletop of ${addDays(T, -1)} (owner ${SRE}) overdue since ${addDays(T, 10)}`,
      `No incident-response test since ${addDays(T, -1)}: the next was due ${nextIrTestDueOn(addDays(T, -1))}`,
    ]);
    expect(await refreshIncidents(stores, TEST_ACTOR, orgId, { at: later })).toEqual({
      opened: 0,
      resolved: 0,
    });

    await addTimelineEntry(stores, TEST_ACTOR, orgId, 'INC-1', {
      at: `${addDays(T, -20)}T09:40Z`,
      entry: 'Rolled back',
    });
    const view = await addTimelineEntry(stores, TEST_ACTOR, orgId, 'INC-1', {
      at: `${addDays(T, -20)}T09:05Z`,
      entry: 'Paged the on-call engineer',
    });
    expect(view.timeline.map((e) => e.entry)).toEqual(['Paged the on-call engineer', 'Rolled back']);
  });

  it('declares incidents in-app with the next INC number and checks their times', async () => {
    const created = await createIncident(
      stores,
      TEST_ACTOR,
      orgId,
      { title: 'Certificate expired', severity: 'critical', detectedAt: `${T}T08:00Z`, owner: LEAD },
      { at: T },
    );
    expect(created).toMatchObject({
      externalId: 'INC-4',
      status: 'open',
      ownerEmail: LEAD,
      ownerName: 'lead',
    });
    await expect(
      updateIncident(stores, TEST_ACTOR, orgId, created.id, {
        status: 'contained',
        containedAt: `${T}T07:00Z`,
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', details: { field: 'containedAt' } });
    await expect(
      createIncident(stores, TEST_ACTOR, orgId, {
        externalId: 'INC-1',
        title: 'x',
        severity: 'low',
        detectedAt: T,
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('exposes incidents as a sampling population in a stable order', async () => {
    const window = { start: addDays(T, -45), end: T };
    const population = await listIncidentPopulation(store.database, orgId, window);
    expect(population.map((p) => p.label)).toEqual([
      'INC-2: Slow search (medium)',
      'INC-1: Checkout errors (high)',
      'INC-3: Phishing report (medium)',
      'INC-4: Certificate expired (critical)',
    ]);
    expect(population[0]).toMatchObject({ kind: 'incident', occurredOn: addDays(T, -40) });
    expect(
      await listIncidentPopulation(store.database, orgId, { start: addDays(T, -5), end: addDays(T, -1) }),
    ).toHaveLength(1);
  });
});
