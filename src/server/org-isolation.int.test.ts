import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildControl,
  buildOrg,
  buildPerson,
  buildToken,
  buildUser,
  createHarness,
  type Harness,
  signIn,
  withToken,
} from '../../test/factories.js';

describe('organizations never see each other', () => {
  let h: Harness;
  const a = { id: '', slug: '', token: '', personId: '', code: '' };
  const b = { id: '', slug: '', token: '', personId: '', code: '', personEmail: '' };

  beforeAll(async () => {
    h = await createHarness();
    for (const [target, name] of [
      [a, 'Alpha'],
      [b, 'Bravo'],
    ] as const) {
      const org = await buildOrg(h, name);
      const person = await buildPerson(h, org.id, { email: `only-${name.toLowerCase()}@example.test` });
      const code = await buildControl(h, org.id, {
        code: `${name.toUpperCase()}-01`,
        ownerEmail: person.email,
      });
      Object.assign(target, {
        id: org.id,
        slug: org.slug,
        token: await buildToken(h, org.id, 'admin'),
        personId: person.id,
        code,
        personEmail: person.email,
      });
    }
  });
  afterAll(() => h.close());

  const asA = (method: string, url: string, payload?: object) =>
    h.app.inject({
      method: method as 'GET',
      url,
      headers: withToken(a.token),
      ...(payload ? { payload } : {}),
    });

  it('answers a foreign organization exactly like one that does not exist', async () => {
    for (const path of ['', '/people', '/controls', '/controls/export', '/activity', '/verify', '/members']) {
      const foreign = await asA('GET', `/api/v1/orgs/${b.slug}${path}`);
      const missing = await asA('GET', `/api/v1/orgs/no-such-org${path}`);
      expect(foreign.statusCode, path).toBe(404);
      expect(missing.statusCode, path).toBe(404);
      expect(foreign.json().error.code).toBe(missing.json().error.code);
      // By id as well as by slug.
      expect((await asA('GET', `/api/v1/orgs/${b.id}${path}`)).statusCode).toBe(404);
    }
  });

  it("cannot reach B's records through A's path", async () => {
    expect((await asA('GET', `/api/v1/orgs/${a.slug}/controls/${b.code}`)).statusCode).toBe(404);
    expect((await asA('PATCH', `/api/v1/orgs/${a.slug}/controls/${b.code}`, { title: 'x' })).statusCode).toBe(
      404,
    );
    expect((await asA('DELETE', `/api/v1/orgs/${a.slug}/controls/${b.code}`)).statusCode).toBe(404);
    expect(
      (await asA('PATCH', `/api/v1/orgs/${a.slug}/people/${b.personId}`, { team: 'x' })).statusCode,
    ).toBe(404);
    const assign = await asA('PUT', `/api/v1/orgs/${a.slug}/controls/${a.code}/owner`, {
      ownerEmail: b.personEmail,
    });
    expect(assign.statusCode).toBe(404);
    const created = await asA('POST', `/api/v1/orgs/${a.slug}/controls`, {
      code: 'ALPHA-02',
      title: 'Owned by a foreign person?',
      cadence: 'monthly',
      ownerEmail: b.personEmail,
    });
    expect(created.statusCode).toBe(400);
  });

  it("lists, counts, exports and verifies only A's own records", async () => {
    const people = (await asA('GET', `/api/v1/orgs/${a.slug}/people`)).json();
    expect(people.items.map((p: { id: string }) => p.id)).toEqual([a.personId]);
    const search = (await asA('GET', `/api/v1/orgs/${a.slug}/people?q=only-bravo`)).json();
    expect(search.items).toEqual([]);
    const controls = (await asA('GET', `/api/v1/orgs/${a.slug}/controls`)).json();
    expect(controls.items.map((c: { code: string }) => c.code)).toEqual([a.code]);
    const filtered = (await asA('GET', `/api/v1/orgs/${a.slug}/controls?owner=${b.personEmail}`)).json();
    expect(filtered.items).toEqual([]);
    const exported = await asA('GET', `/api/v1/orgs/${a.slug}/controls/export?format=csv`);
    expect(exported.body).toContain(a.code);
    expect(exported.body).not.toContain(b.code);
    expect(exported.body).not.toContain(b.personEmail);
    const activity = (await asA('GET', `/api/v1/orgs/${a.slug}/activity?limit=500`)).json();
    expect(activity.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(activity)).not.toContain(b.id);
    expect(JSON.stringify(activity)).not.toContain(b.code);
    const byRecord = (await asA('GET', `/api/v1/orgs/${a.slug}/activity?recordId=${b.personId}`)).json();
    expect(byRecord.items).toEqual([]);
    const verify = (await asA('GET', `/api/v1/orgs/${a.slug}/verify`)).json();
    expect(verify).toMatchObject({ ok: true, chains: 1 });
    const ownEntries = await h.store.database.db
      .selectFrom('activity')
      .select('id')
      .where('chain', '=', a.id)
      .execute();
    expect(verify.entries).toBe(ownEntries.length);
  });

  it("lists only the caller's organizations", async () => {
    const orgs = (await asA('GET', '/api/v1/orgs')).json();
    expect(orgs.items.map((o: { id: string }) => o.id)).toEqual([a.id]);
    const user = await buildUser(h, [{ orgId: a.id, role: 'viewer' }]);
    const creds = await signIn(h, user.email);
    const mine = (
      await h.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: { cookie: creds.cookie } })
    ).json();
    expect(mine.items).toEqual([{ id: a.id, name: 'Alpha', slug: a.slug, role: 'viewer' }]);
  });

  it("does not let a token of A use or revoke B's tokens", async () => {
    const bTokens = await h.store.database.db
      .selectFrom('api_tokens')
      .select('id')
      .where('org_id', '=', b.id)
      .execute();
    const revoke = await asA('DELETE', `/api/v1/orgs/${a.slug}/api-tokens/${bTokens[0]!.id}`);
    expect(revoke.statusCode).toBe(404);
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: withToken(b.token) })).statusCode,
    ).toBe(200);
  });
});
