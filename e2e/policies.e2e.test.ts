import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DemoServer } from './server.js';
import { axe, browserSuite, ORG } from './support.js';

let server: DemoServer;
let page: Page;

const HOSTILE = [
  '# Clean desk',
  '',
  'Lock your screen when you step away.',
  '',
  '<script>window.__policyScript = 1</script>',
  '',
  '<img src="x" onerror="window.__policyImage = 1">',
  '',
  '[a link](javascript:window.__policyLink=1)',
  '',
].join('\n');

async function post(p: Page, path: string, data: unknown): Promise<number> {
  const session = await (await p.request.get(`${server.base}/api/v1/auth/session`)).json();
  const response = await p.request.post(`${server.base}/api/v1/orgs/${ORG}${path}`, {
    headers: { 'x-csrf-token': (session as { csrfToken: string }).csrfToken },
    data,
  });
  return response.status();
}

describe('a policy page in Chromium', () => {
  browserSuite({ role: 'admin' }, (suite) => {
    ({ server, page } = suite);
  });

  it('renders Markdown with <script> and event handlers inert', async () => {
    const admin = server.users.find((u) => u.role === 'admin')!;
    expect(
      await post(page, '/policies', {
        key: 'clean-desk',
        title: 'Clean desk',
        owner: admin.email,
        approver: admin.email,
        text: HOSTILE,
      }),
    ).toBe(201);
    expect(await post(page, '/policies/clean-desk/approve', {})).toBe(200);
    await page.goto(`${server.base}/o/${ORG}/policies/clean-desk`);
    const text = page.getByTestId('policy-text');
    await text.getByRole('heading', { name: 'Clean desk' }).waitFor();
    expect(await text.textContent()).toContain('<script>window.__policyScript = 1</script>');
    expect(await text.locator('script, img, [onerror]').count()).toBe(0);
    expect(await text.locator('a[href^="javascript:"]').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(
      await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        return [w.__policyScript, w.__policyImage, w.__policyLink];
      }),
    ).toEqual([undefined, undefined, undefined]);
    await axe(page, 'policy');
  });

  it('acknowledges the version in force, shows the share per team, and a new version asks again with its diff', async () => {
    await page.getByRole('button', { name: 'I have read and acknowledge this policy' }).click();
    await page.getByText(/You acknowledged version 1 on/).waitFor();
    await page.getByRole('tab', { name: 'Acknowledgements' }).click();
    const teams = page.getByLabel('Acknowledgements per team');
    await expect.poll(() => teams.locator('[role=progressbar]').count()).toBeGreaterThan(1);
    const policy = await (
      await page.request.get(`${server.base}/api/v1/orgs/${ORG}/policies/clean-desk`)
    ).json();
    expect(policy.acknowledged).toBe(1);

    expect(
      await post(page, '/policies/clean-desk/versions', {
        text: HOSTILE.replace('Lock your screen', 'Lock your screen and clear your desk'),
        summary: 'Desks too',
      }),
    ).toBe(201);
    expect(await post(page, '/policies/clean-desk/approve', {})).toBe(200);
    await page.reload();
    await page.getByRole('button', { name: 'I have read and acknowledge this policy' }).waitFor();
    await page.getByRole('tab', { name: 'Changes between versions' }).click();
    const diff = page.getByLabel('Differences');
    await expect.poll(() => diff.locator('[data-kind=added]').textContent()).toContain('and clear your desk');
    await expect
      .poll(() => diff.locator('[data-kind=removed]').textContent())
      .toContain('Lock your screen when');
  });

  it('lists the policy in the register', async () => {
    await page.getByRole('link', { name: 'Policies', exact: true }).click();
    await page.getByRole('link', { name: 'Clean desk' }).waitFor();
    await axe(page, 'policies');
  });
});
