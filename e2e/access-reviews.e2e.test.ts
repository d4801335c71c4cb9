import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DemoServer } from './server.js';
import { axe, browserSuite, ORG } from './support.js';

let server: DemoServer;
let page: Page;

interface Item {
  subject: string;
  subjectType: 'account' | 'nhi';
  personId: string | null;
  ownerPersonId: string | null;
  decision: string | null;
  decidedBy: string | null;
}
interface Campaign {
  id: string;
  system: string;
  items: Item[];
}

async function awsCampaign(p: Page): Promise<Campaign> {
  const list = await p.request.get(`${server.base}/api/v1/orgs/${ORG}/access-reviews`);
  const id = ((await list.json()).items as Campaign[]).find((c) => c.system === 'aws-prod')!.id;
  return (
    await p.request.get(`${server.base}/api/v1/orgs/${ORG}/access-reviews/${id}`)
  ).json() as Promise<Campaign>;
}

const decisionOf = (p: Page, subject: string) =>
  p.locator(`tr[data-subject="${subject}"] td`).nth(2).textContent();

describe('an access reviewer decides with the keyboard in Chromium', () => {
  browserSuite({ role: 'contributor' }, (suite) => {
    ({ server, page } = suite);
  });

  it('moves with the arrows, decides with 1/2/3, and cannot decide on their own account', async () => {
    const reviewer = server.users.find((u) => u.role === 'contributor')!;
    await page.getByRole('link', { name: 'Access reviews', exact: true }).click();
    await page.getByRole('link', { name: 'aws-prod' }).click();
    await page.getByRole('heading', { name: 'Access review of aws-prod' }).waitFor();
    await expect.poll(() => page.getByLabel('Keyboard shortcuts').textContent()).toMatch(/1 keep/);
    await axe(page, 'access-review');

    const before = await awsCampaign(page);
    const session = await (await page.request.get(`${server.base}/api/v1/auth/session`)).json();
    const personId = (session.memberships as { slug: string; personId: string | null }[]).find(
      (m) => m.slug === ORG,
    )!.personId;
    const own = before.items.findIndex((i) => i.subjectType === 'account' && i.personId === personId);
    expect(own).toBeGreaterThanOrEqual(0);
    await expect
      .poll(() => page.locator(`tr[data-subject="${before.items[own]!.subject}"]`).textContent())
      .toMatch(/Your own account/);
    const free = before.items.findIndex(
      (i, index) =>
        index !== own &&
        index + 1 !== own &&
        i.decision === null &&
        before.items[index + 1]?.decision === null,
    );
    expect(free).toBeGreaterThanOrEqual(0);
    const [first, second] = [before.items[free]!.subject, before.items[free + 1]!.subject];

    for (let i = 0; i < free; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('tr[aria-current=true]').getAttribute('data-subject')).toBe(first);
    await page.keyboard.press('1');
    await expect.poll(() => decisionOf(page, first)).toMatch(/^keep/);
    await expect.poll(() => page.locator('tr[aria-current=true]').getAttribute('data-subject')).toBe(second);
    await page.keyboard.press('2');
    await expect.poll(() => decisionOf(page, second)).toMatch(/^revoke/);
    // Back up one (k) and change the revoke to a change.
    await page.keyboard.press('k');
    await expect.poll(() => page.locator('tr[aria-current=true]').getAttribute('data-subject')).toBe(second);
    await page.keyboard.press('3');
    await expect.poll(() => decisionOf(page, second)).toMatch(/^change/);

    // On the reviewer's own account, the keys do nothing.
    const at = free + 2;
    const keys = own > at ? 'ArrowDown' : 'ArrowUp';
    for (let i = 0; i < Math.abs(own - at); i++) await page.keyboard.press(keys);
    await expect
      .poll(() => page.locator('tr[aria-current=true]').getAttribute('data-subject'))
      .toBe(before.items[own]!.subject);
    await page.keyboard.press('1');

    const after = await awsCampaign(page);
    const bySubject = new Map(after.items.map((i) => [i.subject, i]));
    expect([first, second].map((s) => [bySubject.get(s)!.decision, bySubject.get(s)!.decidedBy])).toEqual([
      ['keep', reviewer.email],
      ['change', reviewer.email],
    ]);
    expect(bySubject.get(before.items[own]!.subject)!.decision).toBeNull();
  });
});
