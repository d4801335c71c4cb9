import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gapKey, isActionable } from '../src/core/plan/gap-items.js';
import type { Plan } from '../src/core/plan/types.js';
import type { ReadinessResult } from '../src/core/readiness/schema.js';
import type { DemoServer } from './server.js';
import { browserSuite, ORG } from './support.js';

let server: DemoServer;
let page: Page;

const apiGet = async <T>(path: string): Promise<T> =>
  (await (await page.request.get(`${server.base}/api/v1/orgs/${ORG}${path}`)).json()) as T;
const today = () => new Date().toISOString().slice(0, 10);

/** The plan holds the gap work (docs/decisions/0019): its figures agree with readiness, and owners see their gaps. */
describe('the plan with the gap work in Chromium', () => {
  browserSuite({ role: 'admin' }, (suite) => {
    ({ server, page } = suite);
  });

  it("counts as overdue exactly the overdue readiness work and the plan's own overdue dates", async () => {
    const [{ plan }, readiness] = await Promise.all([
      apiGet<{ plan: Plan }>('/plan'),
      apiGet<ReadinessResult>('/readiness'),
    ]);
    const t = today();
    // Every overdue actionable reason is one overdue piece of plan work (a finding on two controls is one).
    const overdueReasons = new Set(
      readiness.controls
        .flatMap((c) => c.reasons)
        .filter((r) => isActionable(r) && r.dueOn !== null && r.dueOn < t)
        .map(gapKey),
    );
    expect(overdueReasons.size).toBeGreaterThan(1);
    const overdueWork = plan.items.filter(
      (i) => (i.kind === 'gap' || (i.kind === 'evidence' && i.gap)) && !i.doneOn && i.dueOn < t,
    );
    expect(new Set(overdueWork.map((i) => i.key))).toEqual(overdueReasons);
    const overdue = [...plan.milestones, ...plan.items].filter((i) => !i.doneOn && i.dueOn < t).length;

    await page.getByRole('link', { name: 'Engagement & plan', exact: true }).click();
    const summary = page.getByTestId('workload-summary');
    await summary.waitFor();
    await expect
      .poll(async () => (await summary.textContent())?.match(/Overdue(\d+)/)?.[1])
      .toBe(String(overdue));
    // Gap work is listed, filtered on its own, and offers no "mark done".
    await page.getByText('Gap work', { exact: true }).click();
    const rows = page.locator('[data-testid=plan-items] tr[data-item]');
    await rows.first().waitFor();
    expect(await rows.first().locator('[data-gap]').count()).toBe(1);
    expect(
      await rows
        .first()
        .getByRole('button', { name: /^Mark done/ })
        .count(),
    ).toBe(0);
  });

  it('shows an owner with gaps their gap work in my items and in the workload', async () => {
    const session = await (await page.request.get(`${server.base}/api/v1/auth/session`)).json();
    const personId = session.memberships.find((m: { slug: string }) => m.slug === ORG).personId as string;
    const { plan } = await apiGet<{ plan: Plan }>('/plan');
    const t = today();
    const mine = plan.items.filter((i) => i.ownerId === personId && !i.doneOn && i.kind === 'gap');
    expect(mine.length).toBeGreaterThan(0);
    const overdueMine = [...plan.milestones, ...plan.items].filter(
      (i) => i.ownerId === personId && !i.doneOn && i.dueOn < t,
    ).length;

    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    const my = page.locator('[data-my-items]');
    await my.waitFor();
    const count = Number(await my.getAttribute('data-my-items'));
    expect(count).toBeGreaterThanOrEqual(mine.length);
    // The most urgent of mine are shown first: each row is one of my open plan items.
    const shown = await my
      .locator('tr[data-item]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-item')));
    expect(shown.length).toBe(Math.min(count, 10));
    const myKeys = new Set(
      [...plan.milestones, ...plan.items].filter((i) => i.ownerId === personId).map((i) => i.key),
    );
    for (const key of shown) expect(myKeys.has(key!)).toBe(true);

    await page.getByRole('link', { name: 'Engagement & plan', exact: true }).click();
    const people = await apiGet<{ items: { id: string; name: string }[] }>('/people?limit=500');
    const name = people.items.find((p) => p.id === personId)?.name ?? '';
    expect(name).not.toBe('');
    const row = page.locator(`[data-testid=workload] tr[data-owner="${name}"]`);
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe(String(overdueMine));
  });
});
