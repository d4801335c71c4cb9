import { Writable } from 'node:stream';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildOrg,
  buildToken,
  buildUser,
  createHarness,
  type Harness,
  sessionCookieOf,
  signIn,
  TEST_PASSWORD,
  withSession,
  withToken,
} from '../../test/factories.js';
import { fillPath } from '../../test/route-samples.js';
import { issueFirstAdminToken } from '../modules/users/setup.service.js';

describe('HTTP server: OpenAPI, errors, headers, CORS, health, logs', () => {
  let h: Harness;
  let slug: string;
  let orgId: string;
  let doc: { openapi: string; paths: Record<string, Record<string, { 'x-policy'?: { kind: string } }>> };

  beforeAll(async () => {
    h = await createHarness();
    const org = await buildOrg(h, 'Server Org');
    slug = org.slug;
    orgId = org.id;
    doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  });
  afterAll(() => h.close());

  it('serves an OpenAPI 3.1 document that validates', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(structuredClone(doc) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('serves the API viewer from its own files (no CDN)', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/api/v1/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('answers 401 without credentials on every /api/v1 route but sign-in, setup, session, the invitation link and single sign-on', async () => {
    const params = {
      org: slug,
      memberId: 'x',
      tokenId: 'x',
      personId: 'x',
      framework: 'soc2',
      frameworkId: 'soc2',
      code: 'AC-01',
      evidenceId: '01234567-89ab-7def-8123-456789abcdef',
      engagementId: '01234567-89ab-7def-8123-456789abcdef',
      exceptionId: '01234567-89ab-7def-8123-456789abcdef',
      findingId: '01234567-89ab-7def-8123-456789abcdef',
      nhiId: '01234567-89ab-7def-8123-456789abcdef',
      changeId: '01234567-89ab-7def-8123-456789abcdef',
      ticketId: 'PAY-1',
      campaignId: '01234567-89ab-7def-8123-456789abcdef',
      followUpId: '01234567-89ab-7def-8123-456789abcdef',
      incidentId: 'INC-1',
      policyId: 'acceptable-use',
      vendorId: '01234567-89ab-7def-8123-456789abcdef',
      cuecId: '01234567-89ab-7def-8123-456789abcdef',
      sourceId: '01234567-89ab-7def-8123-456789abcdef',
      jobId: '01234567-89ab-7def-8123-456789abcdef',
      account: 'example-org',
      invitationId: 'x',
      requestId: 'PBC-001',
      sampleId: 'x',
      kind: 'findings',
    };
    const open: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const response = await h.app.inject({
          method: method.toUpperCase() as 'GET',
          url: fillPath(path, params),
        });
        if (response.statusCode !== 401) open.push(`${method.toUpperCase()} ${path} ${response.statusCode}`);
      }
    }
    expect(open.sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^GET \/api\/v1\/auth\/session 200/)]),
    );
    expect(open.map((o) => o.split(' ').slice(0, 2).join(' ')).sort()).toEqual([
      'GET /api/v1/auth/session',
      'GET /api/v1/auth/sso/callback',
      'GET /api/v1/auth/sso/{org}/start',
      'POST /api/v1/auth/invitations/inspect',
      'POST /api/v1/auth/invitations/register',
      'POST /api/v1/auth/setup',
      'POST /api/v1/auth/sign-in',
      'POST /api/v1/auth/sso/link',
    ]);
  });

  it('sends the one error shape: unknown route, bad JSON, failed validation, bad cursor', async () => {
    const admin = await buildUser(h, [{ orgId, role: 'admin' }]);
    const token = await buildToken(h, orgId, 'admin');
    const notFound = await h.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json()).toEqual({
      error: { code: 'not_found', message: expect.any(String), details: null },
    });
    const badJson = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/people`,
      headers: { ...withToken(token), 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.code).toBe('invalid_input');
    const invalid = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/people`,
      headers: withToken(token),
      payload: { email: 'not-an-email', name: '' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error).toMatchObject({
      code: 'invalid_input',
      details: { issues: expect.arrayContaining([expect.objectContaining({ path: 'body.email' })]) },
    });
    const cursor = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/people?cursor=%%%`,
      headers: withToken(token),
    });
    expect(cursor.statusCode).toBe(400);
    const tooBig = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/people?limit=501`,
      headers: withToken(token),
    });
    expect(tooBig.statusCode).toBe(400);
    expect(admin.email).toContain('@');
  });

  it('hides internals on unexpected failures', async () => {
    const broken = await createHarness();
    const token = await buildToken(broken, (await buildOrg(broken, 'Broken')).id, 'admin');
    await broken.store.database.close();
    const response = await broken.app.inject({
      method: 'GET',
      url: '/api/v1/orgs',
      headers: withToken(token),
    });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: { code: 'internal', message: 'internal error', details: null },
    });
    const health = await broken.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(503);
    await broken.app.close();
    await broken.store.cleanup().catch(() => {});
  });

  it('reports health', async () => {
    const health = await h.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
  });

  it('sets security headers, and HSTS only over TLS', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/api/v1/auth/session' });
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.headers['access-control-allow-origin']).toBeUndefined();

    const proxied = await createHarness({ trustProxy: true });
    try {
      const tls = await proxied.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(tls.headers['strict-transport-security']).toContain('max-age=31536000');
      const spoofed = await h.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await proxied.close();
    }
  });

  it('keeps CORS off by default, and echoes only allow-listed origins', async () => {
    const plain = await h.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { origin: 'https://evil.example' },
    });
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();

    const cors = await createHarness({ corsOrigins: ['https://app.example'] });
    try {
      const allowed = await cors.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: { origin: 'https://app.example' },
      });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example');
      expect(allowed.headers['access-control-allow-credentials']).toBe('true');
      expect(allowed.headers.vary).toContain('Origin');
      const denied = await cors.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: { origin: 'https://evil.example' },
      });
      expect(denied.headers['access-control-allow-origin']).toBeUndefined();
      expect(denied.headers['access-control-allow-credentials']).toBeUndefined();
      const preflight = await cors.app.inject({
        method: 'OPTIONS',
        url: `/api/v1/orgs/${slug}/controls`,
        headers: { origin: 'https://app.example', 'access-control-request-method': 'PATCH' },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-headers']).toContain('X-CSRF-Token');
      const evilPreflight = await cors.app.inject({
        method: 'OPTIONS',
        url: `/api/v1/orgs/${slug}/controls`,
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'PATCH' },
      });
      expect(evilPreflight.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await cors.close();
    }
  });

  it('never logs a password, session token, CSRF token, API token or setup token', async () => {
    let logs = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logs += chunk.toString();
        done();
      },
    });
    const logged = await createHarness({ logLevel: 'trace', logStream: stream });
    try {
      const org = await buildOrg(logged, 'Logged');
      const setupToken = await issueFirstAdminToken(logged.store.database, logged.settings);
      const setup = await logged.app.inject({
        method: 'POST',
        url: '/api/v1/auth/setup',
        payload: {
          token: setupToken,
          email: 'root@example.test',
          name: 'Root',
          password: 'setup password 123',
        },
      });
      expect(setup.statusCode).toBe(200);
      const user = await buildUser(logged, [{ orgId: org.id, role: 'admin' }]);
      const creds = await signIn(logged, user.email);
      await logged.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: user.email, password: 'a wrong password 42' },
      });
      const changed = await logged.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: withSession(creds),
        payload: { currentPassword: TEST_PASSWORD, newPassword: 'the new secret phrase' },
      });
      expect(changed.statusCode).toBe(200);
      const created = await logged.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${org.slug}/api-tokens`,
        headers: { cookie: sessionCookieOf(changed), 'x-csrf-token': changed.json().csrfToken },
        payload: { name: 'ci', role: 'viewer', expiresInDays: 10 },
      });
      const secret = created.json().secret as string;
      expect(
        (await logged.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: withToken(secret) }))
          .statusCode,
      ).toBe(200);
      await logged.app.inject({
        method: 'GET',
        url: '/api/v1/orgs',
        headers: withToken(`${secret.slice(0, -2)}xx`),
      });

      expect(logs.length).toBeGreaterThan(1000);
      const secrets = [
        TEST_PASSWORD,
        'a wrong password 42',
        'the new secret phrase',
        'setup password 123',
        setupToken,
        creds.cookie.split('=')[1]!,
        creds.csrfToken,
        sessionCookieOf(changed).split('=')[1]!,
        changed.json().csrfToken,
        secret,
        // The random part alone (base64url, which may itself contain "_").
        secret.slice('ar_'.length + 12 + 1),
      ];
      for (const s of secrets) expect(logs).not.toContain(s);
    } finally {
      await logged.close();
    }
  });

  it('logs, at the default level, refused and slow requests by route pattern only, not each page view', async () => {
    const capture = () => {
      const lines: Record<string, unknown>[] = [];
      const stream = new Writable({
        write(chunk, _encoding, done) {
          for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
          done();
        },
      });
      return { lines, stream };
    };
    const quiet = capture();
    const atInfo = await createHarness({ logLevel: 'info', logStream: quiet.stream });
    try {
      const org = await buildOrg(atInfo, 'Quiet');
      const user = await buildUser(atInfo, [{ orgId: org.id, role: 'admin' }]);
      const creds = await signIn(atInfo, user.email);
      const listed = await atInfo.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${org.slug}/controls?q=secret-query-value`,
        headers: withSession(creds),
      });
      expect(listed.statusCode).toBe(200);
      // Every answer says how long the server itself took on it (the load test reads it).
      expect(listed.headers['server-timing']).toMatch(/^app;dur=\d+\.\d$/);
      const missing = await atInfo.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${org.slug}/controls/NO-SUCH-CODE`,
        headers: withSession(creds),
      });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['server-timing']).toMatch(/^app;dur=\d+\.\d$/);
      const requestLines = quiet.lines.filter((l) => typeof l.route === 'string');
      expect(requestLines).toHaveLength(1);
      expect(requestLines[0]).toMatchObject({
        msg: 'request refused',
        statusCode: 404,
        route: '/api/v1/orgs/:org/controls/:code',
      });
      expect(JSON.stringify(quiet.lines)).not.toContain('secret-query-value');
      expect(JSON.stringify(quiet.lines)).not.toContain('NO-SUCH-CODE');
    } finally {
      await atInfo.close();
    }

    const slow = capture();
    const everySlow = await createHarness({ logLevel: 'info', logStream: slow.stream, slowRequestMs: 0 });
    try {
      expect((await everySlow.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect(slow.lines.filter((l) => l.msg === 'slow request')).toEqual([
        expect.objectContaining({ route: '/healthz', statusCode: 200 }),
      ]);
    } finally {
      await everySlow.close();
    }
  });
});
