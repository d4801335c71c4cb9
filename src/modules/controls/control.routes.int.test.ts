import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildOrg,
  buildPerson,
  buildToken,
  createHarness,
  type Harness,
  multipartFile,
  withToken,
} from '../../../test/factories.js';

describe('controls API', () => {
  let h: Harness;
  let slug: string;
  let orgId: string;
  let token: string;
  let ada: string;

  beforeAll(async () => {
    h = await createHarness({ maxUploadBytes: 4096 });
    const org = await buildOrg(h, 'Controls Org');
    slug = org.slug;
    orgId = org.id;
    token = await buildToken(h, org.id, 'compliance-lead');
    ada = (await buildPerson(h, org.id, { email: 'ada@example.test' })).email;
  });
  afterAll(() => h.close());

  const call = (method: string, path: string, payload?: object) =>
    h.app.inject({
      method: method as 'GET',
      url: `/api/v1/orgs/${slug}${path}`,
      headers: withToken(token),
      ...(payload ? { payload } : {}),
    });

  it('creates, reads, updates, assigns, maps and deletes one control', async () => {
    const created = await call('POST', '/controls', {
      code: 'AC-01',
      title: 'Access reviews',
      cadence: 'quarterly',
      requirements: [
        {
          code: 'AC-01-R1',
          artifact: 'review record',
          cadence: 'quarterly',
          sourceType: 'ticket-history',
          collection: 'manual',
        },
      ],
      mappings: { soc2: ['CC6.1'] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'AC-01', status: 'draft', mappings: { soc2: ['CC6.1'] } });
    expect(
      (await call('POST', '/controls', { code: 'AC-01', title: 'again', cadence: 'monthly' })).statusCode,
    ).toBe(409);

    const patched = await call('PATCH', '/controls/AC-01', {
      description: 'Quarterly review',
      sourceOfTruth: 'Okta',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      description: 'Quarterly review',
      sourceOfTruth: 'Okta',
      title: 'Access reviews',
    });
    expect(patched.json().requirements).toHaveLength(1);

    const assigned = await call('PUT', '/controls/AC-01/owner', { ownerEmail: ada });
    expect(assigned.json().owner.email).toBe(ada);
    const mapped = await call('PUT', '/controls/AC-01/mappings', { mappings: { iso27001: ['A.5.15'] } });
    expect(mapped.json().mappings).toMatchObject({ soc2: [], iso27001: ['A.5.15'] });
    const badMapping = await call('PUT', '/controls/AC-01/mappings', { mappings: { soc2: ['CC99.9'] } });
    expect(badMapping.statusCode).toBe(400);
    expect(badMapping.json().error.message).toContain('unknown soc2 criterion');

    const updates = await h.store.database.db
      .selectFrom('activity')
      .select(['action'])
      .where('record_type', '=', 'control')
      .where('chain', '=', orgId)
      .execute();
    expect(updates.map((u) => u.action)).toEqual(['create', 'update', 'assign', 'update']);

    expect((await call('DELETE', '/controls/AC-01')).statusCode).toBe(204);
    expect((await call('GET', '/controls/AC-01')).statusCode).toBe(404);
  });

  it('validates a hand edit exactly like a matrix row', async () => {
    await call('POST', '/controls', { code: 'NA-01', title: 'Maybe', cadence: 'annual' });
    const noJustification = await call('PATCH', '/controls/NA-01', { status: 'not-applicable' });
    expect(noJustification.statusCode).toBe(400);
    expect(noJustification.json().error.message).toContain('needs a justification');
    const ok = await call('PATCH', '/controls/NA-01', {
      status: 'not-applicable',
      naJustification: 'no office',
    });
    expect(ok.statusCode).toBe(200);
    const unknownOwner = await call('POST', '/controls', {
      code: 'NA-02',
      title: 'x',
      cadence: 'annual',
      ownerEmail: 'ghost@example.test',
    });
    expect(unknownOwner.statusCode).toBe(400);
    expect(unknownOwner.json().error.message).toContain('no person with e-mail ghost@example.test');
  });

  it('refuses to delete a control that already has evidence', async (ctx) => {
    const tables = await h.store.database.db.introspection.getTables();
    if (!tables.some((t) => t.name === 'exceptions')) ctx.skip();
    await call('POST', '/controls', { code: 'EV-01', title: 'With an exception', cadence: 'annual' });
    const control = await h.store.database.db
      .selectFrom('controls')
      .select('id')
      .where('code', '=', 'EV-01')
      .executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    // Any record referring to the control blocks deletion through its foreign key.
    await sql`insert into exceptions (id, org_id, control_id, summary, reason, risk_rating, expires_on, created_at, updated_at)
      values (${crypto.randomUUID()}, ${orgId}, ${control.id}, 's', 'r', 'low', '2099-01-01', ${now}, ${now})`.execute(
      h.store.database.db,
    );
    const refused = await call('DELETE', '/controls/EV-01');
    expect(refused.statusCode).toBe(409);
    expect((await call('GET', '/controls/EV-01')).statusCode).toBe(200);
  });

  it('pages the list in code order (byte order, the same on both engines) with opaque cursors, and filters it', async () => {
    for (const n of [1, 2, 3, 10, 11, 20])
      await call('POST', '/controls', { code: `PG-${n}`, title: `Paged ${n}`, cadence: 'monthly' });
    await call('PUT', '/controls/PG-2/owner', { ownerEmail: ada });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { code: string }[]; nextCursor: string | null } = (
        await call('GET', `/controls?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.code));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((c) => c.startsWith('PG-'))).toEqual([
      'PG-1',
      'PG-10',
      'PG-11',
      'PG-2',
      'PG-20',
      'PG-3',
    ]);
    const search = (await call('GET', '/controls?q=paged 1')).json();
    expect(search.items.map((c: { code: string }) => c.code)).toEqual(['PG-1', 'PG-10', 'PG-11']);
    const owned = (await call('GET', `/controls?owner=${ada}`)).json();
    expect(owned.items.map((c: { code: string }) => c.code)).toEqual(['PG-2']);
    expect(owned.items[0].owner.email).toBe(ada);
    const unowned = (await call('GET', '/controls?unowned=true&limit=500')).json();
    expect(unowned.items.map((c: { code: string }) => c.code)).not.toContain('PG-2');
    const na = (await call('GET', '/controls?status=not-applicable')).json();
    expect(na.items.map((c: { code: string }) => c.code)).toEqual(['NA-01']);
  });

  it('exports the matrix and imports it back unchanged; an upload over the limit is refused and stores nothing', async () => {
    const exported = await call('GET', '/controls/export?format=csv');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    expect(exported.headers['content-disposition']).toBe(
      `attachment; filename="controls-${slug}.csv"; filename*=UTF-8''controls-${slug}.csv`,
    );
    const upload = multipartFile(exported.body, '../../etc/matrix.csv');
    const imported = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/controls/import`,
      headers: { ...withToken(token), ...upload.headers },
      payload: upload.payload,
    });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ created: 0, updated: 0 });
    const json = await call('GET', '/controls/export?format=json');
    expect(JSON.parse(json.body).length).toBe(imported.json().rows);

    const before = await h.store.database.db.selectFrom('controls').select('id').execute();
    const big = `code,title,cadence\n${Array.from({ length: 400 }, (_, i) => `BIG-${i},Big control ${i},monthly`).join('\n')}\n`;
    const tooBig = multipartFile(big, 'big.csv');
    const refused = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/controls/import`,
      headers: { ...withToken(token), ...tooBig.headers },
      payload: tooBig.payload,
    });
    expect(refused.statusCode).toBe(413);
    expect(refused.json().error.code).toBe('payload_too_large');
    expect(refused.json().error.message).toBe('the file is larger than the upload limit of 4096 bytes');
    expect(await h.store.database.db.selectFrom('controls').select('id').execute()).toHaveLength(
      before.length,
    );

    // Cut at the limit on a line boundary, the file would read as a complete, shorter matrix: still refused.
    let exact = 'code,title,cadence\n';
    for (let i = 0; 4096 - exact.length > 80; i++) exact += `CUT-${i},Cut control ${i},monthly\n`;
    const last = 'CUT-LAST,,monthly\n';
    exact += last.replace(',,', `,${'T'.repeat(4096 - exact.length - last.length)},`);
    expect(exact.length).toBe(4096);
    const cut = multipartFile(`${exact}CUT-X,One row past the limit,monthly\n`, 'cut.csv');
    const cutRefused = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/controls/import`,
      headers: { ...withToken(token), ...cut.headers },
      payload: cut.payload,
    });
    expect(cutRefused.statusCode).toBe(413);
    expect(await h.store.database.db.selectFrom('controls').select('id').execute()).toHaveLength(
      before.length,
    );

    const bad = multipartFile('code,title,cadence\nX-1,,monthly\n', 'bad.csv');
    const rejected = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/controls/import`,
      headers: { ...withToken(token), ...bad.headers },
      payload: bad.payload,
    });
    expect(rejected.statusCode).toBe(422);
    expect(rejected.json().error.message).toMatch(/^bad\.csv, line 2, column 2 \(title\)/);
  });
});
