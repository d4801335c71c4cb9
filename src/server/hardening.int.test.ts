import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../../test/database.js';
import {
  buildControl,
  buildOrg,
  buildToken,
  buildUser,
  createHarness,
  deployKeyExport,
  type Harness,
  multipartFile,
  TEST_PASSWORD,
  withToken,
} from '../../test/factories.js';
import { blobStoreFor } from '../platform/blobs/fs-blob-store.js';
import { type Database, sqlitePath } from '../platform/db/database.js';
import type { DB } from '../platform/db/schema.js';
import { SESSION_COOKIE } from '../platform/http/session-cookie.js';
import { verifyLedger } from '../platform/ledger/verify-ledger.js';
import { buildServer } from './server.js';

/** An array/object value nested `depth` levels deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

/**
 * Holds the store's write lock from a second connection, as a long CLI
 * import does: SQLite's IMMEDIATE transaction; on PostgreSQL the row lock
 * on the organization's ledger head that every write of it takes.
 */
async function holdWriteLock(h: Harness, orgId: string): Promise<() => Promise<void>> {
  if (TEST_DIALECT === 'sqlite') {
    const other = new SQLite(sqlitePath(h.store.dataDir));
    other.exec('begin immediate');
    return async () => {
      other.exec('commit');
      other.close();
    };
  }
  const other = new pg.Client({ connectionString: h.store.databaseUrl });
  await other.connect();
  await other.query('begin');
  const held = await other.query('select seq from ledger_heads where chain = $1 for update', [orgId]);
  expect(held.rowCount).toBe(1);
  return async () => {
    await other.query('commit');
    await other.end();
  };
}

describe('busy, not broken: a held lock answers 503 with Retry-After', () => {
  let h: Harness;
  let slug: string;
  let orgId: string;
  let token: string;

  beforeAll(async () => {
    h = await createHarness({ lockTimeoutMs: 300 });
    const org = await buildOrg(h, 'Busy Org');
    slug = org.slug;
    orgId = org.id;
    token = await buildToken(h, org.id, 'admin');
  });
  afterAll(() => h.close());

  it('answers a write 503 busy while another connection holds the lock, and succeeds once it is released', async () => {
    const rename = (name: string) =>
      h.app.inject({
        method: 'PATCH',
        url: `/api/v1/orgs/${slug}`,
        headers: withToken(token),
        payload: { name },
      });
    // The token's first use records itself; done here so that later requests only write what they ask.
    expect((await rename('Busy Org 1')).statusCode).toBe(200);

    const release = await holdWriteLock(h, orgId);
    let refused: Awaited<ReturnType<typeof rename>>;
    const started = Date.now();
    try {
      refused = await rename('Busy Org 2');
    } finally {
      await release();
    }
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.json().error).toMatchObject({ code: 'busy', details: { retryAfterSeconds: 2 } });
    // It waited for the lock (about the store's lock timeout), not the CLI's 10 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(5000);

    const retried = await rename('Busy Org 2');
    expect(retried.statusCode).toBe(200);
    expect(retried.json().name).toBe('Busy Org 2');
  });

  it('takes the lock as soon as it is released within the wait', async () => {
    const release = await holdWriteLock(h, orgId);
    const pending = h.app.inject({
      method: 'PATCH',
      url: `/api/v1/orgs/${slug}`,
      headers: withToken(token),
      payload: { name: 'Busy Org 3' },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await release();
    const answered = await pending;
    expect(answered.statusCode).toBe(200);
    expect(answered.json().name).toBe('Busy Org 3');
  });
});

describe('unavailable: a database that cannot be reached answers 503 with Retry-After', () => {
  it('maps a refused PostgreSQL connection to 503 unavailable (not 500)', async () => {
    const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:9/none', max: 1 });
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const database: Database = {
      db,
      dialect: 'postgres',
      description: 'PostgreSQL nowhere',
      lockTimeoutMs: 300,
      close: () => db.destroy(),
    };
    const app = await buildServer({
      database,
      blobs: blobStoreFor('/nonexistent-auditready-test'),
      config: { logLevel: 'silent' },
    });
    try {
      const response = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: { cookie: `${SESSION_COOKIE}=some-session-token` },
      });
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.json().error.code).toBe('unavailable');
      expect(response.body).not.toContain('127.0.0.1');
    } finally {
      await app.close();
      await database.close();
    }
  });
});

describe('input bounds: depth, U+0000, date ranges, file names', () => {
  let h: Harness;
  let slug: string;
  let token: string;
  let control: string;

  beforeAll(async () => {
    h = await createHarness();
    const org = await buildOrg(h, 'Bounds Org');
    slug = org.slug;
    token = await buildToken(h, org.id, 'admin');
    control = await buildControl(h, org.id);
  });
  afterAll(() => h.close());

  const record = (value: unknown) =>
    h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/evidence/records`,
      headers: withToken(token),
      payload: { kind: 'record', controlCode: control, effective: '2026-10-01', record: value },
    });

  it('refuses a 10,000-deep record with 400 (it overflowed the stack: 500), and one level past 32', async () => {
    // Sent as text: JSON.stringify of the value itself would overflow the test's own stack.
    const deep = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/evidence/records`,
      headers: { ...withToken(token), 'content-type': 'application/json' },
      payload: `{"kind":"record","controlCode":"${control}","effective":"2026-10-01","record":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    });
    expect(deep.statusCode).toBe(400);
    expect(deep.json().error).toMatchObject({ code: 'invalid_input' });
    expect(deep.json().error.message).toMatch(/^body\.record\..*nested deeper than 32 levels/);
    // The body is level 1 and `record` level 2: a record of 31 levels is the deepest accepted.
    expect((await record(nested(32))).statusCode).toBe(400);
    const accepted = await record(nested(31));
    expect(accepted.statusCode).toBe(201);
  });

  it('refuses U+0000 in body, query and path strings, and in keys, with 400 on both engines', async () => {
    const body = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/orgs/${slug}`,
      headers: withToken(token),
      payload: { name: 'nul\u0000name' },
    });
    expect(body.statusCode).toBe(400);
    expect(body.json().error.message).toBe('body.name: contains the NUL character (U+0000)');
    const key = await record({ 'a\u0000b': 1 });
    expect(key.statusCode).toBe(400);
    const query = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/evidence?control=A%00B`,
      headers: withToken(token),
    });
    expect(query.statusCode).toBe(400);
    expect(query.json().error.message).toMatch(/^querystring\.control: contains the NUL/);
    const param = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/controls/A%00B`,
      headers: withToken(token),
    });
    expect(param.statusCode).toBe(400);
    const upload = multipartFile('x', 'a.txt', 'file', {
      controlCode: control,
      effective: '2026-10-01\u0000',
    });
    const field = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/evidence`,
      headers: { ...withToken(token), ...upload.headers },
      payload: upload.payload,
    });
    expect(field.statusCode).toBe(400);
    expect(field.json().error.message).toBe('effective: contains the NUL character (U+0000)');
  });

  it('refuses an unpaired surrogate in a body string or key with 400, so the log still verifies (the fuzz test found 500)', async () => {
    // Seed 1363357270 on PostgreSQL saved a request-list mapping named "\ud800": the name was stored as
    // U+FFFD while the activity entry had hashed the lone surrogate, and the package then refused to build.
    const mapping = await h.app.inject({
      method: 'PUT',
      url: `/api/v1/orgs/${slug}/request-mappings`,
      headers: { ...withToken(token), 'content-type': 'application/json' },
      payload: '{"name":"\\ud800","columns":{"reference":"Request #","text":"Request Description"}}',
    });
    expect(mapping.statusCode).toBe(400);
    expect(mapping.json().error.message).toMatch(/^body\.name: contains an unpaired UTF-16 surrogate/);
    const key = await record({ 'a\udc00': 1 });
    expect(key.statusCode).toBe(400);
    // A whole pair (an emoji) is text, and is kept as sent.
    const pair = await h.app.inject({
      method: 'PUT',
      url: `/api/v1/orgs/${slug}/request-mappings`,
      headers: withToken(token),
      payload: { name: 'map 👩‍💻', columns: { reference: 'Request #', text: 'Request Description' } },
    });
    expect(pair.statusCode).toBe(200);
    expect(pair.json().name).toBe('map 👩‍💻');
    const verified = await verifyLedger(h.store.database);
    expect(verified.problems).toEqual([]);
  });

  it('answers 400 naming the field for an e-mail a service checks (the fuzz test found 500)', async () => {
    const exception = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/exceptions`,
      headers: withToken(token),
      payload: {
        controlCode: control,
        summary: 'late',
        reason: 'fuzz',
        riskRating: 'low',
        expiresOn: '2027-01-01',
      },
    });
    expect(exception.statusCode).toBe(201);
    const approve = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/exceptions/${exception.json().id}/approve`,
      headers: withToken(token),
      payload: { approverEmail: 'not an address', approvedOn: '2026-10-01' },
    });
    expect(approve.statusCode).toBe(400);
    expect(approve.json().error.message).toBe('approverEmail: not a valid e-mail address');
    const controls = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/controls?owner=nobody`,
      headers: withToken(token),
    });
    expect(controls.statusCode).toBe(400);
  });

  it('refuses an NHI export whose record holds U+0000, naming the record, and imports nothing', async () => {
    const upload = multipartFile(deployKeyExport(77, { title: 'deploy\u0000key' }), 'keys.json', 'file', {
      kind: 'github-deploy-keys',
      scope: 'example-org/nul',
    });
    const refused = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/nhi/imports`,
      headers: { ...withToken(token), ...upload.headers },
      payload: upload.payload,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toMatch(
      /^keys\.json, at record 1, name: contains the NUL character \(U\+0000\)/,
    );
    const listed = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/nhi?search=deploy`,
      headers: withToken(token),
    });
    expect(listed.json().items).toEqual([]);
  });

  it('accepts dates from 1970-01-01 to 2199-12-31 only (9999-12-31 and 0000-01-01 were 500)', async () => {
    const readiness = (at: string) =>
      h.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${slug}/readiness?at=${at}`,
        headers: withToken(token),
      });
    const far = await readiness('9999-12-31');
    expect(far.statusCode).toBe(400);
    expect(far.json().error.message).toMatch(/a date from 1970-01-01 to 2199-12-31/);
    expect((await readiness('1969-12-31')).statusCode).toBe(400);
    expect((await readiness('2199-12-31')).statusCode).toBe(200);

    const engagement = (fieldworkStart: string, auditDate: string) =>
      h.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${slug}/engagements`,
        headers: withToken(token),
        payload: { type: 'type1', auditDate, fieldworkStart },
      });
    for (const [fieldwork, audit] of [
      ['0000-01-10', '0000-01-01'],
      ['9999-12-31', '9999-12-30'],
    ] as const) {
      const refused = await engagement(fieldwork, audit);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toBe('invalid_input');
    }
    expect((await engagement('2199-12-31', '2199-12-01')).statusCode).toBe(201);

    const effective = await record({ ok: true });
    expect(effective.statusCode).toBe(201);
    const farEffective = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/evidence/records`,
      headers: withToken(token),
      payload: { kind: 'record', controlCode: control, effective: '2026-10-01..9999-12-31', record: {} },
    });
    expect(farEffective.statusCode).toBe(400);
  });

  it('removes bidi override and isolate characters from stored evidence file names', async () => {
    const upload = multipartFile('evidence', 'invoice\u202Efdp.exe', 'file', {
      controlCode: control,
      effective: '2026-10-01',
    });
    const created = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/evidence`,
      headers: { ...withToken(token), ...upload.headers },
      payload: upload.payload,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().fileName).toBe('invoicefdp.exe');
  });
});

describe('Secure cookies behind a TLS proxy', () => {
  const signInOn = async (h: Harness) => {
    const user = await buildUser(h, []);
    const response = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    return response;
  };

  it('makes the session cookie Secure and sends HSTS when AUDITREADY_PUBLIC_URL is https, without a trusted proxy', async () => {
    const h = await createHarness({ publicUrl: 'https://audit.example.test' });
    try {
      const response = await signInOn(h);
      expect(response.cookies.find((c) => c.name === SESSION_COOKIE)?.secure).toBe(true);
      expect(response.headers['strict-transport-security']).toContain('max-age=31536000');
    } finally {
      await h.close();
    }
  });

  it('keeps it not Secure for an http public URL and no trusted proxy (a plain-HTTP trial)', async () => {
    const h = await createHarness({ publicUrl: 'http://localhost:8080' });
    try {
      const response = await signInOn(h);
      expect(response.cookies.find((c) => c.name === SESSION_COOKIE)?.secure).toBeFalsy();
      expect(response.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await h.close();
    }
  });
});
