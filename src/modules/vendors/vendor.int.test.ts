import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganization } from '../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import { addDays, addMonths } from '../../core/dates.js';
import { todayIso } from '../../platform/clock.js';
import { refreshRecordRules } from '../cadence/record-rules.js';
import { type EvidenceStores, findEvidenceFor } from '../evidence/evidence.service.js';
import { getFindings } from '../findings/finding.service.js';
import { getReadiness } from '../readiness/readiness.service.js';
import { getVendor, listVendors, refreshVendors } from './vendor.service.js';
import { addCuec, mapCuec } from './vendor-cuec.service.js';
import { addVendor, importVendorRegister } from './vendor-register.service.js';
import { addBridgeLetter, addVendorReport } from './vendor-report.service.js';
import { recordVendorReview } from './vendor-review.service.js';

const TODAY = todayIso();
const HEADER =
  'name,service,criticality,data,owner_email,contract_start,contract_end,last_assessment,next_review';
const REGISTER = [
  HEADER,
  `Amazon Web Services,cloud hosting,critical,customer data,maria.garcia@example.com,2024-01-01,,${addMonths(TODAY, -6)},${addMonths(TODAY, 6)}`,
  `Okta,identity provider,critical,employee identities,sam.okafor@example.com,2024-01-01,,${addMonths(TODAY, -6)},${addMonths(TODAY, 6)}`,
  `Slack,chat,medium,internal messages,dev.patel@example.com,2024-01-01,,,${addMonths(TODAY, 6)}`,
].join('\n');

const file = (text: string) => Readable.from([Buffer.from(text)]);

async function openVendorFindings(store: TestStore, orgId: string) {
  return (await getFindings(store.database, orgId))
    .filter((f) => f.source.startsWith('vendor-rule:') && f.resolvedOn === null)
    .map((f) => [f.source, f.title, f.controls.map((c) => c.code)])
    .sort();
}

describe('vendor oversight, end to end', () => {
  let store: TestStore;
  let stores: EvidenceStores;
  let orgId: string;

  beforeAll(async () => {
    store = await createTestStore();
    ({ orgId, stores } = await setUpOrganization(store));
  });
  afterAll(() => store.cleanup());

  it('refuses a bad register whole, naming file, line, column and reason', async () => {
    const bad = `${REGISTER}\nDatadog,monitoring,urgent,logs,maria.garcia@example.com,,,,\n`;
    await expect(
      importVendorRegister(stores, TEST_ACTOR, orgId, { file: 'vendors.csv', input: file(bad), at: TODAY }),
    ).rejects.toMatchObject({
      code: 'import_failed',
      details: { file: 'vendors.csv', line: 5, column: '3 (criticality)' },
    });
    const unknownOwner = `${HEADER}\nGitHub,source control,high,source code,nobody@example.com,,,,\n`;
    await expect(
      importVendorRegister(stores, TEST_ACTOR, orgId, { file: 'vendors.csv', input: file(unknownOwner) }),
    ).rejects.toMatchObject({ details: { line: 2, column: '5 (owner_email)' } });
    const count = await sql<{ n: number | string }>`select count(*) as n from vendors`.execute(
      store.database.db,
    );
    expect(Number(count.rows[0]!.n)).toBe(0);
  });

  it('imports the register once: the same file again is unchanged, a changed row updates only that vendor', async () => {
    const first = await importVendorRegister(stores, TEST_ACTOR, orgId, {
      file: 'vendors.csv',
      input: file(REGISTER),
      at: TODAY,
    });
    expect(first).toMatchObject({ status: 'imported', rows: 3, created: 3, updated: 0 });
    expect(first.evidenceIds).toHaveLength(1);
    const again = await importVendorRegister(stores, TEST_ACTOR, orgId, {
      file: 'vendors.csv',
      input: file(REGISTER),
      at: TODAY,
    });
    expect(again).toMatchObject({ status: 'unchanged', created: 0, updated: 0, unchanged: 3 });
    const changed = await importVendorRegister(stores, TEST_ACTOR, orgId, {
      file: 'vendors.csv',
      // Matched by name whatever its case: SLACK is Slack, updated, not a second vendor.
      input: file(REGISTER.replace('Slack,chat,medium', 'SLACK,chat,high')),
      at: TODAY,
    });
    expect(changed).toMatchObject({ status: 'imported', created: 0, updated: 1, unchanged: 2 });
    const vendors = await listVendors(store.database, orgId, { at: TODAY });
    expect(vendors.map((v) => [v.name, v.criticality, v.ownerEmail])).toEqual([
      ['Amazon Web Services', 'critical', 'maria.garcia@example.com'],
      ['Okta', 'critical', 'sam.okafor@example.com'],
      ['SLACK', 'high', 'dev.patel@example.com'],
    ]);
    const register = await findEvidenceFor(store.database, orgId, { controlCode: 'VM-01' });
    expect(register.filter((e) => e.requirementCode === 'VM-01-E2').map((e) => e.reviewState)).toEqual([
      'accepted',
      'accepted',
    ]);
  });

  it('raises report-missing on critical vendors without a report, and not on others', async () => {
    expect(await openVendorFindings(store, orgId)).toEqual([
      [
        'vendor-rule:report-missing',
        'Critical vendor Amazon Web Services (owner maria.garcia@example.com) has no current assurance report',
        ['VM-03'],
      ],
      [
        'vendor-rule:report-missing',
        'Critical vendor Okta (owner sam.okafor@example.com) has no current assurance report',
        ['VM-03'],
      ],
    ]);
  });

  it('a report older than 12 months leaves the finding; a bridge letter covering the gap resolves it', async () => {
    const periodEnd = addMonths(TODAY, -14);
    const report = {
      kind: 'soc2-type2',
      periodStart: addMonths(periodEnd, -12),
      periodEnd,
      receivedOn: addMonths(periodEnd, 1),
    };
    for (const vendor of ['Amazon Web Services', 'Okta'])
      await addVendorReport(
        stores,
        TEST_ACTOR,
        orgId,
        vendor,
        report,
        {
          fileName: `${vendor}-soc2.pdf`,
          input: file(`%PDF report of ${vendor}`),
          mediaType: 'application/pdf',
        },
        { at: TODAY },
      );
    const aws = await getVendor(store.database, orgId, 'amazon web services', { at: TODAY });
    expect(aws.assurance).toMatchObject({ status: 'stale', ageMonths: 14, latestPeriodEnd: periodEnd });
    expect(aws.findings.map((f) => f.rule)).toEqual(['report-missing']);
    const reportEvidence = (await findEvidenceFor(store.database, orgId, { controlCode: 'VM-03' })).find(
      (e) => e.id === aws.reports[0]!.evidenceId,
    );
    expect(reportEvidence).toMatchObject({ requirementCode: 'VM-03-E1', reviewState: 'submitted' });

    const readiness = await getReadiness(store.database, orgId, { at: TODAY });
    const vm03 = readiness.controls.find((c) => c.code === 'VM-03')!;
    expect(vm03.status).toBe('gap');
    const reason = vm03.reasons.find(
      (r) => r.code === 'open-finding' && r.message.includes('Amazon Web Services'),
    );
    expect(reason?.message).toContain('owner maria.garcia@example.com');
    expect(reason?.dueOn).toBe(addDays(TODAY, 30));
    expect(reason?.message).toContain(`by ${addDays(TODAY, 30)}`);

    const after = await addBridgeLetter(
      stores,
      TEST_ACTOR,
      orgId,
      'Amazon Web Services',
      { coveredFrom: addDays(periodEnd, 1), coveredTo: addDays(TODAY, 30), receivedOn: TODAY },
      { fileName: 'aws-bridge.pdf', input: file('%PDF bridge letter') },
      { at: TODAY },
    );
    expect(after.assurance.status).toBe('bridged');
    expect(after.findings).toEqual([]);
    // Okta has the same old report and no bridge letter: its finding stays.
    expect(await openVendorFindings(store, orgId)).toEqual([
      [
        'vendor-rule:report-missing',
        'Critical vendor Okta (owner sam.okafor@example.com) has no current assurance report',
        ['VM-03'],
      ],
    ]);
  });

  it('a current report resolves report-missing', async () => {
    const periodEnd = addMonths(TODAY, -2);
    const okta = await addVendorReport(
      stores,
      TEST_ACTOR,
      orgId,
      'Okta',
      {
        kind: 'iso27001',
        periodStart: addMonths(periodEnd, -12),
        periodEnd,
        receivedOn: addDays(periodEnd, 20),
      },
      { fileName: 'okta-iso.pdf', input: file('%PDF iso certificate') },
      { at: TODAY },
    );
    expect(okta.assurance).toMatchObject({ status: 'current', latestKind: 'iso27001', ageMonths: 2 });
    expect(await openVendorFindings(store, orgId)).toEqual([]);
  });

  it('review overdue fires after the next review date and stops when a review is recorded', async () => {
    await addVendor(
      store.database,
      TEST_ACTOR,
      orgId,
      {
        name: 'Datadog',
        service: 'monitoring',
        criticality: 'high',
        dataTouched: 'logs, metrics',
        ownerEmail: 'hannah.lee@example.com',
        nextReviewOn: addDays(TODAY, -10),
      },
      { at: TODAY },
    );
    await expect(
      addVendor(store.database, TEST_ACTOR, orgId, { name: 'datadog', service: 'x', criticality: 'low' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await openVendorFindings(store, orgId)).toEqual([
      [
        'vendor-rule:review-overdue',
        `Review of vendor Datadog (owner hannah.lee@example.com) overdue since ${addDays(TODAY, -10)}`,
        ['VM-01'],
      ],
    ]);
    const reviewed = await recordVendorReview(
      stores,
      TEST_ACTOR,
      orgId,
      'Datadog',
      { notes: 'SOC 2 read, no exceptions relevant to us', reviewerEmail: 'maria.garcia@example.com' },
      { at: TODAY },
    );
    expect(reviewed).toMatchObject({
      lastAssessedOn: TODAY,
      nextReviewOn: addMonths(TODAY, 12),
      reviewOverdue: false,
    });
    expect(reviewed.reviews).toHaveLength(1);
    expect(await openVendorFindings(store, orgId)).toEqual([]);
    const records = (await findEvidenceFor(store.database, orgId, { controlCode: 'VM-03' })).filter(
      (e) => e.sha256 === reviewed.reviews[0]!.evidenceSha256,
    );
    expect(records.map((e) => [e.requirementCode, e.reviewState, e.effectiveStart])).toEqual([
      ['VM-03-E1', 'accepted', TODAY],
    ]);
  });

  it('an unmapped CUEC fires, mapping it to a control stops it, unmapping brings it back', async () => {
    await addCuec(store.database, TEST_ACTOR, orgId, 'Okta', {
      ref: 'CUEC-1',
      description: 'User entities review who holds admin rights in their tenant',
    });
    await expect(
      addCuec(store.database, TEST_ACTOR, orgId, 'Okta', { ref: 'cuec-1', description: 'again' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await openVendorFindings(store, orgId)).map((f) => f[0])).toEqual(['vendor-rule:cuec-unmapped']);
    await expect(
      mapCuec(store.database, TEST_ACTOR, orgId, 'Okta', 'CUEC-1', { controlCodes: ['NOPE-1'] }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const mapped = await mapCuec(store.database, TEST_ACTOR, orgId, 'Okta', 'CUEC-1', {
      controlCodes: ['AC-03'],
    });
    expect(mapped.cuecList[0]!.controls.map((c) => c.code)).toEqual(['AC-03']);
    expect(await openVendorFindings(store, orgId)).toEqual([]);
    await mapCuec(store.database, TEST_ACTOR, orgId, 'Okta', 'CUEC-1', { controlCodes: [] });
    expect((await openVendorFindings(store, orgId)).map((f) => f[0])).toEqual(['vendor-rule:cuec-unmapped']);
    await mapCuec(store.database, TEST_ACTOR, orgId, 'Okta', 'CUEC-1', { controlCodes: ['AC-03'] });
  });

  it('refresh raises what time alone brings (a review falling due) and nothing twice', async () => {
    const later = addMonths(TODAY, 13);
    const first = await refreshVendors(store.database, TEST_ACTOR, orgId, { at: later });
    expect(first.findingsOpened).toBeGreaterThan(0);
    const again = await refreshVendors(store.database, TEST_ACTOR, orgId, { at: later });
    expect(again).toEqual({ findingsOpened: 0, findingsResolved: 0 });
    const back = await refreshVendors(store.database, TEST_ACTOR, orgId, { at: TODAY });
    expect(back).toEqual({ findingsOpened: 0, findingsResolved: first.findingsOpened });
  });
  it('is brought up to date by the weekly run with time alone: a review falling due opens its finding', async () => {
    await addVendor(
      store.database,
      TEST_ACTOR,
      orgId,
      {
        name: 'Zendesk',
        service: 'support desk',
        criticality: 'medium',
        ownerEmail: 'hannah.lee@example.com',
        nextReviewOn: addDays(TODAY, 5),
      },
      { at: TODAY },
    );
    const titles = async () => (await openVendorFindings(store, orgId)).map((f) => f[1] as string);
    expect((await titles()).filter((t) => t.includes('Zendesk'))).toEqual([]);
    const counts = await refreshRecordRules(stores, TEST_ACTOR, orgId, addDays(TODAY, 10));
    expect(counts.vendors.opened).toBeGreaterThanOrEqual(1);
    expect((await titles()).filter((t) => t.includes('Zendesk'))).toEqual([
      `Review of vendor Zendesk (owner hannah.lee@example.com) overdue since ${addDays(TODAY, 5)}`,
    ]);
  });
});
