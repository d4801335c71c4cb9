import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestListCsv, requestListRows, requestListXlsx } from '../../../test/builders/request-list.js';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildEvidence,
  buildOrg,
  buildPerson,
  createHarness,
  type Harness,
  unique,
} from '../../../test/factories.js';
import { addDays } from '../../core/dates.js';
import { blobStoreFor } from '../../platform/blobs/fs-blob-store.js';
import { todayIso } from '../../platform/clock.js';
import { AppError, ImportError } from '../../platform/errors.js';
import { write } from '../../platform/ledger/ledger.js';
import { parseControlMatrixRow } from '../controls/control.schema.js';
import { applyControlMatrix } from '../controls/control.service.js';
import { createEngagement } from '../engagements/engagement.service.js';
import { getReadiness } from '../readiness/readiness.service.js';
import { requestsForPackage } from './request.package.js';
import { getRequest, listRequests, updateRequest } from './request.service.js';
import { importRequestList, saveColumnMapping } from './request-import.service.js';
import {
  acceptRequest,
  answerRequest,
  answerRequestWithUpload,
  returnRequest,
  submitRequest,
} from './request-thread.service.js';

const TYPE2 = {
  type: 'type2',
  windowStart: '2027-01-15',
  windowEnd: '2027-07-14',
  fieldworkStart: '2027-07-20',
};

describe('audit requests: a 60-item request list, its import and one request round-trip', () => {
  let h: Harness;
  let orgId: string;
  let engagementId: string;
  const codes = { ac: '', net: '', chg: '', hr: '' };
  const owner = { name: 'Ngozi Adeyemi', email: '' };
  let rows: string[][];
  let csv: string;
  let xlsx: Buffer;

  async function control(code: string, soc2: string[]) {
    const parsed = parseControlMatrixRow({
      code,
      title: `Control ${code}`,
      cadence: 'monthly',
      ownerEmail: null,
      requirements: [
        {
          code: `${code}-R1`,
          artifact: 'a report',
          cadence: 'monthly',
          sourceType: 'document',
          collection: 'manual',
        },
      ],
      mappings: { soc2 },
    });
    if (!parsed.ok) throw new Error(parsed.issue.message);
    await write(h.store.database, { actor: TEST_ACTOR, orgId }, (w) =>
      applyControlMatrix(w, orgId, [
        { row: parsed.row, fail: (_c, reason) => new AppError('invalid_input', reason) },
      ]),
    );
  }
  const db = () => h.store.database;
  const activityCount = async () =>
    Number(
      (
        await db()
          .db.selectFrom('activity')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('org_id', '=', orgId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const importCsv = (text: string, file = 'pbc.csv', engagement = engagementId) =>
    importRequestList(db(), TEST_ACTOR, orgId, {
      engagementId: engagement,
      source: { file, input: Readable.from([Buffer.from(text)]) },
    });

  beforeAll(async () => {
    h = await createHarness();
    orgId = (await buildOrg(h, `Requests ${unique()}`)).id;
    const suffix = unique().slice(-4).toUpperCase();
    Object.assign(codes, {
      ac: `AC${suffix}-1`,
      net: `NET${suffix}-1`,
      chg: `CHG${suffix}-1`,
      hr: `HR${suffix}-1`,
    });
    await control(codes.ac, ['CC6.1']);
    await control(codes.net, ['CC6.1', 'CC6.6']);
    await control(codes.chg, ['CC8.1']);
    await control(codes.hr, ['CC1.4']);
    owner.email = (await buildPerson(h, orgId, { name: owner.name })).email;
    engagementId = (await createEngagement(db(), TEST_ACTOR, orgId, TYPE2)).id;
    rows = requestListRows(60, { hrCode: codes.hr, chgCode: codes.chg, owner: owner.name });
    csv = requestListCsv(rows);
    xlsx = await requestListXlsx(rows);
  });
  afterAll(() => h.close());

  it('imports the CSV list, maps every request naming a criterion or a control, and lists the rest as unmapped', async () => {
    const result = await importCsv(csv);
    expect(result).toMatchObject({
      rows: 60,
      created: 60,
      updated: 0,
      unchanged: 0,
      mapped: 52,
      notInList: [],
    });
    expect(result.unmapped.map((u) => u.reference)).toEqual(
      rows.filter((_r, i) => (i + 1) % 4 === 0 && (i + 1) % 8 !== 0).map((r) => r[0]),
    );
    expect(result.unmatchedAssignees).toHaveLength(30);
    expect(result.mapping.columns).toMatchObject({ reference: 'request #', criterion: 'tsc reference' });

    const byRef = new Map((await listRequests(db(), orgId, engagementId)).map((r) => [r.reference, r]));
    expect(byRef.get('PBC-001')!.controls.map((c) => c.code)).toEqual([codes.ac, codes.net].sort());
    expect(byRef.get('PBC-002')!).toMatchObject({
      controls: [{ code: codes.chg }],
      mappedBy: 'auto',
      assignee: { name: owner.name },
    });
    expect(byRef.get('PBC-003')!.controls.map((c) => c.code)).toEqual([codes.hr]);
    expect(byRef.get('PBC-004')!).toMatchObject({ controls: [], mappedBy: null, status: 'open' });
    expect(byRef.get('PBC-008')!.controls.map((c) => c.code)).toEqual([codes.chg]);
    expect(byRef.get('PBC-005')!).toMatchObject({ populationNote: 'Sample: new hires', assignee: null });
    expect(await listRequests(db(), orgId, engagementId, { controlCode: codes.chg })).toHaveLength(22);
  });

  it('changes nothing when the same list is imported again, as CSV or as the same XLSX', async () => {
    const before = await activityCount();
    expect(await importCsv(csv)).toMatchObject({ created: 0, updated: 0, unchanged: 60, mapped: 52 });
    const again = await importRequestList(db(), TEST_ACTOR, orgId, {
      engagementId,
      source: { file: 'pbc.xlsx', input: Readable.from([xlsx]) },
    });
    expect(again).toMatchObject({ rows: 60, created: 0, updated: 0, unchanged: 60 });
    expect(await activityCount()).toBe(before);
  });

  it('imports the XLSX list into another engagement with the same mapping', async () => {
    const other = (await createEngagement(db(), TEST_ACTOR, orgId, TYPE2)).id;
    const result = await importRequestList(db(), TEST_ACTOR, orgId, {
      engagementId: other,
      source: { file: 'pbc.xlsx', input: Readable.from([xlsx]) },
    });
    expect(result).toMatchObject({ rows: 60, created: 60, mapped: 52 });
    expect(result.unmapped).toHaveLength(8);
    const [first] = await listRequests(db(), orgId, other);
    expect(first).toMatchObject({
      reference: 'PBC-001',
      controls: [{ code: [codes.ac, codes.net].sort()[0] }, {}],
    });
  });

  it('round-trips a request: answer → submit → return with reason → answer again → accept, each in the ledger', async () => {
    const ref = 'PBC-001';
    const evidenceId = await buildEvidence(h, orgId, codes.ac);
    expect(
      (
        await answerRequest(db(), TEST_ACTOR, orgId, engagementId, ref, {
          message: 'The export',
          evidenceIds: [evidenceId],
        })
      ).status,
    ).toBe('in-progress');
    expect((await submitRequest(db(), TEST_ACTOR, orgId, engagementId, ref)).status).toBe('submitted');
    const auditor = { type: 'user' as const, id: 'auditor-1', label: 'auditor@firm.test' };
    await expect(
      answerRequest(db(), TEST_ACTOR, orgId, engagementId, ref, { evidenceIds: [evidenceId] }),
    ).rejects.toMatchObject({ code: 'conflict' });
    const returned = await returnRequest(db(), auditor, orgId, engagementId, ref, {
      reason: 'The export lacks the period end',
    });
    expect(returned.status).toBe('returned');
    await expect(submitRequest(db(), TEST_ACTOR, orgId, engagementId, ref)).rejects.toMatchObject({
      code: 'conflict',
    });
    const stores = { database: db(), blobs: blobStoreFor(h.store.dataDir) };
    const reanswered = await answerRequestWithUpload(stores, TEST_ACTOR, orgId, engagementId, ref, {
      requirementCode: `${codes.net}-R1`,
      effective: '2026-11-01..2026-11-30',
      message: 'Export through the period end',
      content: { kind: 'file', stream: Readable.from(['user,role\nada,admin\n']), fileName: 'users.csv' },
    });
    expect(reanswered.status).toBe('in-progress');
    expect((await submitRequest(db(), TEST_ACTOR, orgId, engagementId, ref)).status).toBe('submitted');
    const accepted = await acceptRequest(db(), auditor, orgId, engagementId, ref);
    expect(accepted.status).toBe('accepted');
    expect(
      accepted.thread.map((t) => (t.kind === 'transition' ? `${t.fromStatus}→${t.toStatus}` : t.kind)),
    ).toEqual([
      'answer',
      'in-progress→submitted',
      'submitted→returned',
      'answer',
      'in-progress→submitted',
      'submitted→accepted',
    ]);
    expect(accepted.thread[2]).toMatchObject({
      body: 'The export lacks the period end',
      author: { label: 'auditor@firm.test' },
    });
    expect(accepted.thread[0]!.evidence.map((e) => e.id)).toEqual([evidenceId]);
    expect(accepted.thread[3]!.evidence[0]).toMatchObject({
      requirementCode: `${codes.net}-R1`,
      fileName: 'users.csv',
    });

    const ledger = await db()
      .db.selectFrom('activity')
      .select(['action', 'actor_label', 'change'])
      .where('record_type', '=', 'audit-request')
      .where('record_id', '=', accepted.id)
      .orderBy('seq')
      .execute();
    expect(ledger.map((e) => e.action)).toEqual([
      'create',
      'answer',
      'submit',
      'return',
      'answer',
      'submit',
      'accept',
    ]);
    expect(ledger[3]).toMatchObject({ actor_label: 'auditor@firm.test' });
    expect(JSON.parse(ledger[3]!.change)).toMatchObject({
      status: ['submitted', 'returned'],
      reason: 'The export lacks the period end',
    });
    // The uploaded answer is evidence of the requirement, recorded in the ledger like any upload.
    const uploaded = accepted.thread[3]!.evidence[0]!.id;
    expect(
      await db().db.selectFrom('activity').select('action').where('record_id', '=', uploaded).execute(),
    ).toEqual([{ action: 'create' }]);

    const [packaged] = await collect(
      requestsForPackage(db(), orgId, engagementId, { requestId: accepted.id }),
    );
    expect(packaged).toMatchObject({
      reference: ref,
      status: 'accepted',
      evidenceIds: [evidenceId, uploaded].sort(),
    });
    expect(packaged!.thread).toHaveLength(6);
  });

  it('refuses evidence of a control the request is not mapped to', async () => {
    const foreign = await buildEvidence(h, orgId, codes.chg);
    await expect(
      answerRequest(db(), TEST_ACTOR, orgId, engagementId, 'PBC-005', { evidenceIds: [foreign] }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      details: { field: 'evidenceIds' },
    });
  });

  it('updates a revised list by reference and never loses a thread or a mapping made by hand', async () => {
    await updateRequest(db(), TEST_ACTOR, orgId, engagementId, 'PBC-004', { controlCodes: [codes.hr] });
    const revised = rows.map((r) => [...r]);
    revised[0]![3] = 'Revised: SSO configuration and user listing for the whole period';
    revised[3]![5] = '2027-09-30';
    const result = await importCsv(requestListCsv(revised.slice(0, 59)), 'pbc-v2.csv');
    expect(result).toMatchObject({ created: 0, updated: 2, unchanged: 57, notInList: ['PBC-060'] });
    const first = await getRequest(db(), orgId, engagementId, 'PBC-001');
    expect(first).toMatchObject({ text: revised[0]![3], status: 'accepted' });
    expect(first.thread).toHaveLength(6);
    const fourth = await getRequest(db(), orgId, engagementId, 'PBC-004');
    expect(fourth).toMatchObject({ dueOn: '2027-09-30', mappedBy: 'hand', controls: [{ code: codes.hr }] });
    expect(await listRequests(db(), orgId, engagementId)).toHaveLength(60);
  });

  it('aborts a list with a bad row naming file, row and column, and leaves everything as it was', async () => {
    const before = await activityCount();
    const snapshot = await listRequests(db(), orgId, engagementId);
    const bad = rows.map((r) => [...r]);
    bad[29]![5] = '31/08/2027';
    bad[0]![3] = 'This change must not land';
    const error = await importCsv(requestListCsv(bad), 'bad.csv').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).location).toMatchObject({
      file: 'bad.csv',
      line: 31,
      column: '6 (due date)',
    });
    expect((error as ImportError).message).toMatch(
      /bad\.csv, line 31, column 6 \(due date\): due date "31\/08\/2027"/,
    );
    const xlsxError = await importRequestList(db(), TEST_ACTOR, orgId, {
      engagementId,
      source: { file: 'bad.xlsx', input: Readable.from([await requestListXlsx(bad)]) },
    }).catch((e: unknown) => e);
    expect((xlsxError as ImportError).location).toMatchObject({
      file: 'bad.xlsx',
      row: 31,
      column: 'F (due date)',
    });
    const duplicate = rows.map((r) => [...r]);
    duplicate[9]![0] = 'PBC-002';
    await expect(importCsv(requestListCsv(duplicate), 'dup.csv')).rejects.toMatchObject({
      location: { line: 11, column: '1 (request #)' },
    });
    expect(await activityCount()).toBe(before);
    expect(await listRequests(db(), orgId, engagementId)).toEqual(snapshot);
  });

  it('uses a saved column mapping by name, and names a column it lacks', async () => {
    await saveColumnMapping(db(), TEST_ACTOR, orgId, {
      name: 'Other Firm',
      columns: { reference: 'Ref', text: 'Ask', dueOn: 'Needed by' },
    });
    const other = (await createEngagement(db(), TEST_ACTOR, orgId, TYPE2)).id;
    const list = `Ref,Ask,Needed by\n1.3,Access review evidence for ${codes.ac},2027-08-01\n`;
    const result = await importRequestList(db(), TEST_ACTOR, orgId, {
      engagementId: other,
      mappingName: 'Other Firm',
      source: { file: 'other.csv', input: Readable.from([list]) },
    });
    expect(result).toMatchObject({ created: 1, mapped: 1, mapping: { name: 'Other Firm' } });
    await expect(
      importRequestList(db(), TEST_ACTOR, orgId, {
        engagementId: other,
        mappingName: 'Other Firm',
        source: { file: 'pbc.csv', input: Readable.from([csv]) },
      }),
    ).rejects.toMatchObject({ code: 'import_failed', message: expect.stringContaining('"Ref"') });
  });

  it('makes the controls of an overdue request a gap, owned by its assignee, until it is submitted', async () => {
    const due = addDays(todayIso(), -2);
    await updateRequest(db(), TEST_ACTOR, orgId, engagementId, 'PBC-003', {
      assigneeEmail: owner.email,
      dueOn: due,
    });
    const readiness = await getReadiness(db(), orgId, { engagementId });
    const hr = readiness.controls.find((c) => c.code === codes.hr)!;
    expect(hr.reasons).toContainEqual(
      expect.objectContaining({ code: 'request-overdue', dueOn: due, ownerName: owner.name }),
    );
    const evidenceId = await buildEvidence(h, orgId, codes.hr);
    await answerRequest(db(), TEST_ACTOR, orgId, engagementId, 'PBC-003', { evidenceIds: [evidenceId] });
    await submitRequest(db(), TEST_ACTOR, orgId, engagementId, 'PBC-003');
    const after = (await getReadiness(db(), orgId, { engagementId })).controls.find(
      (c) => c.code === codes.hr,
    )!;
    expect(after.reasons.map((r) => r.code)).not.toContain('request-overdue');
  });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
