import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { type DemoServer, startDemoServer } from './server.js';

/** Where screenshots of the main pages go (not committed). */
export const SHOTS = 'test-results/screenshots';
/** The demo organization's slug. */
export const ORG = 'northwind-cloud';

/** Headless Debian Chromium (`CHROMIUM_PATH` overrides the path). */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh page in its own context at the given viewport (1280×800 by default). */
export async function newPage(browser: Browser, width = 1280, height = 800): Promise<Page> {
  // Reduced motion: the UI then opens dialogs without a fade, so screenshots and axe see them settled.
  const page = await (
    await browser.newContext({ viewport: { width, height }, reducedMotion: 'reduce' })
  ).newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

/** Signs in as the demo user holding `role` and waits for the dashboard. */
export async function signIn(server: DemoServer, p: Page, role: string): Promise<void> {
  const user = server.users.find((u) => u.role === role)!;
  await p.goto(`${server.base}/sign-in`);
  await p.locator('input[autocomplete="username"]').fill(user.email);
  await p.locator('input[autocomplete="current-password"]').fill(user.password);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.waitForURL(new RegExp(`/o/${ORG}/?$`));
}

/** axe-core on the current page: no serious or critical violations. */
export async function axe(p: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page: p }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
}

/** Picks `option` in the Mantine select labelled `label`. */
export async function pickOption(p: Page, label: string, option: string): Promise<void> {
  await p.getByLabel(label, { exact: true }).first().click();
  await p.getByRole('option', { name: option, exact: true }).click();
}

/** The demo server, the browser and the first page of a suite. */
export interface Suite {
  server: DemoServer;
  browser: Browser;
  page: Page;
}

/**
 * Registers the hooks of a browser suite: before its tests, starts the demo server and Chromium, opens a
 * page (1280×800 unless `viewport` says) signed in as `role` (left signed out without one) and hands all
 * three to `ready`; after them, closes the browser and stops the server (whichever was started).
 */
export function browserSuite(
  options: { role?: string; viewport?: [number, number] },
  ready: (suite: Suite) => void,
): void {
  let server: DemoServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchBrowser();
    const page = await newPage(browser, ...(options.viewport ?? []));
    if (options.role) await signIn(server, page, options.role);
    ready({ server, browser, page });
  });
  afterAll(async () => {
    await browser?.close();
    server?.stop();
  });
}
