import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildControl,
  buildNhi,
  buildOrg,
  buildPerson,
  buildToken,
  createHarness,
  type Harness,
  multipartFile,
  withToken,
} from '../../../test/factories.js';
import { importControlMatrix } from '../controls/control.service.js';
import { readControlMatrixCsv, readControlMatrixXlsx } from '../controls/control-matrix.js';
import { createEngagement } from '../engagements/engagement.service.js';
import { addException } from '../exceptions/exception.service.js';
import { addFinding } from '../findings/finding.service.js';
import { SPREADSHEET_EXPORTS } from './spreadsheets.js';

/** Request fields of a multipart upload with these credentials. */
function upload(auth: Record<string, string>, body: { payload: Buffer; headers: Record<string, string> }) {
  return { headers: { ...auth, ...body.headers }, payload: body.payload };
}

/** A cell a spreadsheet would run as a formula (what every export must neutralize). */
const DANGEROUS = /^[=+\-@\t\r]/;

async function xlsxCells(bytes: Buffer): Promise<Map<string, string[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheets = new Map<string, string[][]>();
  workbook.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow((row) => {
      rows.push(
        (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))),
      );
    });
    sheets.set(ws.name, rows);
  });
  return sheets;
}

/**
 * Every spreadsheet export (CSV and XLSX) through the API neutralizes
 * formula injection, and the control matrix XLSX round trip equals the CSV
 * round trip (issue 19).
 */
describe('spreadsheet exports', () => {
  let h: Harness;
  let orgSlug: string;
  let orgId: string;
  let auth: Record<string, string>;

  beforeAll(async () => {
    h = await createHarness();
    const org = await buildOrg(h, 'Sheets');
    orgSlug = org.slug;
    orgId = org.id;
    auth = withToken(await buildToken(h, org.id, 'viewer'));
    const owner = await buildPerson(h, org.id, { name: '@SUM(1,2)' });
    await buildControl(h, org.id, {
      code: 'X-01',
      title: '=HYPERLINK("http://evil.example","click")',
      ownerEmail: owner.email,
    });
    await buildControl(h, org.id, { code: 'X-02', title: '+cmd|calc', ownerEmail: owner.email });
    await createEngagement(h.store.database, TEST_ACTOR, org.id, {
      type: 'type2',
      windowStart: '2027-01-15',
      windowEnd: '2027-07-14',
      fieldworkStart: '2027-07-20',
    });
    const finding = await addFinding(h.store.database, TEST_ACTOR, org.id, {
      title: '=1+1',
      description: '-2 things\tmissing',
      severity: 'high',
      controlCodes: ['X-01'],
      openedOn: '2026-11-01',
    });
    await addException(h.store.database, TEST_ACTOR, org.id, {
      controlCode: 'X-02',
      summary: '@risk accepted',
      reason: '-1 reason',
      riskRating: 'low',
      expiresOn: '2027-03-01',
    });
    void finding;
    await buildNhi(h, org.id, { title: '=cmd()' });
  }, 120_000);
  afterAll(() => h.close());

  for (const kind of SPREADSHEET_EXPORTS) {
    for (const format of ['xlsx', 'csv'] as const) {
      it(`${kind} as ${format}: no cell a spreadsheet would run as a formula`, async () => {
        const response = await h.app.inject({
          method: 'GET',
          url: `/api/v1/orgs/${orgSlug}/exports/${kind}?format=${format}&at=2026-11-29`,
          headers: auth,
        });
        expect(response.statusCode, response.body).toBe(200);
        expect(response.headers['content-disposition']).toContain(`filename="${kind}-${orgSlug}`);
        const cells =
          format === 'xlsx'
            ? [...(await xlsxCells(response.rawPayload)).values()].flat(2)
            : Papa.parse<string[]>(response.body, { skipEmptyLines: true }).data.flat();
        expect(cells.length).toBeGreaterThan(1);
        expect(cells.filter((c) => DANGEROUS.test(c))).toEqual([]);
        const injected: Record<string, string> = {
          controls: `'=HYPERLINK`,
          readiness: `'=HYPERLINK`,
          findings: `'=1+1`,
          exceptions: `'@risk accepted`,
          'nhi-inventory': `'=cmd()`,
        };
        if (injected[kind]) expect(cells.some((c) => c.startsWith(injected[kind]!))).toBe(true);
      });
    }
  }

  it('readiness XLSX has a sheet per status and per SOC 2 category', async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${orgSlug}/exports/readiness?at=2026-11-29`,
      headers: auth,
    });
    const sheets = await xlsxCells(response.rawPayload);
    expect([...sheets.keys()].slice(0, 7)).toEqual([
      'Controls',
      'Summary',
      'Gaps',
      'At risk',
      'Excepted',
      'Ready',
      'Not applicable',
    ]);
    expect([...sheets.keys()].some((n) => n.startsWith('CC6 '))).toBe(true);
  });

  it('the control matrix XLSX reads back to exactly what the CSV reads back to, and re-imports unchanged', async () => {
    const get = (format: string) =>
      h.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${orgSlug}/exports/controls?format=${format}`,
        headers: auth,
      });
    const csv = (await get('csv')).body;
    const xlsx = (await get('xlsx')).rawPayload;
    const strip = (patches: Awaited<ReturnType<typeof readControlMatrixCsv>>) =>
      patches.map(({ code, fields }) => ({ code, fields }));
    const fromCsv = strip(await readControlMatrixCsv({ file: 'm.csv', input: Readable.from([csv]) }));
    const fromXlsx = strip(await readControlMatrixXlsx({ file: 'm.xlsx', input: Readable.from([xlsx]) }));
    expect(fromXlsx).toEqual(fromCsv);
    expect(fromXlsx.find((p) => p.code === 'X-01')?.fields.title).toBe(
      '=HYPERLINK("http://evil.example","click")',
    );
    const again = await importControlMatrix(h.store.database, TEST_ACTOR, orgId, {
      file: 'm.xlsx',
      input: Readable.from([xlsx]),
      format: 'xlsx',
    });
    expect(again).toEqual({ rows: 2, created: 0, updated: 0, unchanged: 2 });
  });

  it('an XLSX import is all or nothing and names file, sheet, row and column', async () => {
    const lead = withToken(await buildToken(h, orgId, 'compliance-lead'));
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('Controls');
    ws.addRow(['code', 'title', 'cadence']);
    ws.addRow(['X-03', 'A new control', 'monthly']);
    ws.addRow(['X-04', 'Another', 'fortnightly']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${orgSlug}/controls/import`,
      ...upload(lead, multipartFile(bytes, 'matrix.xlsx')),
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.message).toMatch(
      /^matrix\.xlsx, sheet Controls, row 3, column C \(cadence\): /,
    );
    const controls = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${orgSlug}/controls`,
      headers: auth,
    });
    expect(controls.json().items.map((c: { code: string }) => c.code)).toEqual(['X-01', 'X-02']);
    const formula = new ExcelJS.Workbook();
    const fs = formula.addWorksheet('Controls');
    fs.addRow(['code', 'title']);
    fs.addRow(['X-01', { formula: '1+1', result: 2 }]);
    const fb = Buffer.from(await formula.xlsx.writeBuffer());
    const refused = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${orgSlug}/controls/import`,
      ...upload(lead, multipartFile(fb, 'f.xlsx')),
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toContain(
      'f.xlsx, sheet Controls, row 2, column B: the cell is a formula',
    );
  });

  it('serves the OSCAL catalog and imports an OSCAL catalog through the API', async () => {
    const oscal = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${orgSlug}/oscal/oscal-catalog`,
      headers: auth,
    });
    expect(oscal.statusCode).toBe(200);
    expect(oscal.headers['content-disposition']).toContain(`oscal-catalog-${orgSlug}.json`);
    expect(oscal.json().catalog.groups[0].controls.map((c: { id: string }) => c.id)).toEqual([
      'X-01',
      'X-02',
    ]);
    const admin = withToken(await buildToken(h, orgId, 'admin'));
    const doc = JSON.stringify({
      catalog: {
        uuid: '7d1f3e5a-4b2c-4d6e-8f90-1a2b3c4d5e6f',
        metadata: {
          title: 'Tiny',
          'last-modified': '2026-01-01T00:00:00Z',
          version: '1',
          'oscal-version': '1.1.2',
        },
        groups: [
          {
            id: 'g',
            title: 'G',
            controls: [{ id: 'g-1', title: 'One', controls: [{ id: 'g-1.1', title: 'Enh' }] }],
          },
        ],
      },
    });
    const imported = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${orgSlug}/frameworks/import-oscal?frameworkId=tiny`,
      ...upload(admin, multipartFile(doc, 'tiny.json')),
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({
      frameworkId: 'tiny',
      status: 'installed',
      groups: 1,
      criteria: 2,
    });
    const viewerTry = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${orgSlug}/frameworks/import-oscal?frameworkId=tiny`,
      ...upload(auth, multipartFile(doc, 'tiny.json')),
    });
    expect(viewerTry.statusCode).toBe(403);
  });
});
