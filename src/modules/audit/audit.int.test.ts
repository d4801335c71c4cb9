import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildControl,
  buildEvidence,
  buildOrg,
  buildSession,
  buildToken,
  buildUser,
  createHarness,
  type Harness,
  TEST_PASSWORD,
  unique,
  withSession,
  withToken,
} from '../../../test/factories.js';
import { blobStoreFor } from '../../platform/blobs/fs-blob-store.js';
import { createEngagement } from '../engagements/engagement.service.js';
import { addEvidence } from '../evidence/evidence.service.js';
import { addFinding } from '../findings/finding.service.js';

const WINDOW = {
  type: 'type2',
  windowStart: '2026-07-01',
  windowEnd: '2026-12-31',
  fieldworkStart: '2027-01-11',
} as const;

/** An auditor scoped to engagement A: what they see, what they never see, and the samples they draw. */
describe('auditor scope and sampling', () => {
  let h: Harness;
  let slug: string;
  let orgId: string;
  let engagementA: string;
  let engagementB: string;
  let admin: Record<string, string>;
  let lead: Record<string, string>;
  let auditor: Record<string, string>;
  let inScope: string;
  let outOfScope: string;
  let inWindow: string;
  let beforeWindow: string;
  let outOfScopeEvidence: string;

  const get = (url: string, headers: Record<string, string>) =>
    h.app.inject({ method: 'GET', url: `/api/v1/orgs/${slug}${url}`, headers });
  const audit = (path = '') => `/engagements/${engagementA}/audit${path}`;

  beforeAll(async () => {
    h = await createHarness();
    const org = await buildOrg(h, 'Audited Org');
    slug = org.slug;
    orgId = org.id;
    admin = withToken(await buildToken(h, orgId, 'admin'));
    lead = withToken(await buildToken(h, orgId, 'compliance-lead'));
    engagementA = (await createEngagement(h.store.database, TEST_ACTOR, orgId, WINDOW)).id;
    engagementB = (await createEngagement(h.store.database, TEST_ACTOR, orgId, WINDOW)).id;
    inScope = await buildControl(h, orgId);
    outOfScope = await buildControl(h, orgId);
    // Availability only: outside an engagement that covers Security alone.
    const mapped = await h.app.inject({
      method: 'PUT',
      url: `/api/v1/orgs/${slug}/controls/${outOfScope}/mappings`,
      headers: lead,
      payload: { mappings: { soc2: ['A1.2'] } },
    });
    expect(mapped.statusCode).toBe(200);
    inWindow = await buildEvidence(h, orgId, inScope);
    outOfScopeEvidence = await buildEvidence(h, orgId, outOfScope);
    beforeWindow = (
      await addEvidence(
        { database: h.store.database, blobs: blobStoreFor(h.store.dataDir) },
        TEST_ACTOR,
        orgId,
        {
          metadata: {
            controlCode: inScope,
            requirementCode: `${inScope}-R1`,
            effective: '2026-05-01..2026-05-31',
          },
          content: { kind: 'file', stream: Readable.from(['before the window']), fileName: 'old.csv' },
        },
      )
    ).id;
    const user = await buildUser(h, [{ orgId, role: 'auditor', engagementId: engagementA }]);
    auditor = withSession(await buildSession(h, user));
  });
  afterAll(() => h.close());

  it('invites an auditor only with an engagement of the organization, and the session names it', async () => {
    const invite = (body: Record<string, unknown>) =>
      h.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${slug}/members`,
        headers: admin,
        payload: { email: `auditor-${unique()}@firm.test`, name: 'Auditor', ...body },
      });
    const missing = await invite({ role: 'auditor' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual({ field: 'engagementId' });
    const foreign = await buildOrg(h, 'Other Org');
    const elsewhere = (await createEngagement(h.store.database, TEST_ACTOR, foreign.id, WINDOW)).id;
    expect((await invite({ role: 'auditor', engagementId: elsewhere })).statusCode).toBe(400);
    const viewer = await invite({ role: 'viewer', engagementId: engagementA });
    expect(viewer.statusCode).toBe(400);
    expect(viewer.json().error.details).toEqual({ field: 'engagementId' });

    const ok = await invite({ role: 'auditor', engagementId: engagementA });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().invitation.engagementId).toBe(engagementA);
    const registered = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitations/register',
      payload: { token: ok.json().inviteToken, name: 'Ada Auditor', password: TEST_PASSWORD },
    });
    expect(registered.statusCode).toBe(200);
    const membership = registered.json().memberships.find((m: { orgId: string }) => m.orgId === orgId);
    expect(membership).toMatchObject({ role: 'auditor', engagementId: engagementA });
  });

  it('refuses an API token with the auditor role, naming the field', async () => {
    const r = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/api-tokens`,
      headers: admin,
      payload: { name: 'auditor-bot', role: 'auditor', expiresInDays: 30 },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details).toEqual({ field: 'role' });
  });

  it('shows the auditor the engagement, the in-scope controls and the evidence in the audit period', async () => {
    const engagement = await get(audit(), auditor);
    expect(engagement.statusCode).toBe(200);
    expect(engagement.json().period).toEqual({ start: '2026-07-01', end: '2026-12-31' });
    const controls = await get(audit('/controls?limit=500'), auditor);
    const codes = controls.json().items.map((c: { code: string }) => c.code);
    expect(codes).toContain(inScope);
    expect(codes).not.toContain(outOfScope);
    expect(JSON.stringify(controls.json())).not.toMatch(/@/);
    const evidence = await get(audit('/evidence?limit=500'), auditor);
    const ids = evidence.json().items.map((e: { id: string }) => e.id);
    expect(ids).toContain(inWindow);
    expect(ids).not.toContain(beforeWindow);
    expect(ids).not.toContain(outOfScopeEvidence);
    const content = await get(audit(`/evidence/${inWindow}/content`), auditor);
    expect(content.statusCode).toBe(200);
    // A CSV opens inline with its own type, never sniffed (the one download rule, docs/decisions/0020).
    expect(content.headers['content-disposition']).toMatch(/^inline; filename="export.csv"/);
    expect(content.headers['x-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(content.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers 404 for evidence outside the window or the scope, and for another engagement', async () => {
    for (const id of [beforeWindow, outOfScopeEvidence]) {
      expect((await get(audit(`/evidence/${id}`), auditor)).statusCode).toBe(404);
      expect((await get(audit(`/evidence/${id}/content`), auditor)).statusCode).toBe(404);
    }
    // A prefix of an in-scope id is not accepted either (no probing by prefix).
    expect((await get(audit(`/evidence/${inWindow.slice(0, 12)}`), auditor)).statusCode).toBe(404);
    // Members see the same views, and the same 404 for evidence outside the period.
    expect((await get(audit(`/evidence/${beforeWindow}`), lead)).statusCode).toBe(404);
    for (const path of ['/audit', '/audit/controls', '/audit/evidence', '/samples', '/population-kinds'])
      expect((await get(`/engagements/${engagementB}${path}`, auditor)).statusCode).toBe(404);
  });

  it('refuses every organization-wide list, aggregate and export to the auditor', async () => {
    const urls = [
      '',
      '/readiness?at=2026-11-29',
      '/readiness/burndown?at=2026-11-29',
      '/reports/readiness.pdf?at=2026-11-29',
      '/exports/findings?format=csv',
      '/exports/controls?format=xlsx',
      '/controls/export?format=json',
      '/oscal/oscal-catalog',
      '/controls',
      `/controls/${inScope}`,
      '/evidence',
      `/evidence/${inWindow}`,
      `/evidence/${inWindow}/content`,
      '/engagements',
      '/plan',
      '/findings',
      '/exceptions',
      '/activity',
      '/verify',
      '/people',
      '/members',
      '/invitations',
      '/api-tokens',
      '/nhi',
      '/nhi/findings',
      '/nhi/imports',
      '/frameworks',
    ];
    const leaked: string[] = [];
    for (const url of urls) {
      const r = await get(url, auditor);
      if (r.statusCode !== 403 && r.statusCode !== 404) leaked.push(`${url}: ${r.statusCode}`);
    }
    expect(leaked).toEqual([]);
  });

  it('lets the auditor raise findings on in-scope controls only, and lists only theirs', async () => {
    const raise = (controlCodes: string[]) =>
      h.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${slug}${audit('/findings')}`,
        headers: auditor,
        payload: { title: 'Approval after deploy', severity: 'high', controlCodes, openedOn: '2026-11-02' },
      });
    const raised = await raise([inScope]);
    expect(raised.statusCode).toBe(201);
    expect(raised.json()).toMatchObject({ source: 'auditor', controls: [{ code: inScope }] });
    expect((await raise([outOfScope])).statusCode).toBe(404);
    await addFinding(h.store.database, TEST_ACTOR, orgId, {
      title: 'Raised by the company',
      severity: 'low',
      openedOn: '2026-11-03',
      controlCodes: [inScope],
    });
    const listed = (await get(audit('/findings'), auditor)).json().items;
    expect(listed.map((f: { id: string }) => f.id)).toEqual([raised.json().id]);
  });

  it("shows only the engagement's own activity", async () => {
    const sample = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/engagements/${engagementA}/samples`,
      headers: auditor,
      payload: { kind: 'findings', seed: 'activity' },
    });
    expect(sample.statusCode).toBe(201);
    const request = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/engagements/${engagementA}/requests`,
      headers: auditor,
      payload: { reference: 'PBC-900', text: 'Population of changes', dueOn: '2027-01-15' },
    });
    expect(request.statusCode).toBe(201);
    const entries = (await get(audit('/activity?limit=500'), auditor)).json().items as {
      recordType: string;
      recordId: string;
    }[];
    const types = new Set(entries.map((e) => e.recordType));
    expect(
      [...types].every((t) =>
        ['engagement', 'audit-sample', 'finding', 'audit-sample-sizes', 'audit-request'].includes(t),
      ),
    ).toBe(true);
    expect(entries.some((e) => e.recordType === 'engagement' && e.recordId === engagementA)).toBe(true);
    expect(entries.some((e) => e.recordId === sample.json().id)).toBe(true);
    expect(entries.some((e) => e.recordType === 'audit-request' && e.recordId === request.json().id)).toBe(
      true,
    );
    expect(entries.some((e) => e.recordId === engagementB)).toBe(false);
    expect(entries.filter((e) => e.recordType === 'finding')).toHaveLength(1);
  });
});

describe('samples are reproducible from their seed', () => {
  let h: Harness;
  let slug: string;
  let engagementId: string;
  let auditor: Record<string, string>;

  beforeAll(async () => {
    h = await createHarness();
    const org = await buildOrg(h, 'Sampled Org');
    slug = org.slug;
    engagementId = (await createEngagement(h.store.database, TEST_ACTOR, org.id, WINDOW)).id;
    // Twelve findings on twelve days: their stable order is by date, whatever the database.
    for (let n = 1; n <= 12; n++) {
      await addFinding(h.store.database, TEST_ACTOR, org.id, {
        title: `Population ${n}`,
        severity: 'low',
        openedOn: `2026-08-${String(n).padStart(2, '0')}`,
      });
    }
    const user = await buildUser(h, [{ orgId: org.id, role: 'auditor', engagementId }]);
    auditor = withSession(await buildSession(h, user));
  });
  afterAll(() => h.close());

  const draw = async (body: Record<string, unknown>) => {
    const r = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/engagements/${engagementId}/samples`,
      headers: auditor,
      payload: { kind: 'findings', ...body },
    });
    expect(r.statusCode).toBe(201);
    return r.json() as {
      id: string;
      seed: string;
      size: number;
      frequency: string;
      population: { count: number; hash: string };
      items: { label: string; position: number }[];
    };
  };

  it('gives the same records for the same seed (pinned: the same on SQLite and PostgreSQL), others for another seed', async () => {
    const first = await draw({ seed: 'pinned-seed', size: 4 });
    const again = await draw({ seed: 'pinned-seed', size: 4 });
    const other = await draw({ seed: 'other-seed', size: 4 });
    expect(first.items.map((i) => i.position)).toEqual([1, 4, 2, 10]);
    expect(first.items.map((i) => i.label)).toEqual([
      'Population 2',
      'Population 5',
      'Population 3',
      'Population 11',
    ]);
    expect(again.items).toEqual(first.items);
    expect(again.population.hash).toBe(first.population.hash);
    expect(other.items.map((i) => i.position)).toEqual([6, 1, 0, 11]);
    expect(first.population.count).toBe(12);
  });

  it('records a random seed when none is given, and proposes the size of the frequency (firm override first)', async () => {
    const preview = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/engagements/${engagementId}/populations/findings?limit=3`,
      headers: auditor,
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ count: 12, frequency: 'monthly', defaultSize: 3 });
    expect(preview.json().items).toHaveLength(3);
    const drawn = await draw({});
    expect(drawn.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(drawn.items).toHaveLength(3);
    expect(drawn.population.hash).toBe(preview.json().hash);
    const set = await h.app.inject({
      method: 'PUT',
      url: `/api/v1/orgs/${slug}/engagements/${engagementId}/sample-sizes`,
      headers: auditor,
      payload: { monthly: 5 },
    });
    expect(set.statusCode).toBe(200);
    expect((await draw({})).items).toHaveLength(5);
  });

  it('names a request, filters by it, and refuses an unknown population kind naming the field', async () => {
    const sample = await draw({ seed: 's', requestId: 'request-1' });
    const listed = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/engagements/${engagementId}/samples?requestId=request-1`,
      headers: auditor,
    });
    expect(listed.json().items.map((s: { id: string }) => s.id)).toEqual([sample.id]);
    const bad = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/engagements/${engagementId}/samples`,
      headers: auditor,
      payload: { kind: 'coffee-orders' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual({ field: 'kind' });
  });
});
