import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildOrg,
  buildToken,
  createHarness,
  type Harness,
  multipartFile,
  withToken,
} from '../../../test/factories.js';

describe('people API', () => {
  let h: Harness;
  let slug: string;
  let token: string;

  beforeAll(async () => {
    h = await createHarness();
    const org = await buildOrg(h, 'People Org');
    slug = org.slug;
    token = await buildToken(h, org.id, 'admin');
  });
  afterAll(() => h.close());

  const call = (method: string, path: string, payload?: object) =>
    h.app.inject({
      method: method as 'GET',
      url: `/api/v1/orgs/${slug}${path}`,
      headers: withToken(token),
      ...(payload ? { payload } : {}),
    });

  it('imports a roster CSV, all or nothing, idempotently', async () => {
    const csv =
      'email,name,team,manager_email,status,departed_on\nada@example.test,Ada,Eng,,active,\nbob@example.test,Bob,Eng,ada@example.test,active,\n';
    const upload = () => {
      const file = multipartFile(csv, 'roster.csv');
      return h.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${slug}/people/import`,
        headers: { ...withToken(token), ...file.headers },
        payload: file.payload,
      });
    };
    expect((await upload()).json()).toEqual({ rows: 2, created: 2, updated: 0, unchanged: 0 });
    expect((await upload()).json()).toEqual({ rows: 2, created: 0, updated: 0, unchanged: 2 });
    const notMultipart = await call('POST', '/people/import', { file: csv });
    expect(notMultipart.statusCode).toBe(415);
  });

  it('creates and updates one person with the roster rules', async () => {
    const created = await call('POST', '/people', {
      email: 'Cy@Example.test',
      name: 'Cy',
      managerEmail: 'ada@example.test',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: 'cy@example.test', status: 'active' });
    expect((await call('POST', '/people', { email: 'cy@example.test', name: 'Again' })).statusCode).toBe(409);
    expect(
      (
        await call('POST', '/people', {
          email: 'dee@example.test',
          name: 'Dee',
          managerEmail: 'nobody@example.test',
        })
      ).statusCode,
    ).toBe(400);
    const id = created.json().id;
    const departed = await call('PATCH', `/people/${id}`, { status: 'departed' });
    expect(departed.statusCode).toBe(400);
    expect(departed.json().error.message).toContain('departure date');
    const ok = await call('PATCH', `/people/${id}`, {
      status: 'departed',
      departedOn: '2026-10-01',
      team: 'Ops',
    });
    expect(ok.json()).toMatchObject({
      status: 'departed',
      departedOn: '2026-10-01',
      team: 'Ops',
      email: 'cy@example.test',
    });
  });

  it('pages by e-mail and filters by status, team and search', async () => {
    const first = (await call('GET', '/people?limit=2')).json();
    expect(first.items.map((p: { email: string }) => p.email)).toEqual([
      'ada@example.test',
      'bob@example.test',
    ]);
    const second = (await call('GET', `/people?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((p: { email: string }) => p.email)).toEqual(['cy@example.test']);
    expect(second.nextCursor).toBeNull();
    expect((await call('GET', '/people?status=departed')).json().items).toHaveLength(1);
    expect((await call('GET', '/people?team=Eng')).json().items).toHaveLength(2);
    expect((await call('GET', '/people?q=BO')).json().items.map((p: { name: string }) => p.name)).toEqual([
      'Bob',
    ]);
    expect((await call('GET', '/people?q=%25')).json().items).toEqual([]);
  });
});
