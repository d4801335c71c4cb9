import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DemoServer } from './server.js';
import { axe, browserSuite, newPage, ORG, SHOTS, signIn } from './support.js';

let server: DemoServer;
let browser: Browser;
let page: Page;

interface Listed {
  code: string;
  cadence: string;
  owner: { name: string; email: string } | null;
  categories: string[];
  nextDue: { dueOn: string } | null;
}

/** Every control as the API lists it, read with the page's own session. */
async function listed(p: Page): Promise<Listed[]> {
  const response = await p.request.get(`${server.base}/api/v1/orgs/${ORG}/controls?limit=500`);
  expect(response.status()).toBe(200);
  return (await response.json()).items as Listed[];
}

const visibleCodes = (p: Page) =>
  p.locator('tbody tr[data-code]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')!));

async function openMatrix(p: Page, search = ''): Promise<void> {
  await p.goto(`${server.base}/o/${ORG}/controls`);
  await p.getByRole('heading', { name: /^Controls \(/ }).waitFor();
  if (search) await p.getByLabel('Search').fill(search);
}

describe('control matrix, control page and burndown milestones in Chromium', () => {
  browserSuite({ role: 'admin', viewport: [1920, 1080] }, (suite) => {
    ({ server, browser, page } = suite);
  });

  it('shows next due dates, filters by SOC 2 category and fits 1920×1080 without horizontal scrolling', async () => {
    await openMatrix(page);
    const all = await listed(page);
    await page.getByRole('columnheader', { name: /Next due/ }).waitFor();
    const dueCells = await page
      .locator('tbody tr[data-code] [data-next-due]')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-next-due')));
    expect(dueCells.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d ?? '')).length).toBeGreaterThan(5);
    const first = all.find((c) => c.nextDue)!;
    const cell = page.locator(`tr[data-code="${first.code}"] [data-next-due]`);
    expect(await cell.getAttribute('data-next-due')).toBe(first.nextDue!.dueOn);

    const overflow = await page.evaluate(() => {
      const matrix = document.querySelector('[data-matrix]')!;
      return {
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        matrix: matrix.scrollWidth - matrix.clientWidth,
      };
    });
    expect(overflow).toEqual({ page: 0, matrix: 0 });

    await page.getByLabel('Category', { exact: true }).first().click();
    await page.getByRole('option', { name: /^CC8 · / }).click();
    const expected = all.filter((c) => c.categories.includes('CC8')).map((c) => c.code);
    expect(expected.length).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByRole('heading', { name: /^Controls \(/ }).textContent())
      .toBe(`Controls (${expected.length} of ${all.length})`);
    expect((await visibleCodes(page)).sort()).toEqual([...expected].sort());
    await page.screenshot({ path: `${SHOTS}/controls-matrix.png` });
    await axe(page, 'controls matrix');
  });

  it('edits a cadence and an owner inline; both survive a reload', async () => {
    const before = (await listed(page)).find((c) => c.code === 'AC-03')!;
    const cadence = before.cadence === 'monthly' ? 'semiannual' : 'monthly';
    expect(before.owner?.name).not.toBe('Ngozi Adeyemi');
    await openMatrix(page, 'AC-03');
    const row = page.locator('tr[data-code="AC-03"]');
    await row.waitFor();

    await page.getByRole('button', { name: 'Change the cadence of AC-03' }).click();
    await page.getByRole('option', { name: cadence, exact: true }).click();
    await expect.poll(() => row.locator('[data-cadence]').textContent()).toBe(cadence);

    await page.getByRole('button', { name: 'Change the owner of AC-03' }).click();
    await page.getByRole('combobox', { name: 'Change the owner of AC-03' }).fill('Ngozi');
    await page.getByRole('option', { name: 'Ngozi Adeyemi', exact: true }).click();
    await expect.poll(() => row.locator('[data-owner]').textContent()).toBe('Ngozi Adeyemi');
    // Focus goes back to the edit button, so the keyboard user keeps their place.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Change the owner of AC-03');
    await page.screenshot({ path: `${SHOTS}/controls-inline-edit.png` });

    await expect
      .poll(async () => {
        const now = (await listed(page)).find((c) => c.code === 'AC-03')!;
        return [now.cadence, now.owner?.name];
      })
      .toEqual([cadence, 'Ngozi Adeyemi']);
    await page.reload();
    await page.getByRole('heading', { name: /^Controls \(/ }).waitFor();
    await page.getByLabel('Search').fill('AC-03');
    await expect.poll(() => row.locator('[data-cadence]').textContent()).toBe(cadence);
    expect(await row.locator('[data-owner]').textContent()).toBe('Ngozi Adeyemi');
  });

  it('lets a contributor change the cadence of a control they own, and nothing else', async () => {
    const p = await newPage(browser, 1280, 800);
    await signIn(server, p, 'contributor');
    await openMatrix(p);
    const all = await listed(p);
    const other = all.find((c) => c.owner && c.owner.name !== 'Ngozi Adeyemi')!;
    await p.getByLabel('Search').fill('AC-03');
    await p.locator('tr[data-code="AC-03"]').waitFor();
    expect(await p.getByRole('button', { name: 'Change the cadence of AC-03' }).count()).toBe(1);
    expect(await p.getByRole('button', { name: 'Change the owner of AC-03' }).count()).toBe(0);
    expect(await p.getByRole('checkbox').count()).toBe(0);
    await p.getByLabel('Search').fill(other.code);
    await p.locator(`tr[data-code="${other.code}"]`).waitFor();
    expect(await p.getByRole('button', { name: `Change the cadence of ${other.code}` }).count()).toBe(0);
    await p.screenshot({ path: `${SHOTS}/controls-contributor.png` });
    await p.context().close();
  });

  it('shows the findings and exceptions of a control, with links to their pages', async () => {
    await page.goto(`${server.base}/o/${ORG}/controls/BC-04`);
    const exceptions = page.locator('[data-exceptions="BC-04"]');
    const active = exceptions.locator('tr[data-exception]', {
      hasText: 'The annual DR failover test has not run this year',
    });
    await active.waitFor();
    expect(await active.getAttribute('data-state')).toBe('active');
    expect(await active.textContent()).toMatch(/expires in \d+ days/);
    expect(await exceptions.getByRole('link', { name: 'All exceptions' }).getAttribute('href')).toBe(
      `/o/${ORG}/exceptions`,
    );
    await page
      .locator('[data-findings="BC-04"]')
      .getByText(/No finding on BC-04/)
      .waitFor();
    await page.screenshot({ path: `${SHOTS}/control-exceptions.png`, fullPage: true });

    await page.goto(`${server.base}/o/${ORG}/controls/DP-03`);
    const findings = page.locator('[data-findings="DP-03"]');
    const finding = findings.locator('tr[data-finding]', {
      hasText: 'Production database snapshot shared with a personal AWS account',
    });
    await finding.waitFor();
    expect(await finding.textContent()).toContain('high');
    expect(await findings.getByRole('link', { name: 'All findings' }).getAttribute('href')).toBe(
      `/o/${ORG}/findings`,
    );
    await page.locator('[data-mappings] [data-framework="soc2"]').waitFor();
    expect(await page.locator('[data-mappings] [data-framework]').count()).toBe(5);
    await page.screenshot({ path: `${SHOTS}/control-findings.png`, fullPage: true });
    await axe(page, 'control with findings');
  });

  it('draws the burndown to the audit with every plan milestone marked, and my items', async () => {
    await page.goto(`${server.base}/o/${ORG}`);
    const chart = page.locator('[data-burndown]');
    await chart.waitFor();
    await expect.poll(() => chart.locator('canvas').count(), { timeout: 15_000 }).toBe(1);
    const plan = await (await page.request.get(`${server.base}/api/v1/orgs/${ORG}/plan`)).json();
    const milestones = plan.plan.milestones as { code: string; dueOn: string }[];
    const marks = JSON.parse((await chart.getAttribute('data-milestones'))!) as {
      code: string;
      date: string;
    }[];
    for (const m of milestones)
      expect(marks).toContainEqual(expect.objectContaining({ code: m.code, date: m.dueOn }));
    expect(marks).toContainEqual(
      expect.objectContaining({ code: 'window-end', date: plan.engagement.windowEnd }),
    );
    const last = [...milestones.map((m) => m.dueOn), plan.engagement.windowEnd].sort().at(-1);
    expect(await chart.getAttribute('data-x-max')).toBe(last);

    const session = await (await page.request.get(`${server.base}/api/v1/auth/session`)).json();
    const personId = session.memberships.find((m: { slug: string }) => m.slug === ORG).personId as string;
    expect(personId).toBeTruthy();
    // My items: my open plan work, gap work whenever due, anything else overdue or due within five weeks.
    const today = new Date().toISOString().slice(0, 10);
    const day = new Date(`${today}T00:00:00Z`);
    const horizon = new Date(day.getTime() + (((7 - day.getUTCDay()) % 7) + 28) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const items = [...plan.plan.milestones, ...plan.plan.items] as {
      kind: string;
      gap?: unknown;
      ownerId: string | null;
      doneOn: string | null;
      dueOn: string;
    }[];
    const mine = items.filter(
      (i) =>
        i.ownerId === personId &&
        !i.doneOn &&
        (i.kind === 'gap' || i.gap !== undefined || i.dueOn <= horizon),
    ).length;
    expect(mine).toBeGreaterThan(0);
    await page.getByRole('heading', { name: `My items (${mine})` }).waitFor();
    expect(await page.locator('[data-my-items] tbody tr').count()).toBe(Math.min(mine, 10));
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${SHOTS}/dashboard-burndown.png`, fullPage: true });
    await axe(page, 'dashboard');
  });
});
