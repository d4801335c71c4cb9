import { readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganization, writeCredentialReport } from '../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import { addDays } from '../../core/dates.js';
import { todayIso } from '../../platform/clock.js';
import { write } from '../../platform/ledger/ledger.js';
import { assignControlOwner } from '../controls/control.service.js';
import { editControl } from '../controls/control-edit.service.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { getFindings } from '../findings/finding.service.js';
import { importNhi } from '../nhi/import/import.service.js';
import { findPersonByEmail } from '../people/person.repository.js';
import { applyRoster } from '../people/person.service.js';
import { getReadiness } from '../readiness/readiness.service.js';
import { listAccessReviewPopulation } from './access-review.populations.js';
import { createCampaign, listCampaigns } from './access-review.service.js';
import { completeCampaign } from './access-review-completion.service.js';
import { decideItems, importDecisions } from './access-review-decision.service.js';
import { importAccountList } from './access-review-import.service.js';
import { refreshAccessReviews } from './access-review-refresh.service.js';

const TODAY = todayIso();
const OPENED = addDays(TODAY, -5);
const DECIDED = addDays(TODAY, -3);
const COMPLETED = addDays(TODAY, -2);
const email = (i: number) => `person${String(i).padStart(2, '0')}@example.com`;
const REVIEWER = email(0);
const SECOND = email(1);

function accountList(skip: readonly string[] = []): Readable {
  const rows = ['system,account,email,role,last_login'];
  for (let i = 0; i < 60; i++) {
    const account = `user${String(i).padStart(2, '0')}`;
    if (skip.includes(account)) continue;
    // E-mails in mixed case join to the roster all the same.
    rows.push(
      `aws-prod,${account},${i % 7 === 0 ? email(i).toUpperCase() : email(i)},${i < 5 ? 'admin' : 'developer'},${OPENED}T08:00:00Z`,
    );
  }
  return Readable.from([`${rows.join('\n')}\n`]);
}

describe('an access review of 60 people accounts and 30 NHIs, end to end', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;
  let campaignId: string;
  let reviewerId: string;
  let secondId: string;

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUpOrganization(store, { roster: false }));
    await write(store.database, { actor: TEST_ACTOR, orgId }, (w) =>
      applyRoster(
        w,
        orgId,
        Array.from({ length: 60 }, (_, i) => ({
          email: email(i),
          name: `Person ${i}`,
          team: 'engineering',
          managerEmail: null,
          status: 'active' as const,
          departedOn: null,
        })),
      ),
    );
    reviewerId = (await findPersonByEmail(store.database.db, orgId, REVIEWER))!.id;
    secondId = (await findPersonByEmail(store.database.db, orgId, SECOND))!.id;
    const report = `${store.dataDir}/credential-report.csv`;
    await writeCredentialReport(report, 30);
    await importNhi(stores, TEST_ACTOR, orgId, { kind: 'aws-credential-report', file: report, at: OPENED });
    for (const code of ['AC-03', 'NHI-06']) {
      await assignControlOwner(store.database, TEST_ACTOR, orgId, { code, ownerEmail: SECOND });
      await editControl(store.database, TEST_ACTOR, orgId, code, { status: 'implemented' });
    }
  });
  afterAll(() => store.cleanup());

  it('refuses a bad account list whole, naming file, line, column and reason', async () => {
    const bad = Readable.from([
      'system,account,email,role,last_login\naws-prod,a,a@example.com,admin,\naws-prod,b,not-an-email,admin,\n',
    ]);
    await expect(
      importAccountList(stores, TEST_ACTOR, orgId, {
        system: 'aws-prod',
        file: 'accounts.csv',
        input: bad,
        asOf: OPENED,
      }),
    ).rejects.toMatchObject({
      code: 'import_failed',
      details: { file: 'accounts.csv', line: 3, column: '3 (email)' },
    });
    const count = await sql<{ n: number | string }>`select count(*) as n from access_accounts`.execute(
      store.database.db,
    );
    expect(Number(count.rows[0]!.n)).toBe(0);
  });

  it('imports the account list, joining every account to its person by e-mail; the same file again changes nothing', async () => {
    const first = await importAccountList(stores, TEST_ACTOR, orgId, {
      system: 'aws-prod',
      file: 'accounts.csv',
      input: accountList(),
      asOf: OPENED,
      at: OPENED,
    });
    expect(first).toMatchObject({ status: 'imported', accounts: 60, matchedPeople: 60 });
    const again = await importAccountList(stores, TEST_ACTOR, orgId, {
      system: 'aws-prod',
      file: 'accounts.csv',
      input: accountList(),
      asOf: OPENED,
      at: OPENED,
    });
    expect(again.status).toBe('unchanged');
  });

  it('opens a campaign over the 60 accounts and the 30 IAM users', async () => {
    const campaign = await createCampaign(
      store.database,
      TEST_ACTOR,
      orgId,
      {
        system: 'aws-prod',
        reviewers: [REVIEWER, SECOND],
        dueOn: addDays(TODAY, 10),
        nhiProvider: 'aws',
        nhiKind: 'iam-user',
      },
      { at: OPENED },
    );
    campaignId = campaign.id;
    expect(campaign.items.filter((i) => i.subjectType === 'account')).toHaveLength(60);
    expect(campaign.items.filter((i) => i.subjectType === 'nhi')).toHaveLength(30);
    expect(campaign).toMatchObject({ cadence: 'quarterly', total: 90, decided: 0, status: 'open' });
  });

  it("refuses a reviewer's decision on their own account with the reason, and a person not named on the campaign", async () => {
    await expect(
      decideItems(store.database, TEST_ACTOR, orgId, {
        campaignId,
        caller: { personId: reviewerId },
        decisions: [{ item: 'user00', decision: 'keep' }],
        at: DECIDED,
      }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/own account.*separation of duties/),
    });
    const outsider = (await findPersonByEmail(store.database.db, orgId, email(9)))!.id;
    await expect(
      decideItems(store.database, TEST_ACTOR, orgId, {
        campaignId,
        caller: { personId: outsider },
        decisions: [{ item: 'user05', decision: 'keep' }],
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('imports a spreadsheet of decisions all or nothing, naming the line of a bad row', async () => {
    const rows = ['subject,decision,comment', 'user05,keep,', 'user06,maybe,'];
    await expect(
      importDecisions(store.database, TEST_ACTOR, orgId, {
        campaignId,
        caller: { personId: reviewerId },
        file: 'decisions.csv',
        input: Readable.from([rows.join('\n')]),
      }),
    ).rejects.toMatchObject({ details: { file: 'decisions.csv', line: 3, column: '2 (decision)' } });
    const own = ['subject,decision,comment', 'user05,keep,', 'user00,keep,'];
    await expect(
      importDecisions(store.database, TEST_ACTOR, orgId, {
        campaignId,
        caller: { personId: reviewerId },
        file: 'decisions.csv',
        input: Readable.from([own.join('\n')]),
      }),
    ).rejects.toMatchObject({
      details: { line: 3, column: '1 (subject)', reason: expect.stringMatching(/own account/) },
    });
    expect((await listCampaigns(store.database, orgId))[0]!.decided).toBe(0);
  });

  it('decides every item (two revocations become follow-ups) and completes with evidence', async () => {
    const campaign = (await listCampaigns(store.database, orgId))[0]!;
    expect(campaign.total).toBe(90);
    const rows = ['subject,decision,comment'];
    for (let i = 1; i < 60; i++) {
      const account = `user${String(i).padStart(2, '0')}`;
      rows.push(
        `${account},${i === 3 || i === 4 ? 'revoke' : 'keep'},${i === 3 ? '"left the team, no longer needs prod"' : ''}`,
      );
    }
    for (let i = 0; i < 30; i++)
      rows.push(`arn:aws:iam::111122223333:user/gen/svc-gen-${String(i).padStart(7, '0')},keep,`);
    const decided = await importDecisions(store.database, TEST_ACTOR, orgId, {
      campaignId,
      caller: { personId: reviewerId },
      file: 'decisions.csv',
      input: Readable.from([rows.join('\n')]),
      at: DECIDED,
    });
    expect(decided).toMatchObject({ decided: 89, followUpsOpened: 2 });
    await expect(
      completeCampaign(stores, TEST_ACTOR, orgId, campaignId, { at: COMPLETED }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/1 of 90 items are not decided yet \(first: user00\)/),
    });
    await decideItems(store.database, TEST_ACTOR, orgId, {
      campaignId,
      caller: { personId: secondId },
      decisions: [{ item: 'user00', decision: 'keep', comment: 'security lead' }],
      at: DECIDED,
    });
    const done = await completeCampaign(stores, TEST_ACTOR, orgId, campaignId, { at: COMPLETED });
    expect(done).toMatchObject({
      status: 'completed',
      completedOn: COMPLETED,
      decided: 90,
      revoked: 2,
      openFollowUps: 2,
    });
    expect(done.followUps.map((f) => [f.subject, f.action, f.ownerEmail, f.dueOn, f.closedOn])).toEqual([
      ['user03', 'revoke', REVIEWER, addDays(DECIDED, 7), null],
      ['user04', 'revoke', REVIEWER, addDays(DECIDED, 7), null],
    ]);
    const activity = await sql<{ action: string; n: number | string }>`
      select action, count(*) as n from activity
      where org_id = ${orgId} and record_type = 'access-review-campaign' group by action order by action`.execute(
      store.database.db,
    );
    expect(activity.rows.map((r) => [r.action, Number(r.n)])).toEqual([
      ['complete', 1],
      ['create', 1],
      ['decide', 2],
    ]);
  });

  it('closes both follow-ups with a later account list without those accounts, and the control turns ready', async () => {
    const before = await getReadiness(store.database, orgId, { at: TODAY });
    expect(before.controls.find((c) => c.code === 'AC-03')?.status).toBe('gap');
    const later = await importAccountList(stores, TEST_ACTOR, orgId, {
      system: 'aws-prod',
      file: 'accounts-later.csv',
      input: accountList(['user03', 'user04']),
      asOf: TODAY,
      at: TODAY,
    });
    expect(later).toMatchObject({ status: 'imported', accounts: 58, followUpsClosed: 2 });
    const [campaign] = await listCampaigns(store.database, orgId);
    expect(campaign!.openFollowUps).toBe(0);
    const evidence = await sql<{ code: string; n: number | string }>`
      select r.code, count(*) as n from evidence e join evidence_requirements r on r.id = e.requirement_id
      where e.org_id = ${orgId} and r.code like ${'AC-03-%'} group by r.code order by r.code`.execute(
      store.database.db,
    );
    expect(evidence.rows.map((r) => [r.code, Number(r.n)])).toEqual([
      ['AC-03-E1', 1],
      ['AC-03-E2', 1],
    ]);
    const after = await getReadiness(store.database, orgId, { at: TODAY });
    const control = after.controls.find((c) => c.code === 'AC-03');
    expect(control?.reasons).toEqual([]);
    expect(control?.status).toBe('ready');
  });

  it('exposes the decided items as a population in a stable order', async () => {
    const population = await listAccessReviewPopulation(store.database, orgId, {
      start: DECIDED,
      end: TODAY,
    });
    expect(population).toHaveLength(90);
    expect(population[0]).toMatchObject({ kind: 'access-review-item', occurredOn: DECIDED });
    expect(await listAccessReviewPopulation(store.database, orgId, { start: DECIDED, end: TODAY })).toEqual(
      population,
    );
    expect(await listAccessReviewPopulation(store.database, orgId, { start: TODAY, end: TODAY })).toEqual([]);
  });

  it('raises findings for an overdue follow-up and a departed person still listed, and resolves them', async () => {
    await importAccountList(stores, TEST_ACTOR, orgId, {
      system: 'github-org',
      file: 'github.csv',
      input: Readable.from([
        `system,account,email,role\ngithub-org,p10,${email(10)},owner\ngithub-org,p11,${email(11)},member\n`,
      ]),
      asOf: TODAY,
    });
    const github = await createCampaign(store.database, TEST_ACTOR, orgId, {
      system: 'github-org',
      reviewers: [SECOND],
      dueOn: addDays(TODAY, 3),
    });
    await decideItems(store.database, TEST_ACTOR, orgId, {
      campaignId: github.id,
      caller: { personId: secondId },
      decisions: [
        { item: 'p10', decision: 'change', comment: 'member is enough' },
        { item: 'p11', decision: 'keep' },
      ],
    });
    await write(store.database, { actor: TEST_ACTOR, orgId }, (w) =>
      applyRoster(w, orgId, [
        {
          email: email(11),
          name: 'Person 11',
          team: 'engineering',
          managerEmail: null,
          status: 'departed',
          departedOn: addDays(TODAY, -1),
        },
      ]),
    );
    const later = addDays(TODAY, 12);
    await refreshAccessReviews(stores, TEST_ACTOR, orgId, { at: later });
    const open = (await getFindings(store.database, orgId))
      .filter((f) => f.source === 'access-review-rule' && f.resolvedOn === null)
      .map((f) => [f.title, f.controls.map((c) => c.code).sort()])
      .sort();
    expect(open).toEqual(
      [
        [`Access review of github-org overdue since ${addDays(TODAY, 3)}`, ['AC-03']],
        [`Access change of ${email(10)} on github-org overdue since ${addDays(TODAY, 7)}`, ['AC-03']],
        [`Departed ${email(11)} still has account p11 on github-org`, ['AC-03', 'AC-06']],
        [`Departed ${email(11)} still has account user11 on aws-prod`, ['AC-03', 'AC-06']],
      ].sort(),
    );
    // Refreshing again changes nothing; a list where p10 is a member and p11 is gone resolves the two account findings.
    expect(await refreshAccessReviews(stores, TEST_ACTOR, orgId, { at: later })).toMatchObject({
      findingsOpened: 0,
    });
    const fixed = await importAccountList(stores, TEST_ACTOR, orgId, {
      system: 'github-org',
      file: 'github-2.csv',
      input: Readable.from([`system,account,email,role\ngithub-org,p10,${email(10)},member\n`]),
      asOf: TODAY,
      at: later,
    });
    expect(fixed.followUpsClosed).toBe(1);
    const still = (await getFindings(store.database, orgId)).filter(
      (f) => f.source === 'access-review-rule' && f.resolvedOn === null,
    );
    expect(still.map((f) => f.title).sort()).toEqual([
      `Access review of github-org overdue since ${addDays(TODAY, 3)}`,
      `Departed ${email(11)} still has account user11 on aws-prod`,
    ]);
  });

  it('closes an NHI revocation when a later complete export no longer lists the identity', async () => {
    const nhis = await createCampaign(store.database, TEST_ACTOR, orgId, {
      system: 'aws-iam',
      reviewers: [SECOND],
      dueOn: addDays(TODAY, 20),
      accounts: false,
      nhiProvider: 'aws',
      nhiKind: 'iam-user',
    });
    const gone = 'arn:aws:iam::111122223333:user/gen/svc-gen-0000000';
    const decided = await decideItems(store.database, TEST_ACTOR, orgId, {
      campaignId: nhis.id,
      caller: { personId: secondId },
      decisions: [{ item: gone, decision: 'revoke', comment: 'unused since the migration' }],
    });
    expect(decided.campaign.followUps.map((f) => [f.subject, f.closedOn])).toEqual([[gone, null]]);
    const report = `${store.dataDir}/credential-report.csv`;
    const later = `${store.dataDir}/credential-report-later.csv`;
    writeFileSync(
      later,
      readFileSync(report, 'utf8')
        .split('\n')
        .filter((line) => !line.startsWith('svc-gen-0000000,'))
        .join('\n'),
    );
    await importNhi(stores, TEST_ACTOR, orgId, { kind: 'aws-credential-report', file: later, at: TODAY });
    const [closed] = (await listCampaigns(store.database, orgId)).filter((c) => c.id === nhis.id);
    expect(closed!.openFollowUps).toBe(0);
  });
});
