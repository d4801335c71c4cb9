import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DemoServer } from './server.js';
import { browserSuite, ORG, SHOTS } from './support.js';

let server: DemoServer;
let page: Page;

/** GET on the API with the page's session. */
async function apiGet<T>(p: Page, path: string): Promise<T> {
  const response = await p.request.get(`${server.base}/api/v1${path}`);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

/** A minimal one-page PDF (text "auditready e2e"). */
const PDF = [
  '%PDF-1.4',
  '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
  '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
  '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj',
  '4 0 obj << /Length 44 >> stream',
  'BT /F1 18 Tf 20 70 Td (auditready e2e) Tj ET',
  'endstream endobj',
  '5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj',
  'trailer << /Root 1 0 R >>',
  '%%EOF',
].join('\n');

describe('daily use: evidence that opens, departed owners, bulk triage of findings', () => {
  browserSuite({ role: 'admin' }, (suite) => {
    ({ server, page } = suite);
  });

  it('opens an uploaded PDF in the browser (inline, nosniff), from its name on the control page', async () => {
    type C = { code: string; requirements: { code: string }[] };
    const controls = (await apiGet<{ items: { code: string }[] }>(page, `/orgs/${ORG}/controls?limit=10`))
      .items;
    const control = await apiGet<C>(page, `/orgs/${ORG}/controls/${controls[0]!.code}`);
    const req = control.requirements[0]!.code;
    await page.goto(`${server.base}/o/${ORG}/controls/${control.code}`);
    const dropzone = page.locator(`[data-dropzone="${req}"]`);
    const transfer = await page.evaluateHandle((pdf) => {
      const dt = new DataTransfer();
      dt.items.add(new File([pdf], 'e2e-policy.pdf', { type: 'application/pdf' }));
      return dt;
    }, PDF);
    await dropzone.dispatchEvent('dragover', { dataTransfer: transfer });
    await dropzone.dispatchEvent('drop', { dataTransfer: transfer });
    await dropzone.getByText('Ready to upload: e2e-policy.pdf').waitFor();
    await dropzone.getByRole('button', { name: 'Upload evidence' }).click();
    const link = page
      .locator(`[data-requirement="${req}"]`)
      .getByRole('link', { name: 'e2e-policy.pdf' })
      .first();
    await link.waitFor();

    const downloads: string[] = [];
    page.context().on('download', (d) => downloads.push(d.suggestedFilename()));
    const served = page
      .context()
      .waitForEvent('response', (r) => /\/evidence\/[^/]+\/content$/.test(r.url()));
    const [tab] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    const response = await served;
    expect(response.status()).toBe(200);
    const headers = response.headers();
    expect(headers['content-type']).toBe('application/pdf');
    expect(headers['content-disposition']).toMatch(/^inline; filename="e2e-policy.pdf"/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    await tab.waitForLoadState();
    expect(tab.url()).toBe(response.url());
    // Shown in the tab, not handed to the downloads.
    expect(downloads).toEqual([]);
    await tab.close();
  });

  it('marks a departed owner in the matrix and on the control page, and the "needs an owner" filter finds it', async () => {
    type Row = { code: string; owner: { id: string; email: string; name: string; status: string } | null };
    const controls = (await apiGet<{ items: Row[] }>(page, `/orgs/${ORG}/controls?limit=500`)).items;
    const users = new Set(server.users.map((u) => u.email));
    const target = controls.find((c) => c.owner?.status === 'active' && !users.has(c.owner.email))!;
    const owner = target.owner!;
    const csrf = (await apiGet<{ csrfToken: string }>(page, '/auth/session')).csrfToken;
    const left = await page.request.patch(`${server.base}/api/v1/orgs/${ORG}/people/${owner.id}`, {
      headers: { 'x-csrf-token': csrf },
      data: { status: 'departed', departedOn: '2026-11-30' },
    });
    expect(left.status()).toBe(200);

    await page.goto(`${server.base}/o/${ORG}/controls`);
    await page.getByLabel('Owner', { exact: true }).first().click();
    await page.getByRole('option', { name: 'Needs an owner (none or departed)' }).click();
    await page.getByLabel('Search').first().fill(target.code);
    const row = page.locator(`tr[data-code="${target.code}"]`);
    await expect.poll(() => row.locator('[data-owner-departed]').textContent()).toBe('departed');

    await page.goto(`${server.base}/o/${ORG}/controls/${target.code}`);
    await expect
      .poll(() => page.locator('[data-owner] [data-owner-departed]').textContent())
      .toBe('departed');
    await expect
      .poll(() => page.locator('[data-needs-owner]').textContent())
      .toContain(`${owner.name} has departed`);
    await page.screenshot({ path: `${SHOTS}/control-departed-owner.png`, fullPage: true });
  });

  it('triages several NHI rule findings at once: filter by source, select, set severity, one request', async () => {
    type F = { id: string; severity: string; sourceKind: string; resolvedOn: string | null };
    const ruleFindings = (
      await apiGet<{ items: F[] }>(page, `/orgs/${ORG}/findings?source=nhi-rule&open=true&limit=500`)
    ).items;
    expect(ruleFindings.length).toBeGreaterThan(2);

    await page.goto(`${server.base}/o/${ORG}/findings`);
    await page.getByLabel('Source', { exact: true }).first().click();
    await page.getByRole('option', { name: /^NHI rules/ }).click();
    const rows = page.locator('tr[data-finding]');
    await rows.first().waitFor();
    const ids = [
      await rows.nth(0).getAttribute('data-finding'),
      await rows.nth(1).getAttribute('data-finding'),
    ] as string[];
    for (const id of ids) {
      expect(ruleFindings.map((f) => f.id)).toContain(id);
      await page.locator(`tr[data-finding="${id}"]`).getByRole('checkbox').check();
    }
    const triage = page.getByTestId('bulk-triage');
    await triage.getByLabel('Severity', { exact: true }).click();
    await page.getByRole('option', { name: 'critical', exact: true }).click();
    const sent = page.waitForRequest((r) => r.url().endsWith('/findings/triage') && r.method() === 'POST');
    await triage.getByRole('button', { name: 'Apply to 2' }).click();
    expect((await sent).postDataJSON()).toEqual({ ids, severity: 'critical' });
    // Findings already critical are left alone (and not counted).
    const before = ruleFindings.filter((f) => ids.includes(f.id) && f.severity !== 'critical').length;
    const words = before === 1 ? '1 finding changed.' : `${before} findings changed.`;
    await expect.poll(() => page.getByText(words, { exact: true }).count()).toBe(1);
    const after = (await apiGet<{ items: F[] }>(page, `/orgs/${ORG}/findings?source=nhi-rule&limit=500`))
      .items;
    expect(after.filter((f) => ids.includes(f.id)).map((f) => f.severity)).toEqual(['critical', 'critical']);
  });
});
