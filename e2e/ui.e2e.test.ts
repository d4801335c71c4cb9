import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BIN, type DemoServer } from './server.js';
import { axe, browserSuite, newPage, ORG, pickOption, SHOTS, signIn as signInAs } from './support.js';

let server: DemoServer;
let browser: Browser;
let page: Page;

const signIn = (p: Page, role: string) => signInAs(server, p, role);

describe('web UI in Chromium', () => {
  browserSuite({}, (suite) => {
    ({ server, browser, page } = suite);
    page.on('dialog', (d) => d.accept('not good enough'));
  });

  it('signs in and renders the dashboard charts', async () => {
    await page.goto(`${server.base}/`);
    await page.waitForURL(/\/sign-in$/);
    await axe(page, 'sign-in');
    await page.screenshot({ path: `${SHOTS}/sign-in.png` });
    await signIn(page, 'admin');
    // Three charts: criteria by category, the gap burndown, the system-generated share of evidence by week.
    await expect.poll(() => page.locator('[data-chart] canvas').count(), { timeout: 15_000 }).toBe(3);
    await expect.poll(() => page.getByTestId('count-gap').textContent()).toMatch(/^\d+$/);
    await page.getByText('Milestones').waitFor();
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });
    await axe(page, 'dashboard');
  });

  it('downloads the PDF report, spreadsheets and OSCAL from the dashboard menu', async () => {
    await page.getByRole('button', { name: 'Download' }).click();
    const items = page.getByRole('menuitem');
    await expect.poll(() => items.count()).toBe(5);
    const hrefs = await items.evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
    const types = [];
    for (const href of hrefs) {
      const response = await page.request.get(`${server.base}${href}`);
      expect(response.status(), href).toBe(200);
      expect(response.headers()['content-disposition'], href).toMatch(/^attachment/);
      types.push(response.headers()['content-type']?.split(';')[0]);
    }
    expect(types).toEqual([
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/csv',
      'application/json',
      'application/json',
    ]);
    await page.keyboard.press('Escape');
  });

  it('shows "since last week" from the kept weekly snapshots: none before the first weekly run, then the first', async () => {
    await page.getByTestId('week-change-empty').waitFor();
    const gaps = (await page.getByTestId('count-gap').textContent()) ?? '';
    // The weekly run, as `serve`'s scheduler would run it: it keeps this week's snapshot.
    await promisify(execFile)(BIN, ['jobs', 'run', 'weekly-run', '--data', server.data, '--org', ORG], {
      env: { ...process.env, DATABASE_URL: '' },
    });
    await page.reload();
    await page.getByTestId('week-change').waitFor();
    expect(await page.getByTestId('week-change').textContent()).toContain('First snapshot (week of');
    expect(await page.getByTestId('week-change-gap').locator('td').allTextContents()).toEqual([
      'gap',
      gaps,
      'new',
    ]);
    await axe(page, 'dashboard-week-change');
  });

  it('imports the control matrix it downloads: nothing changes; a bad row is named and nothing is imported', async () => {
    await page.getByRole('link', { name: 'Controls', exact: true }).click();
    await page.getByRole('heading', { name: /^Controls \(/ }).waitFor();
    const csv = await (
      await page.request.get(`${server.base}/api/v1/orgs/${ORG}/exports/controls?format=csv`)
    ).text();
    await page.getByRole('button', { name: 'Import matrix' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import the control matrix' });
    const input = dialog.locator('input[type=file]');
    await input.setInputFiles({ name: 'matrix.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByRole('button', { name: 'Import matrix' }).click();
    await expect.poll(() => dialog.getByTestId('import-done').textContent()).toMatch(/nothing changed/);
    const bad = 'code,status\nAC-01,implemented\nAC-02,half-done\n';
    await input.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await dialog.getByRole('button', { name: 'Import matrix' }).click();
    await expect
      .poll(() => dialog.getByTestId('import-problem').textContent())
      .toMatch(/Line: 3Column: 2 \(status\)Reason: Invalid option/);
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('filters the matrix to gaps and assigns an owner', async () => {
    await page.getByRole('link', { name: 'Controls', exact: true }).click();
    await page.getByRole('heading', { name: /^Controls \(/ }).waitFor();
    await pickOption(page, 'Status', 'Gap');
    const statuses = await page
      .locator('tbody [data-status]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['gap']));
    await page.screenshot({ path: `${SHOTS}/controls-gaps.png` });
    await axe(page, 'controls');

    await page.getByLabel('Search').fill('OPS-10');
    const row = page.locator('tr[data-code="OPS-10"]');
    await expect.poll(() => row.textContent()).toContain('Unowned');
    await page.getByLabel('Select OPS-10').check();
    await pickOption(page, 'Assign owner', 'Maya Chen');
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Maya Chen');
  });

  it('a contributor uploads evidence by drag and drop (pending review), a lead accepts it: gap → ready; the lead may not accept their own upload', async () => {
    const readiness = await (await page.request.get(`${server.base}/api/v1/orgs/${ORG}/readiness`)).json();
    type R = { code: string; status: string; reasons: { code: string; requirementCode?: string }[] };
    const target = (readiness.controls as R[]).find(
      (c) =>
        c.status === 'gap' &&
        c.reasons.length === 1 &&
        c.reasons[0]!.code === 'no-evidence' &&
        c.reasons[0]!.requirementCode,
    )!;
    expect(target).toBeDefined();
    const req = target.reasons[0]!.requirementCode!;
    const drop = async (p: Page, name: string) => {
      const dropzone = p.locator(`[data-dropzone="${req}"]`);
      const transfer = await p.evaluateHandle((file) => {
        const dt = new DataTransfer();
        dt.items.add(new File(['n,item,result\n1,e2e,ok\n'], file, { type: 'text/csv' }));
        return dt;
      }, name);
      await dropzone.dispatchEvent('dragover', { dataTransfer: transfer });
      await dropzone.dispatchEvent('drop', { dataTransfer: transfer });
      await dropzone.getByText(`Ready to upload: ${name}`).waitFor();
      // The dropzone names the file before it is sent: wait for the upload's answer itself (closing the page
      // before it would abort the upload), then for the file in the requirement's evidence.
      const uploaded = p.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith('/evidence'),
        { timeout: 30_000 },
      );
      await dropzone.getByRole('button', { name: 'Upload evidence' }).click();
      expect((await uploaded).status()).toBe(201);
      await dropzone.getByText(`Ready to upload: ${name}`).waitFor({ state: 'detached' });
      await expect
        .poll(() => p.locator(`[data-requirement="${req}"]`).textContent(), { timeout: 10_000 })
        .toContain(name);
    };
    const contributor = await newPage(browser);
    await signIn(contributor, 'contributor');
    await contributor.goto(`${server.base}/o/${ORG}/controls/${target.code}`);
    await drop(contributor, 'e2e-evidence.csv');
    await contributor.context().close();

    await page.goto(`${server.base}/o/${ORG}/controls/${target.code}`);
    const status = page.locator('[data-testid=control-status] [data-status]');
    await expect.poll(() => status.getAttribute('data-status')).toBe('gap');
    // The server keeps a first-ever piece of evidence a gap until it is accepted, and says it waits for review.
    await expect
      .poll(() => page.getByText(/waiting for review/).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/control-pending.png`, fullPage: true });
    await axe(page, 'control');
    const block = page.locator(`[data-requirement="${req}"]`);
    await block.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 10_000 }).toBe('ready');
    await page.screenshot({ path: `${SHOTS}/control-ready.png`, fullPage: true });

    // Separation of duties: the lead's own upload offers no Accept, and says why.
    await drop(page, 'e2e-own.csv');
    await block.getByTestId('accept-blocked').first().waitFor();
    expect(await block.getByTestId('accept-blocked').first().textContent()).toMatch(/You uploaded this/);
    expect(await block.getByRole('button', { name: 'Accept' }).first().isDisabled()).toBe(true);
  });

  it('creates an API token (secret shown once) and revokes it', async () => {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByLabel('Token name').fill('ci-e2e');
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect.poll(() => page.getByTestId('token-secret').textContent()).toMatch(/\S{20,}/);
    const row = page.locator('tr[data-token="ci-e2e"]');
    await row.waitFor();
    await page.screenshot({ path: `${SHOTS}/settings.png` });
    await axe(page, 'settings');
    await row.getByRole('button', { name: 'Revoke ci-e2e' }).click();
    await expect.poll(() => row.textContent()).toContain('revoked');
  });

  it('links the settings page to the API reference, which renders', {
    timeout: 120_000,
  }, async () => {
    const link = page.getByRole('link', { name: 'API reference' });
    expect(await link.getAttribute('href')).toBe('/api/v1/docs');
    const [docs] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    const errors: string[] = [];
    docs.on('pageerror', (e) => errors.push(e.message));
    docs.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    // The reference renders every operation (a large document): give a loaded machine time.
    await docs.getByText('auditready API').first().waitFor({ timeout: 40_000 });
    // Every tag is listed, folded (docExpansion none); unfolding one draws its operations, deep-linked by tag
    // and operationId.
    await expect.poll(() => docs.locator('.opblock-tag').count(), { timeout: 40_000 }).toBeGreaterThan(20);
    await docs.locator('#operations-tag-package').click();
    await docs.locator('#operations-package-downloadEvidencePackage').waitFor({ timeout: 40_000 });
    await docs.screenshot({ path: `${SHOTS}/api-reference.png` });
    expect(errors).toEqual([]);
    await docs.close();
  });

  it('does not show settings to a contributor', async () => {
    const p = await newPage(browser);
    await signIn(p, 'contributor');
    await p.getByRole('link', { name: 'Controls', exact: true }).waitFor();
    expect(await p.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await p.goto(`${server.base}/o/${ORG}/settings`);
    await p.waitForURL(new RegExp(`/o/${ORG}/?$`));
    await p.screenshot({ path: `${SHOTS}/contributor-dashboard.png` });
    await p.context().close();
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
  });
});
