import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestProvider, type TestProvider } from '../test/oidc-provider.js';
import type { DemoServer } from './server.js';
import { axe, browserSuite, newPage, ORG, SHOTS } from './support.js';

let server: DemoServer;
let browser: Browser;
let page: Page;
let idp: TestProvider | undefined;

/**
 * Single sign-on end to end: an admin configures the organization's provider on the settings page
 * (a real `oidc-provider` on a local port) and tests discovery; then someone new signs in through the
 * provider's own login page and lands in the organization as a viewer.
 */
describe('single sign-on in Chromium', () => {
  browserSuite({ role: 'admin' }, (suite) => {
    ({ server, browser, page } = suite);
  });
  afterAll(async () => {
    await idp?.close();
  });

  // Two servers, a browser and two page sets on a shared machine: more time than one test's default.
  it('configures SSO on the settings page, then signs a new person in through the provider login page', {
    timeout: 180_000,
  }, async () => {
    idp = await startTestProvider({
      redirectUris: [`${server.base}/api/v1/auth/sso/callback`],
      postLogoutRedirectUris: [`${server.base}/sign-in`],
    });
    idp.accounts.set('new.analyst', {
      email: 'new.analyst@northwind.test',
      email_verified: true,
      name: 'New Analyst',
      groups: ['analysts'],
    });

    await page.goto(`${server.base}/o/${ORG}/settings`);
    const form = page.getByRole('form', { name: 'Single sign-on settings' });
    await form.getByLabel('Issuer URL').fill(idp.issuer);
    await form.getByLabel('Client id').fill(idp.clientId);
    await form.getByLabel('Client secret', { exact: true }).fill(idp.clientSecret);
    await form.getByLabel('Scopes').fill('openid email profile groups');
    await form.getByRole('button', { name: 'Save single sign-on' }).click();
    await form.getByText('Saved.').waitFor();
    await expect.poll(() => form.getByLabel('Client secret', { exact: true }).inputValue()).toBe('');
    await form.getByRole('button', { name: 'Test discovery' }).click();
    await form.getByText('Discovery works').waitFor();
    await page.screenshot({ path: `${SHOTS}/sso-settings.png`, fullPage: true });
    await axe(page, 'sso-settings');

    const visitor = await newPage(browser);
    await visitor.goto(`${server.base}/sign-in`);
    const sso = visitor.getByRole('form', { name: 'Sign in with SSO' });
    await sso.getByLabel('Organization').fill(ORG);
    await sso.getByRole('button', { name: 'Continue with single sign-on (SSO)' }).click();
    // The provider's own pages: its login form, then its consent.
    await visitor.waitForURL((url) => url.href.startsWith(idp!.issuer));
    await visitor.locator('input[name=login]').fill('new.analyst');
    await visitor.locator('input[name=password]').fill('anything');
    await visitor.locator('button[type=submit]').click();
    await visitor.locator('button[type=submit]', { hasText: 'Continue' }).click();
    await visitor.waitForURL(new RegExp(`${server.base}/o/${ORG}/?$`));
    await visitor.getByRole('button', { name: 'Sign out' }).waitFor();
    const session = await visitor.evaluate(async () => (await fetch('/api/v1/auth/session')).json());
    expect(session.user.email).toBe('new.analyst@northwind.test');
    expect(session.memberships).toMatchObject([{ slug: ORG, role: 'viewer' }]);

    // Signing out ends the session and offers the provider's logout.
    await visitor.getByRole('button', { name: 'Sign out' }).click();
    await visitor.waitForURL(/\/sign-in$/);
    const logout = visitor.getByRole('link', { name: 'Also sign out of your identity provider' });
    expect(await logout.getAttribute('href')).toContain(idp.issuer);
    await axe(visitor, 'sign-in-after-sso');
  });
});
