import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DemoServer } from './server.js';
import { axe, browserSuite, newPage, ORG, pickOption, SHOTS, signIn } from './support.js';

const SAMPLES = join(import.meta.dirname, '..', 'src', 'importers', 'nhi', 'fixtures');

let server: DemoServer;
let browser: Browser;
let page: Page;
/** An identity the first test assigns an owner to. */
let assigned: string | undefined;

/** The names in the identity table's rendered rows. */
const names = (p: Page) =>
  p
    .locator('[data-testid=nhi-table] tbody tr[data-nhi]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-nhi')!));

describe('non-human identities in Chromium', () => {
  browserSuite({ role: 'admin' }, (suite) => {
    ({ server, browser, page } = suite);
  });

  it('filters to orphaned identities and assigns an owner in bulk: the Orphaned badge goes away', async () => {
    await page.getByRole('link', { name: 'Identities', exact: true }).click();
    await page.getByTestId('nhi-table').waitFor();
    await expect.poll(() => page.getByTestId('nhi-count').textContent()).toMatch(/^\d+ identities/);
    await page.mouse.move(700, 30);
    await page.screenshot({ path: `${SHOTS}/nhi.png` });
    await axe(page, 'nhi');
    // Each row says its account / project / cluster; a key without an owner of its own says whom it answers to.
    expect(await page.locator('tbody tr[data-nhi] td[data-account="418273645091"]').count()).toBeGreaterThan(
      0,
    );
    const via = await page.locator('tbody tr[data-nhi] [data-owner-state=parent]').allTextContents();
    for (const words of via) expect(words).toMatch(/^via (the root user|\S+ \(.+\))$/);

    await page.getByLabel('Orphaned only').check();
    await expect.poll(() => page.getByTestId('nhi-count').textContent()).toMatch(/^\d+ identities match/);
    const orphaned = await names(page);
    expect(orphaned.length).toBeGreaterThan(2);
    const badges = await page.locator('tbody tr[data-nhi] [data-owner-state=orphaned]').count();
    expect(badges).toBe(orphaned.length);
    // Two identities whose names are unique in the list (the same user name can exist in two AWS accounts).
    const targets = orphaned
      .filter((n) => !n.startsWith('<') && orphaned.indexOf(n) === orphaned.lastIndexOf(n))
      .slice(0, 2);
    expect(targets).toHaveLength(2);
    assigned = targets[0]!;
    for (const name of targets) await page.getByLabel(`Select ${name}`, { exact: true }).check();
    await pickOption(page, 'Assign owner', 'Maya Chen');
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByText('Owner assigned to 2 identities.').waitFor();
    await expect.poll(async () => (await names(page)).filter((n) => targets.includes(n))).toEqual([]);

    await page.getByLabel('Orphaned only').uncheck();
    await page.getByLabel('Search').fill(targets[0]!);
    const row = page.locator(`tbody tr[data-nhi="${targets[0]}"]`).first();
    await expect.poll(() => row.locator('[data-owner]').textContent(), { timeout: 10_000 }).toBe('Maya Chen');
    expect(await row.locator('[data-owner-state]').count()).toBe(0);
  });

  it('opens an identity: attributes, lifecycle history with the import and the owner change', async () => {
    const name = assigned!;
    await page.locator(`tbody tr[data-nhi="${name}"]:has([data-owner]) a`).first().click();
    await page.getByRole('heading', { name, exact: true }).waitFor();
    const timeline = page.getByTestId('nhi-timeline');
    await expect.poll(() => timeline.locator('[data-event]').count()).toBeGreaterThan(1);
    const events = await timeline
      .locator('[data-event]')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-event')));
    expect(events[0]).toBe('created');
    expect(events).toContain('owner-changed');
    expect(await timeline.textContent()).toContain('import of');
    expect(await timeline.textContent()).toContain('Owner assigned: Maya Chen');
    expect(await page.getByTestId('nhi-attributes').textContent()).toContain('External id');
    await page.screenshot({ path: `${SHOTS}/nhi-detail.png`, fullPage: true });
    await axe(page, 'nhi-detail');
  });

  it('lists findings with their OWASP NHI Top 10, CIS and SOC 2 tags', async () => {
    await page.goto(`${server.base}/o/${ORG}/nhi?tab=findings`);
    const list = page.getByTestId('nhi-findings');
    await list.waitFor();
    await pickOption(page, 'Rule', 'Rotation overdue');
    await expect
      .poll(() => list.locator('tr[data-rule]').evaluateAll((r) => r.map((x) => x.getAttribute('data-rule'))))
      .toSatisfy((rules: string[]) => rules.length > 0 && rules.every((r) => r === 'nhi-rotation-overdue'));
    const first = list.locator('tr[data-rule]').first();
    expect(await first.locator('[data-tag=owasp]').first().textContent()).toMatch(/^OWASP NHI\d+:2025$/);
    expect(await first.locator('[data-tag=cis]').first().textContent()).toMatch(/^CIS .+ v[\d.]+ · [\d.]+$/);
    expect(await first.locator('[data-tag=soc2]').first().textContent()).toMatch(/^SOC 2 CC\d/);
    await page.screenshot({ path: `${SHOTS}/nhi-findings.png`, fullPage: true });
    await axe(page, 'nhi-findings');
  });

  it('marks a third-party app reviewed in bulk: its unreviewed finding clears', async () => {
    await page.getByRole('tab', { name: 'Identities' }).click();
    await pickOption(page, 'Open finding', 'Third-party app not reviewed');
    await expect.poll(() => page.getByTestId('nhi-count').textContent()).toMatch(/^\d+ identities match/);
    const kinds = () =>
      page
        .locator('[data-testid=nhi-table] tbody tr[data-kind]')
        .evaluateAll((rows) => [...new Set(rows.map((r) => r.getAttribute('data-kind')))]);
    await expect.poll(kinds, { timeout: 10_000 }).toEqual(['github-app-installation']);
    expect((await names(page)).length).toBeGreaterThan(1);
    const app = (await names(page))[0]!;
    await page.getByLabel(`Select ${app}`, { exact: true }).check();
    await page.getByRole('button', { name: 'Mark reviewed' }).click();
    await page.getByLabel('Note (optional)').fill('Scopes checked with the vendor owner');
    await axe(page, 'nhi-review');
    await page.getByRole('button', { name: 'Record review' }).click();
    await page.getByText(/Recorded your review of 1 identity; 1 finding\(s\) resolved/).waitFor();
    await expect.poll(async () => (await names(page)).includes(app)).toBe(false);
  });

  it('imports an export by upload and says what it did, at 1920×1080', async () => {
    const wide = await newPage(browser, 1920, 1080);
    await signIn(server, wide, 'admin');
    await wide.goto(`${server.base}/o/${ORG}/nhi?tab=imports`);
    await wide.getByTestId('nhi-imports').waitFor();
    await wide.getByRole('button', { name: 'Import an export' }).click();
    await wide.getByPlaceholder('Pick what the file is').click();
    await wide.getByRole('option', { name: 'GitHub deploy keys', exact: true }).click();
    await wide.getByLabel('Scope (optional)').fill('example-org/payments-api');
    await wide.locator('input[type=file]').setInputFiles({
      name: 'deploy-keys.json',
      mimeType: 'application/json',
      buffer: readFileSync(join(SAMPLES, 'github_repo_deploy_keys.json')),
    });
    await wide.getByRole('button', { name: 'Import', exact: true }).click();
    await expect
      .poll(() => wide.getByTestId('import-result').textContent(), { timeout: 15_000 })
      .toMatch(/^deploy-keys\.json: 8 records, 8 new/);
    await axe(wide, 'nhi-import');
    await wide.screenshot({ path: `${SHOTS}/nhi-import.png` });
    await wide.getByRole('button', { name: 'Close', exact: true }).click();
    await expect.poll(() => wide.getByTestId('nhi-imports').textContent()).toContain('deploy-keys.json');
    await wide.screenshot({ path: `${SHOTS}/nhi-imports.png`, fullPage: true });
    await wide.context().close();
  });
});
