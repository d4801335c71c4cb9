import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildControl,
  buildOrg,
  buildToken,
  createHarness,
  type Harness,
  withToken,
} from '../../../test/factories.js';
import { createEngagement } from '../engagements/engagement.service.js';

/** Share of pixels that are not (near) white in a binary PPM (P6) image. */
function inkShare(ppm: Buffer): number {
  const header = ppm.toString('latin1', 0, 64).split(/\s+/);
  const width = Number(header[1]);
  const height = Number(header[2]);
  const data = ppm.subarray(ppm.length - width * height * 3);
  let ink = 0;
  for (let i = 0; i < data.length; i += 3)
    if (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200) ink++;
  return ink / (width * height);
}

/** The PDF readiness report renders: pdftoppm turns it into pages that exist and are not blank (issue 19). */
describe('readiness PDF report', { timeout: 180_000 }, () => {
  let h: Harness;
  let slug: string;
  let auth: Record<string, string>;

  beforeAll(async () => {
    h = await createHarness();
    const org = await buildOrg(h, 'Report Co');
    slug = org.slug;
    auth = withToken(await buildToken(h, org.id, 'viewer'));
    for (const code of ['R-01', 'R-02', 'R-03']) await buildControl(h, org.id, { code });
    await createEngagement(h.store.database, TEST_ACTOR, org.id, {
      type: 'type2',
      windowStart: '2027-01-15',
      windowEnd: '2027-07-14',
      fieldworkStart: '2027-07-20',
    });
  }, 120_000);
  afterAll(() => h.close());

  it('downloads as a PDF whose pages render with ink, the charts included', async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/reports/readiness.pdf?at=2026-11-29`,
      headers: auth,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain(`readiness-${slug}-2026-11-29.pdf`);
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'auditready-pdf-'));
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', '40', file, path.join(dir, 'page')]);
    const pages = readdirSync(dir)
      .filter((f) => f.endsWith('.ppm'))
      .sort();
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages)
      expect(inkShare(readFileSync(path.join(dir, page))), page).toBeGreaterThan(0.002);
    // The summary page carries the two charts: far more ink than a page of text.
    const summary = inkShare(readFileSync(path.join(dir, pages[1]!)));
    expect(summary).toBeGreaterThan(0.03);
    const text = execFileSync('pdftotext', [file, '-']).toString();
    expect(text).toContain('Report Co');
    expect(text).toContain('SOC 2 criteria by category and status');
    expect(text).toContain('CC6');
  });
});
