import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DemoServer } from './server.js';
import { axe, browserSuite, newPage, ORG, pickOption, SHOTS, signIn } from './support.js';

let server: DemoServer;
let browser: Browser;
let page: Page;

const apiGet = async <T>(path: string): Promise<T> =>
  (await (await page.request.get(`${server.base}/api/v1/orgs/${ORG}${path}`)).json()) as T;
const statuses = (p: Page, selector: string) =>
  p.locator(selector).evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
const noHorizontalOverflow = (p: Page) =>
  p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('framework view, engagement & plan, users and roles in Chromium', () => {
  browserSuite({ role: 'admin' }, (suite) => {
    ({ server, browser, page } = suite);
  });

  it('shows a framework by criterion, filters to unmapped and gaps, and maps a control to a gap', async () => {
    await page.getByRole('link', { name: 'Frameworks', exact: true }).click();
    await page.locator('[data-testid=criteria] tr[data-criterion]').first().waitFor();
    await page.getByRole('tab', { name: 'ISO 27001 Annex A' }).click();
    await page.waitForURL(/\/frameworks\/iso27001$/);
    await page.locator('tr[data-criterion="A.5.1"]').waitFor();

    const unmapped = Number(await page.getByTestId('criteria-unmapped').textContent());
    expect(unmapped).toBeGreaterThan(0);
    await page.getByText(/^Unmapped \(\d+\)$/).click();
    await page.waitForURL(/show=unmapped/);
    const shown = await statuses(page, 'tr[data-criterion]');
    expect(shown.length).toBe(Math.min(unmapped, 40));
    expect(new Set(shown)).toEqual(new Set(['unmapped']));
    await page.screenshot({ path: `${SHOTS}/frameworks-unmapped.png`, fullPage: true });
    await axe(page, 'frameworks');

    await page.getByText(/^Gaps and unmapped \(\d+\)$/).click();
    await page.waitForURL(/show=gaps/);
    const gaps = await statuses(page, 'tr[data-criterion]');
    expect(gaps.length).toBeGreaterThan(shown.length);
    expect(gaps.every((s) => s === 'gap' || s === 'unmapped')).toBe(true);

    // The next step for an unmapped criterion: map one of our controls to it; it stops being unmapped.
    await page.getByText(/^Unmapped \(\d+\)$/).click();
    const first = page.locator('tr[data-status="unmapped"]').first();
    const code = (await first.getAttribute('data-criterion'))!;
    await first.getByRole('button', { name: `Map a control to ${code}` }).click();
    await page.getByLabel(`Control that satisfies ${code}`).first().fill('GOV-01');
    await page.getByRole('option', { name: /^GOV-01 / }).click();
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('criteria-unmapped').textContent(), { timeout: 10_000 })
      .toBe(String(unmapped - 1));
    expect(await page.locator(`tr[data-criterion="${code}"]`).count()).toBe(0);
    const control = await apiGet<{ mappings: Record<string, string[]> }>('/controls/GOV-01');
    expect(control.mappings.iso27001).toContain(code);
  });

  it('shows the engagement, its milestones and per-owner workload, filters by owner, marks an item done', async () => {
    await page.getByRole('link', { name: 'Engagement & plan', exact: true }).click();
    await page.getByTestId('engagement-facts').waitFor();
    expect(await page.getByTestId('engagement-facts').textContent()).toContain('SOC 2 Type II');
    await expect.poll(() => page.locator('[data-chart] canvas').count(), { timeout: 15_000 }).toBe(1);
    const heat = page.getByTestId('workload');
    await heat.locator('tr[data-owner]').first().waitFor();
    await page.waitForTimeout(500);
    await page.mouse.move(900, 10); // not hovering the navigation link just clicked
    await page.screenshot({ path: `${SHOTS}/engagement.png`, fullPage: true });
    await axe(page, 'engagement');

    // Clicking an owner in the heat map narrows the chart title and the items to that owner.
    await heat.getByRole('button', { name: 'Ngozi Adeyemi' }).click();
    await page.getByRole('heading', { name: 'Workload by week: Ngozi Adeyemi' }).waitFor();
    const owners = await page
      .locator('[data-testid=plan-items] tr[data-item] td:nth-child(3)')
      .evaluateAll((els) => els.map((e) => e.textContent));
    expect(owners.length).toBeGreaterThan(0);
    expect(new Set(owners)).toEqual(new Set(['Ngozi Adeyemi']));
    await heat.getByRole('button', { name: 'Ngozi Adeyemi' }).click();
    await page.getByRole('heading', { name: 'Workload by week: everyone' }).waitFor();

    // The overdue milestone is marked done: it leaves the "not done" list and the plan records it.
    const milestone = page.locator('tr[data-item="milestone:readiness-assessment"]');
    expect(await milestone.getAttribute('data-state')).toBe('overdue');
    await milestone.getByRole('button', { name: /^Mark done: Readiness assessment/ }).click();
    await expect.poll(() => milestone.count(), { timeout: 10_000 }).toBe(0);
    const plan = await apiGet<{ plan: { milestones: { key: string; doneOn: string | null }[] } }>('/plan');
    expect(plan.plan.milestones.find((m) => m.key === 'milestone:readiness-assessment')?.doneOn).toMatch(
      /^\d{4}-\d{2}-\d{2}$/,
    );
    await pickOption(page, 'State', 'Done');
    await expect.poll(() => milestone.getAttribute('data-state')).toBe('done');

    // Editing the engagement (PATCH) moves a milestone by its overridden offset.
    await page.getByRole('button', { name: 'Edit engagement' }).click();
    await page.getByRole('button', { name: /^Milestone offsets/ }).click();
    await page.getByLabel('Gap remediation complete (days)').fill('-21');
    await page.getByRole('button', { name: 'Save engagement' }).click();
    await expect
      .poll(() => page.getByTestId('engagement-facts').textContent(), { timeout: 10_000 })
      .toContain('Gap remediation complete: -21 days');
    const moved = await apiGet<{
      engagement: { windowStart: string };
      plan: { milestones: { code: string; dueOn: string }[] };
    }>('/plan');
    const start = new Date(`${moved.engagement.windowStart}T00:00:00Z`);
    start.setUTCDate(start.getUTCDate() - 21);
    expect(moved.plan.milestones.find((m) => m.code === 'gap-remediation')?.dueOn).toBe(
      start.toISOString().slice(0, 10),
    );
  });

  it('invites a viewer with a one-time link, changes the role, disables the member in this organization only', async () => {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    const email = 'grace.e2e@northwind.example';
    await page.getByRole('textbox', { name: /^Member name/ }).fill('Grace Hopper');
    await page.getByRole('textbox', { name: /^Member e-mail/ }).fill(email);
    await pickOption(page, 'Member role', 'Viewer');
    await page.getByRole('button', { name: 'Invite member' }).click();
    const link = (await page.getByTestId('member-invite-link').textContent())!;
    expect(link).toMatch(new RegExp(`^${server.base}/invite#token=\\S{20,}$`));
    await page.locator(`tr[data-invitation="${email}"]`).waitFor();

    // The link works once: someone new chooses a password (a guessable one is refused, in words) and joins.
    const grace = await newPage(browser);
    await grace.goto(link);
    await grace.getByText(`invites ${email} as viewer`).waitFor();
    await axe(grace, 'invite-page');
    await grace.getByLabel(/^Choose a password/).fill('Password123!');
    await grace.getByRole('button', { name: 'Create account and join' }).click();
    await grace.getByRole('alert').filter({ hasText: 'too easy to guess' }).waitFor();
    await grace.getByLabel(/^Choose a password/).fill('correct horse battery staple');
    await grace.getByRole('button', { name: 'Create account and join' }).click();
    await grace.waitForURL(new RegExp(`/o/${ORG}/?$`));
    await grace.getByText('Grace Hopper · viewer').waitFor();

    await page.reload();
    const row = page.locator(`tr[data-member="${email}"]`);
    await row.waitFor();
    expect(await page.locator(`tr[data-invitation="${email}"]`).count()).toBe(0);
    await pickOption(page, 'Role of Grace Hopper', 'Contributor');
    await expect
      .poll(
        async () =>
          (await apiGet<{ items: { email: string; role: string }[] }>('/members')).items.find(
            (m) => m.email === email,
          )?.role,
      )
      .toBe('contributor');

    await row.getByRole('button', { name: 'Disable Grace Hopper' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('their other organizations are not affected').waitFor();
    await axe(page, 'settings-disable-dialog');
    await dialog.getByRole('button', { name: 'Disable Grace Hopper' }).click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('disabled');
    await row.getByRole('button', { name: 'Re-enable Grace Hopper' }).waitFor();
    // Her session lives on (other organizations would stay open), but this organization is gone for her.
    await grace.reload();
    await grace.getByText(/not a member of any organization yet/).waitFor();
    await grace.context().close();

    // The only admin cannot disable herself: the API's refusal is shown in words.
    await page
      .locator('tr[data-member="maya.chen@northwind.example"]')
      .getByRole('button', { name: 'Disable Maya Chen' })
      .click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disable Maya Chen' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Could not disable Maya Chen' })
      .getByText(/at least one active admin/)
      .waitFor();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.screenshot({ path: `${SHOTS}/settings-members.png`, fullPage: true });
    await axe(page, 'settings-members');
  });

  it('fits 1920×1080 without horizontal overflow', async () => {
    const wide = await newPage(browser, 1920, 1080);
    await signIn(server, wide, 'admin');
    await wide.goto(`${server.base}/o/${ORG}/engagement`);
    await wide.getByTestId('workload').locator('tr[data-owner]').first().waitFor();
    await expect.poll(() => wide.locator('[data-chart] canvas').count(), { timeout: 15_000 }).toBe(1);
    expect(await noHorizontalOverflow(wide)).toBe(true);
    await wide.waitForTimeout(800); // let the bars finish growing
    await wide.screenshot({ path: `${SHOTS}/engagement-1920.png` });
    await wide.goto(`${server.base}/o/${ORG}/frameworks/nist-csf`);
    await wide.locator('tr[data-criterion]').first().waitFor();
    expect(await noHorizontalOverflow(wide)).toBe(true);
    await wide.context().close();
  });
});
