import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import {
  buildControl,
  buildOrg,
  buildPerson,
  buildToken,
  buildUser,
  createHarness,
  type Harness,
  withToken,
} from '../../../test/factories.js';
import { addDays, minDate } from '../../core/dates.js';
import type { ReadinessResult } from '../../core/readiness/index.js';
import { blobStoreFor } from '../../platform/blobs/fs-blob-store.js';
import { todayIso } from '../../platform/clock.js';
import { buildDemo } from '../demo/build-demo.js';
import { getBurndown, getReadiness } from './readiness.service.js';

/** Readiness at a date T (issue 11, docs/decisions/0008) on SQLite and PostgreSQL alike. */
describe('readiness at a date on the demo organization', () => {
  let store: TestStore;
  let orgId: string;
  const today = todayIso();

  beforeAll(async () => {
    store = await createTestStore();
    const demo = await buildDemo(
      { database: store.database, blobs: blobStoreFor(store.dataDir) },
      TEST_ACTOR,
      { seed: 11, today },
    );
    orgId = demo.organization.id;
  });
  afterAll(() => store.cleanup());

  it('gives the burndown gap count of every week at readiness --at that week', async () => {
    const burndown = await getBurndown(store.database, orgId);
    expect(burndown.actual.length).toBeGreaterThan(40);
    // The history shows: the count moves over the year (a flat line would agree trivially).
    expect(new Set(burndown.actual.map((p) => p.gaps)).size).toBeGreaterThan(3);
    for (const point of burndown.actual) {
      const day = minDate(addDays(point.week, 6), today);
      const readiness = await getReadiness(store.database, orgId, { at: day });
      expect(readiness.summary.controls.gap, `week ${point.week} (judged on ${day})`).toBe(point.gaps);
    }
  });

  it('names an owner and a due date on every reason, at 20 dates across the year', async () => {
    let unowned = 0;
    for (let k = 0; k < 20; k++) {
      const at = addDays(today, -360 + 20 * k);
      const readiness: ReadinessResult = await getReadiness(store.database, orgId, { at });
      const reasons = readiness.controls.flatMap((c) => c.reasons);
      expect(reasons.length).toBeGreaterThan(0);
      for (const r of reasons) {
        expect(r.ownerId, `${at} ${r.controlCode} ${r.code}`).not.toBeNull();
        expect(r.ownerName, `${at} ${r.controlCode} ${r.code}`).not.toBeNull();
        expect(r.dueOn, `${at} ${r.controlCode} ${r.code}`).not.toBeNull();
      }
      for (const owner of readiness.owners) {
        expect(owner.ownerId).not.toBeNull();
        for (const id of owner.unownedControlIds) {
          const control = readiness.controls.find((c) => c.controlId === id)!;
          expect(control).toMatchObject({ unowned: true, ownerId: owner.ownerId });
          unowned++;
        }
      }
    }
    // The demo has controls without an owner and with a departed one: they went to the compliance lead.
    expect(unowned).toBeGreaterThan(0);
  });
});

describe('readiness at a date through the API', () => {
  let h: Harness;
  let slug: string;
  let orgId: string;
  let lead: Record<string, string>;
  /** A second lead: the uploader may not accept their own evidence (separation of duties). */
  let reviewer: Record<string, string>;
  const today = todayIso();

  const readiness = async (at = today): Promise<ReadinessResult> => {
    const r = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/readiness?at=${at}`,
      headers: lead,
    });
    expect(r.statusCode).toBe(200);
    return r.json() as ReadinessResult;
  };
  const controlOf = async (code: string, at = today) =>
    (await readiness(at)).controls.find((c) => c.code === code)!;
  const post = async (url: string, payload: Record<string, unknown>, headers = lead) => {
    const r = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}${url}`,
      headers,
      payload,
    });
    return { status: r.statusCode, body: r.json() as Record<string, unknown> & { id: string } };
  };
  const link = (code: string, effective: string) =>
    post('/evidence/records', {
      kind: 'link',
      url: `https://example.test/${code}`,
      controlCode: code,
      effective,
    });
  const accept = (id: string) => post(`/evidence/${id}/review`, { decision: 'accepted' }, reviewer);
  /** An implemented control owned by `ownerEmail` with one monthly requirement `CODE-R1`. */
  const implementedControl = async (ownerEmail: string) => {
    const code = await buildControl(h, orgId, { ownerEmail });
    const r = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/orgs/${slug}/controls/${code}`,
      headers: lead,
      payload: { status: 'implemented' },
    });
    expect(r.statusCode).toBe(200);
    return code;
  };

  beforeAll(async () => {
    h = await createHarness();
    const org = await buildOrg(h, 'Dating Org');
    slug = org.slug;
    orgId = org.id;
    lead = withToken(await buildToken(h, orgId, 'compliance-lead'));
    reviewer = withToken(await buildToken(h, orgId, 'compliance-lead'));
  });
  afterAll(() => h.close());

  it('sends the reasons of an unowned control to the first admin by name, flagged unowned', async () => {
    const zed = await buildPerson(h, orgId, { name: 'Zed Admin' });
    const amy = await buildPerson(h, orgId, { name: 'Amy Admin' });
    // One admin linked to the roster by the membership, one by e-mail only.
    await buildUser(h, [{ orgId, role: 'admin', personId: zed.id }]);
    await buildUser(h, [{ orgId, role: 'admin' }], amy.email);
    const code = await buildControl(h, orgId, { ownerEmail: null });
    const control = await controlOf(code);
    expect(control).toMatchObject({ unowned: true, ownerId: amy.id, ownerName: 'Amy Admin' });
    expect(control.reasons.map((r) => r.code)).toContain('no-owner');
    for (const r of control.reasons) expect(r).toMatchObject({ ownerId: amy.id, unowned: true });
    const owners = (await readiness()).owners.find((o) => o.ownerId === amy.id)!;
    expect(owners.unownedControlIds).toContain(control.controlId);
  });

  it('excepts only what an exception names: a later critical finding stays a gap', async () => {
    const owner = await buildPerson(h, orgId, { name: 'Owner' });
    const code = await implementedControl(owner.email);
    expect((await controlOf(code)).status).toBe('gap');
    const onRequirement = await post('/exceptions', {
      controlCode: code,
      requirementCode: `${code}-R1`,
      summary: 'Report tool replaced',
      reason: 'migration',
      riskRating: 'low',
      approverEmail: owner.email,
      approvedOn: today,
      expiresOn: addDays(today, 60),
    });
    expect(onRequirement.status).toBe(201);
    expect(onRequirement.body).toMatchObject({ scope: 'requirement', requirementCode: `${code}-R1` });
    const excepted = await controlOf(code);
    expect(excepted.status).toBe('excepted');
    expect(excepted.reasons.find((r) => r.code === 'no-evidence')).toMatchObject({
      exceptedBy: onRequirement.body.id,
    });

    const finding = await post('/findings', {
      title: 'Admin access without review',
      severity: 'critical',
      controlCodes: [code],
      openedOn: today,
    });
    expect(finding.status).toBe(201);
    const gap = await controlOf(code);
    expect(gap.status).toBe('gap');
    const open = gap.reasons.find((r) => r.code === 'open-finding')!;
    expect(open.exceptedBy).toBeUndefined();
    expect(open.dueOn).toBe(addDays(today, 7));
    // Both show: the excepted gap and the remaining one, with the exception's note.
    expect(gap.reasons.find((r) => r.code === 'no-evidence')?.exceptedBy).toBe(onRequirement.body.id);
    expect(gap.reasons.map((r) => r.code)).toContain('exception-active');

    const onFinding = await post('/exceptions', {
      controlCode: code,
      findingId: finding.body.id,
      summary: 'Accepted until the review tool lands',
      reason: 'tooling',
      riskRating: 'high',
      approverEmail: owner.email,
      approvedOn: today,
      expiresOn: addDays(today, 20),
    });
    expect(onFinding.body).toMatchObject({ scope: 'finding', findingId: finding.body.id });
    expect((await controlOf(code)).status).toBe('excepted');
    // Before the exceptions were approved, the control was a gap: they count from their approval.
    expect((await controlOf(code, addDays(today, -1))).status).toBe('gap');

    const both = await post('/exceptions', {
      controlCode: code,
      requirementCode: `${code}-R1`,
      findingId: finding.body.id,
      summary: 'x',
      reason: 'y',
      riskRating: 'low',
      expiresOn: addDays(today, 10),
    });
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({ error: { code: 'invalid_input' } });
  });

  it('sees evidence at a past date as it stood: recorded by then, effective by then', async () => {
    const owner = await buildPerson(h, orgId, { name: 'Keeper' });
    const code = await implementedControl(owner.email);
    // Recorded on day D (the wall clock, Date only) for a period that ended before it.
    const day = addDays(today, -20);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date(`${day}T10:00:00Z`));
      const added = await link(code, `${addDays(day, -30)}..${addDays(day, -1)}`);
      expect(added.status).toBe(201);
      expect((await accept(added.body.id)).status).toBe(200);
      // Dated two days ahead of D: it counts only from its effective start.
      const ahead = await link(code, addDays(day, 2));
      expect(ahead.status).toBe(201);
    } finally {
      vi.useRealTimers();
    }
    const codes = async (at: string) => (await controlOf(code, at)).reasons.map((r) => r.code);
    // The day before it was recorded: nothing had been collected yet.
    expect(await codes(addDays(day, -1))).toContain('no-evidence');
    expect((await controlOf(code, day)).status).toBe('ready');
    // The submission dated D + 2 waits for review only from D + 2.
    expect(await codes(addDays(day, 1))).not.toContain('pending-review');
    expect(await codes(addDays(day, 2))).toContain('pending-review');
    expect(await codes(today)).toContain('pending-review');
  });
});
