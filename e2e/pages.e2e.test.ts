import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DemoServer } from './server.js';
import { axe, browserSuite, newPage, ORG, SHOTS } from './support.js';

let server: DemoServer;
let browser: Browser;
let page: Page;

interface ControlRow {
  code: string;
  owner: { email: string; name: string; status: string } | null;
}

/** GET on the API with the page's session. */
async function apiGet<T>(p: Page, path: string): Promise<T> {
  const response = await p.request.get(`${server.base}/api/v1${path}`);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

/**
 * Moves the pointer off the navigation before a screenshot or axe: the hovered active nav link of the
 * shared layout has a 4.1:1 hover contrast (a theme matter of the layout, not of these pages).
 */
const pointerAway = (p: Page) => p.mouse.move(5, 795);

describe('people, exceptions, findings and activity pages in Chromium', () => {
  browserSuite({ role: 'admin' }, (suite) => {
    ({ server, browser, page } = suite);
  });

  it('people: marks an owner departed and shows the controls that became gaps', async () => {
    const controls = (await apiGet<{ items: ControlRow[] }>(page, `/orgs/${ORG}/controls?limit=500`)).items;
    // An active owner who is not one of the demo's users.
    const owned = controls.filter(
      (c) => c.owner?.status === 'active' && !server.users.some((u) => u.email === c.owner!.email),
    );
    const owner = owned[0]!.owner!;
    const theirs = owned.filter((c) => c.owner!.email === owner.email).map((c) => c.code);

    await page.getByRole('link', { name: 'People', exact: true }).click();
    await page.getByRole('heading', { name: /^People \(/ }).waitFor();
    await page.locator('tr[data-person]').first().waitFor();
    await pointerAway(page);
    await page.screenshot({ path: `${SHOTS}/people.png` });
    await axe(page, 'people');

    await page.getByLabel('Search').fill(owner.name);
    const row = page.locator(`tr[data-person="${owner.email}"]`);
    await expect.poll(() => row.getAttribute('data-status')).toBe('active');
    await row.getByRole('button', { name: `Mark departed: ${owner.name}` }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain(theirs[0]!);
    await axe(page, 'people: mark departed');
    await dialog.getByRole('button', { name: 'Mark departed' }).click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('departed');
    await expect
      .poll(() => row.locator('[data-breaks]').textContent())
      .toBe(`${theirs.length} now ${theirs.length === 1 ? 'a gap' : 'gaps'}`);
    await expect.poll(() => page.getByTestId('departure-gaps').textContent()).toContain(theirs[0]!);

    // Readiness agrees: the owner's controls are gaps because the owner is no longer active.
    type R = { controls: { code: string; status: string; reasons: { code: string }[] }[] };
    const readiness = await apiGet<R>(page, `/orgs/${ORG}/readiness`);
    const control = readiness.controls.find((c) => c.code === theirs[0])!;
    expect(control.status).toBe('gap');
    expect(control.reasons.map((r) => r.code)).toContain('owner-not-active');
  });

  it('exceptions: counts down to expiry, approves a pending one and closes an expired one', async () => {
    await page.getByRole('link', { name: 'Exceptions', exact: true }).click();
    await page.getByRole('heading', { name: /^Exceptions \(/ }).waitFor();
    const expired = page.locator('tr[data-state="expired"]').first();
    await expect
      .poll(() => expired.getByTestId('expiry-countdown').textContent())
      .toMatch(/^expired (yesterday|\d+ days ago) — a gap again until closed$/);
    expect(await expired.getByTestId('expiry-countdown').getAttribute('data-urgency')).toBe('expired');
    await pointerAway(page);
    await page.screenshot({ path: `${SHOTS}/exceptions.png`, fullPage: true });
    await axe(page, 'exceptions');

    const pending = page.locator('tr[data-state="pending"]').first();
    const pendingId = (await pending.getAttribute('data-exception'))!;
    await pending.getByRole('button', { name: /^Approve / }).click();
    const dialog = page.getByRole('dialog');
    // The signed-in lead is the default approver.
    const admin = (await apiGet<{ user: { name: string; email: string } }>(page, '/auth/session')).user;
    expect(await dialog.getByLabel(/^Approver/).inputValue()).toBe(`${admin.name} (${admin.email})`);
    await axe(page, 'exceptions: approve');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    const approved = page.locator(`tr[data-exception="${pendingId}"]`);
    await expect.poll(() => approved.getAttribute('data-state')).toBe('active');
    await expect.poll(() => approved.getByTestId('expiry-countdown').textContent()).toMatch(/^expires /);
    expect(await approved.textContent()).toContain(admin.name);

    const expiredId = (await expired.getAttribute('data-exception'))!;
    await expired.getByRole('button', { name: /^Close / }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Close exception' }).click();
    const closed = page.locator(`tr[data-exception="${expiredId}"]`);
    await expect.poll(() => closed.getAttribute('data-state')).toBe('closed');
    await page.locator('label', { hasText: /^Closed \(1\)$/ }).click();
    await expect.poll(() => page.locator('tr[data-exception]').count()).toBe(1);

    // Its history in the activity log: the close is the newest entry.
    await closed.getByRole('link', { name: 'History' }).click();
    await page.waitForURL(/\/activity\?/);
    await expect.poll(() => page.locator('tr[data-seq]').first().textContent()).toContain('close');
  });

  it('findings: lists open ones first and resolves one with a resolution', async () => {
    await page.getByRole('link', { name: 'Findings', exact: true }).click();
    const heading = page.getByRole('heading', { name: /^Findings \(\d+ open\)$/ });
    await heading.waitFor();
    const openCount = async () => Number(/\((\d+) open\)/.exec((await heading.textContent()) ?? '')?.[1]);
    const before = await openCount();
    const open = page.locator('tr[data-finding][data-open="true"]');
    await open.first().waitFor();
    await pointerAway(page);
    await page.screenshot({ path: `${SHOTS}/findings.png`, fullPage: true });
    await axe(page, 'findings');

    // The first open finding that touches a control: its controls link to the control page.
    const row = open.filter({ has: page.locator('a[href*="/controls/"]') }).first();
    const id = (await row.getAttribute('data-finding'))!;
    expect(await row.locator('a[href*="/controls/"]').first().getAttribute('href')).toMatch(
      new RegExp(`/o/${ORG}/controls/[A-Z]+-\\d+$`),
    );
    await row.getByRole('button', { name: /^Resolve: / }).click();
    await page.getByLabel('Resolution').fill('Reviewed after the fact; branch protection now enforced.');
    await axe(page, 'findings: resolve');
    await page.getByRole('dialog').getByRole('button', { name: 'Resolve finding' }).click();
    const mine = page.locator(`tr[data-finding="${id}"]`);
    await expect.poll(() => mine.count()).toBe(0);
    await expect.poll(openCount).toBe(before - 1);
    await page.locator('label', { hasText: /^Resolved \(/ }).click();
    await expect.poll(() => mine.textContent()).toContain('Resolution: Reviewed after the fact');
  });

  it('activity: shows the verify banner and filters the log by action and actor', async () => {
    await page.getByRole('link', { name: 'Activity log', exact: true }).click();
    const banner = page.getByTestId('verify-banner');
    await expect.poll(() => banner.getAttribute('data-verify'), { timeout: 20_000 }).toBe('ok');
    expect(await banner.textContent()).toMatch(/Chain intact: [\d,]+ entries re-hashed/);
    expect(await banner.textContent()).toMatch(/Evidence files intact: [\d,]+ files match their SHA-256/);
    await page.locator('tr[data-seq]').first().waitFor();
    await pointerAway(page);
    await page.screenshot({ path: `${SHOTS}/activity.png` });
    await axe(page, 'activity');

    const admin = server.users.find((u) => u.role === 'admin')!;
    await page.getByLabel('Action', { exact: true }).first().fill('resolve');
    await page.getByLabel('Actor', { exact: true }).first().fill(admin.email);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/action=resolve/);
    const rows = page.locator('tr[data-seq]');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(admin.email);
    await rows
      .first()
      .getByRole('button', { name: /details of the entry/ })
      .click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('Reviewed after the fact');
  });

  it('shows a viewer no create, approve, close, resolve or roster buttons', async () => {
    const csrf = (await apiGet<{ csrfToken: string }>(page, '/auth/session')).csrfToken;
    const email = `viewer-${Date.now()}@northwind.example`;
    const added = await page.request.post(`${server.base}/api/v1/orgs/${ORG}/members`, {
      headers: { 'x-csrf-token': csrf },
      data: { email, name: 'Vera Viewer', role: 'viewer' },
    });
    expect(added.status()).toBe(201);
    const viewer = await newPage(browser);
    const setup = await viewer.request.post(`${server.base}/api/v1/auth/invitations/register`, {
      data: {
        token: (await added.json()).inviteToken,
        name: 'Vera Viewer',
        password: 'viewer-e2e-password-long',
      },
    });
    expect(setup.status()).toBe(200);

    const forbidden =
      /^(Add person|Import roster CSV|Mark departed|Edit|Record exception|Approve|Close|Raise finding|Resolve)/;
    for (const [path, ready] of [
      ['people', 'tr[data-person]'],
      ['exceptions', 'tr[data-exception]'],
      ['findings', 'tr[data-finding]'],
    ] as const) {
      await viewer.goto(`${server.base}/o/${ORG}/${path}`);
      await viewer.locator(ready).first().waitFor();
      const buttons = await viewer
        .getByRole('button')
        .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
      expect(
        buttons.filter((b) => forbidden.test(b.trim())),
        path,
      ).toEqual([]);
    }
    await viewer.screenshot({ path: `${SHOTS}/findings-viewer.png` });
    await viewer.context().close();
  });
});
