import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DemoServer } from './server.js';
import { browserSuite, ORG, SHOTS } from './support.js';

let server: DemoServer;
let browser: Browser;
let page: Page;

const LIST = path.join(import.meta.dirname, 'fixtures/pbc-request-list.csv');

describe('the requests board and a request page in Chromium', () => {
  browserSuite({ role: 'admin' }, (suite) => {
    ({ server, browser, page } = suite);
  });

  it('imports the request list, shows it by status with the unmapped listed, and comments on one request', async () => {
    void browser;
    await page.getByRole('link', { name: 'Requests', exact: true }).click();
    await page.waitForURL(new RegExp(`/o/${ORG}/requests$`));
    await page.locator('input[type=file]').setInputFiles(LIST);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText(/60 requests: 60 new/).waitFor();
    await page.getByTestId('unmapped-requests').waitFor();
    await page.getByTestId('requests-board').waitFor();
    await page.screenshot({ path: `${SHOTS}/requests-board.png`, fullPage: true });

    await page.getByRole('link', { name: /^PBC-015/ }).click();
    await page.waitForURL(new RegExp(`/o/${ORG}/requests/[^/]+$`));
    await page.getByRole('heading', { name: 'Request PBC-015' }).waitFor();
    expect(await page.getByTestId('request-status').textContent()).toBe('Open');
    await page.getByLabel('Comment').fill('Which applications count as production?');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.getByTestId('request-thread').getByText('Which applications count as production?').waitFor();

    const response = await page.request.get(
      `${server.base}/api/v1/orgs/${ORG}/engagements/${await engagementOf(page)}/requests/PBC-015`,
    );
    expect(response.status()).toBe(200);
    expect((await response.json()).thread).toHaveLength(1);
  });
});

async function engagementOf(p: Page): Promise<string> {
  const res = await p.request.get(`${server.base}/api/v1/orgs/${ORG}/engagements`);
  return ((await res.json()) as { items: { id: string }[] }).items[0]!.id;
}
