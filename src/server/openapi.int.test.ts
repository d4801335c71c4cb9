import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import Fastify from 'fastify';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../test/api-client/generate.js';
import type { paths } from '../../test/api-client/openapi.js';
import {
  buildOrg,
  buildToken,
  createHarness,
  type Harness,
  watchUndocumentedErrors,
} from '../../test/factories.js';
import { ERROR_STATUS } from '../platform/errors.js';
import { licenseOf, TAG_DESCRIPTIONS } from '../platform/http/openapi.js';

interface Operation {
  operationId?: string;
  tags?: string[];
  responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }>;
}
interface Document {
  servers: { url: string }[];
  info: { license: { name: string; identifier: string } };
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

/** The operationId a route would get by the convention (verb + noun), for the failure message. */
function suggestedOperationId(method: string, path: string): string {
  const words = path
    .replace('/api/v1/', '')
    .split('/')
    .filter((s) => s && s !== 'orgs' && s !== '{org}');
  const byId = words.at(-1)?.startsWith('{') ?? false;
  const camel = (s: string) =>
    s.replace(/(^|[-_ ])(\w)/g, (_m, _sep, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
  const singular = (s: string) => s.replace(/ies$/, 'y').replace(/s$/, '');
  const nouns = words.filter((w) => !w.startsWith('{')).map(camel);
  // POST /things/{id}/approve → approveThing
  if (method === 'post' && !byId && words.at(-2)?.startsWith('{')) {
    return `${words.at(-1)}${nouns.slice(0, -1).map(singular).join('')}`;
  }
  const noun = nouns.join('') || 'Thing';
  if (method === 'get' && !byId) return `list${noun}`;
  const verb =
    { get: 'get', post: 'create', put: 'set', patch: 'update', delete: 'delete' }[method] ?? method;
  return `${verb}${singular(noun)}`;
}

const operationsOf = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method,
      path,
      op,
      name: `${method.toUpperCase()} ${path}`,
    })),
  );

describe('OpenAPI description: lint-clean, complete, and what a generated client needs', () => {
  let h: Harness;
  let doc: Document;
  const host = 'auditready.acme.test:8443';

  beforeAll(async () => {
    h = await createHarness();
    doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { host } })).json();
  });
  afterAll(() => h.close());

  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: 'openapi.json',
      config,
    });
    expect(
      problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`),
    ).toEqual([]);
    // The linter does find problems: an operation without an id is one.
    const spoiled = structuredClone(doc);
    delete spoiled.paths['/api/v1/orgs/{org}/controls']!.get!.operationId;
    const found = await lintFromString({ source: JSON.stringify(spoiled), absoluteRef: 'x.json', config });
    expect(found.map((p) => p.ruleId)).toEqual(['operation-operationId']);
  });

  it('gives every operation a unique verb-noun operationId and a described tag', () => {
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(55);
    const missing = operations
      .filter(({ op }) => !op.operationId)
      .map(
        ({ method, path, name }) =>
          `${name}: add operationId: '${suggestedOperationId(method, path)}' (verb + noun) to the route's schema in its *.routes.ts`,
      );
    expect(missing).toEqual([]);
    const unreadable = operations
      .filter(({ op }) => !/^[a-z]+[A-Z][A-Za-z0-9]*$/.test(op.operationId!))
      .map(({ name, op }) => `${name}: ${op.operationId} is not a camelCase verb + noun`);
    expect(unreadable).toEqual([]);
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const untagged = operations.filter(({ op }) => op.tags?.length !== 1).map(({ name }) => name);
    expect(untagged, 'give these routes the one tag of their concept').toEqual([]);
    const undescribed = doc.tags
      .filter((t) => !t.description)
      .map((t) => `tag "${t.name}": add its description to TAG_DESCRIPTIONS in src/platform/http/openapi.ts`);
    expect(undescribed).toEqual([]);
    expect(doc.tags.map((t) => t.name).sort()).toEqual(Object.keys(TAG_DESCRIPTIONS).sort());
  });

  it("documents each operation's errors in the one shared error shape", () => {
    const shared = '#/components/schemas/Error';
    expect(doc.components.schemas.Error).toMatchObject({ required: ['error'] });
    const problems: string[] = [];
    for (const { name, op, path } of operationsOf(doc)) {
      const statuses = Object.keys(op.responses).map(Number);
      const errors = statuses.filter((s) => s >= 400);
      for (const status of [429, 500, 503]) {
        if (!errors.includes(status)) problems.push(`${name}: no ${status}`);
      }
      const publicRoute = ['/api/v1/auth/sign-in', '/api/v1/auth/session', '/api/v1/auth/setup'].includes(
        path,
      );
      if (!errors.includes(401)) problems.push(`${name}: no 401`);
      if (path.startsWith('/api/v1/orgs/{org}') && !(errors.includes(403) && errors.includes(404)))
        problems.push(`${name}: an organization route without 403 and 404`);
      if (publicRoute && errors.includes(403)) problems.push(`${name}: a public route cannot answer 403`);
      for (const status of errors) {
        const response = op.responses[String(status)]!;
        if (response.content?.['application/json']?.schema.$ref !== shared)
          problems.push(`${name} ${status}: not the shared Error schema`);
        if (!/: .+\.$/.test(response.description)) problems.push(`${name} ${status}: no reason given`);
        if (!Object.values(ERROR_STATUS).includes(status as never))
          problems.push(`${name} ${status}: no error code is sent with this status`);
      }
    }
    expect(problems).toEqual([]);

    // What each route's own code can raise, spot-checked.
    const responses = (path: string, method: string) =>
      Object.keys(doc.paths[path]![method]!.responses).map(Number);
    expect(responses('/api/v1/orgs/{org}/evidence', 'post')).toEqual([
      201, 400, 401, 403, 404, 409, 413, 415, 429, 500, 503,
    ]);
    // A read with no input past the organization: only the input bounds every request passes can answer 400.
    expect(responses('/api/v1/orgs/{org}/nhi/thresholds', 'get')).toEqual([
      200, 400, 401, 403, 404, 429, 500, 503,
    ]);
    expect(responses('/api/v1/orgs/{org}/people/import', 'post')).toContain(422);
    expect(responses('/api/v1/auth/sign-in', 'post')).toEqual([200, 400, 401, 413, 415, 429, 500, 503]);
    expect(doc.paths['/api/v1/orgs/{org}/controls/{code}']!.delete!.responses['409']!.description).toBe(
      'Conflict: the control already has evidence or other records.',
    );
  });

  it('names the server it was fetched from, or the configured public URL, and the license', async () => {
    expect(doc.servers).toEqual([{ url: `http://${host}`, description: 'this auditready server' }]);
    const odd = await h.app.inject({ url: '/api/v1/openapi.json', headers: { host: 'bad host/../x' } });
    expect(odd.json().servers[0].url).toBe('/');
    const config = h.app.deps.config;
    config.publicUrl = 'https://audit.acme.test';
    try {
      const configured = (await h.app.inject({ url: '/api/v1/openapi.json', headers: { host } })).json();
      expect(configured.servers).toEqual([
        { url: 'https://audit.acme.test', description: 'this auditready server' },
      ]);
      // The Swagger UI reads the same document.
      const viewer = (await h.app.inject({ url: '/api/v1/docs/json' })).json();
      expect(viewer.servers[0].url).toBe('https://audit.acme.test');
      expect(viewer.paths).toEqual(configured.paths);
    } finally {
      config.publicUrl = null;
    }
    const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(doc.info.license).toEqual(licenseOf(packageJson.license));
    expect(licenseOf('UNLICENSED').identifier).toBe('LicenseRef-UNLICENSED');
    expect(licenseOf('Apache-2.0')).toEqual({ name: 'Apache-2.0', identifier: 'Apache-2.0' });
  });

  it('serves the Swagger UI at /api/v1/docs', async () => {
    const page = await h.app.inject({ url: '/api/v1/docs' });
    expect([200, 302]).toContain(page.statusCode);
    const index = await h.app.inject({ url: '/api/v1/docs/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('swagger-ui');
    const init = await h.app.inject({ url: '/api/v1/docs/static/swagger-initializer.js' });
    expect(init.statusCode).toBe(200);
  });

  it('keeps the checked-in generated client types in step with the document (npm run api:types)', async () => {
    const fresh = await generateApiTypes(doc);
    const checkedIn = readFileSync(API_TYPES_FILE, 'utf8');
    expect(fresh === checkedIn, 'test/api-client/openapi.ts is stale: run `npm run api:types`').toBe(true);
  });

  it('notes an error a route answers without documenting it', async () => {
    const found = new Set<string>();
    const app = Fastify({ logger: false });
    watchUndocumentedErrors(app as never, found);
    app.get('/api/v1/things', { config: { policy: 'signed-in' } }, async (_r, reply) =>
      reply.code(409).send({ error: { code: 'conflict', message: 'x', details: null } }),
    );
    app.get('/api/v1/other', { config: { policy: 'signed-in' } }, async (_r, reply) =>
      reply.code(401).send({ error: { code: 'unauthenticated', message: 'x', details: null } }),
    );
    await app.ready();
    await app.inject({ url: '/api/v1/things' });
    await app.inject({ url: '/api/v1/other' });
    await app.close();
    expect([...found]).toEqual(['GET /api/v1/things answered 409']);
  });
});

describe('a client generated from the description drives a running server', () => {
  let h: Harness;
  let baseUrl: string;
  let token: string;
  let slug: string;

  beforeAll(async () => {
    h = await createHarness();
    const org = await buildOrg(h, 'Client Org');
    slug = org.slug;
    token = await buildToken(h, org.id, 'admin');
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    // The document names the server a client should call.
    const doc = (await (await fetch(`${address}/api/v1/openapi.json`)).json()) as Document;
    baseUrl = doc.servers[0]!.url;
    expect(baseUrl).toBe(address);
  });
  afterAll(() => h.close());

  it('with an API token: lists organizations and controls, uploads evidence, reads readiness', async () => {
    const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
    const org = { org: slug };

    const orgs = await client.GET('/api/v1/orgs');
    expect(orgs.response.status).toBe(200);
    expect(orgs.data?.items.map((o) => o.slug)).toEqual([slug]);

    const created = await client.POST('/api/v1/orgs/{org}/controls', {
      params: { path: org },
      body: {
        code: 'API-01',
        title: 'Access reviews',
        cadence: 'quarterly',
        requirements: [
          {
            code: 'API-01.1',
            artifact: 'Review export',
            cadence: 'quarterly',
            sourceType: 'system-export',
            collection: 'manual',
          },
        ],
      },
    });
    expect(created.response.status).toBe(201);
    expect(created.data?.requirements.map((r) => r.code)).toEqual(['API-01.1']);

    const controls = await client.GET('/api/v1/orgs/{org}/controls', {
      params: { path: org, query: { limit: 10 } },
    });
    expect(controls.data?.items.map((c) => c.code)).toEqual(['API-01']);
    expect(controls.data?.nextCursor).toBeNull();

    const content = 'user,reviewed\nada,yes\n';
    const upload = await client.POST('/api/v1/orgs/{org}/evidence', {
      params: { path: org },
      body: {
        controlCode: 'API-01',
        effective: '2026-10-01',
        sourceType: 'system-export',
        file: new Blob([content], { type: 'text/csv' }),
      },
      bodySerializer: (body) => {
        // The fields come before the file part (the server streams the file as it arrives).
        const form = new FormData();
        for (const [name, value] of Object.entries(body)) {
          if (name !== 'file' && typeof value === 'string') form.append(name, value);
        }
        form.append('file', body.file, 'access-review.csv');
        return form;
      },
    });
    expect(upload.error).toBeUndefined();
    expect(upload.response.status).toBe(201);
    expect(upload.data).toMatchObject({
      controlCode: 'API-01',
      requirementCode: 'API-01.1',
      fileName: 'access-review.csv',
      sha256: createHash('sha256').update(content).digest('hex'),
      reviewState: 'submitted',
    });

    const download = await client.GET('/api/v1/orgs/{org}/evidence/{evidenceId}/content', {
      params: { path: { ...org, evidenceId: upload.data!.id } },
      parseAs: 'text',
    });
    expect(download.data).toBe(content);

    const readiness = await client.GET('/api/v1/orgs/{org}/readiness', { params: { path: org } });
    expect(readiness.response.status).toBe(200);
    const control = readiness.data?.controls.find((c) => c.code === 'API-01');
    expect(control?.status).toBeDefined();
    expect(control?.reasons.map((r) => r.code)).toContain('no-owner');
  });

  it('reads errors in the documented shape', async () => {
    const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
    const missing = await client.GET('/api/v1/orgs/{org}/controls/{code}', {
      params: { path: { org: slug, code: 'NOPE-99' } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.code).toBe('not_found');
    expect(missing.error?.error.message).toEqual(expect.any(String));

    const invalid = await client.GET('/api/v1/orgs/{org}/controls', {
      params: { path: { org: slug }, query: { limit: 0 } },
    });
    expect(invalid.response.status).toBe(400);
    expect(invalid.error?.error.code).toBe('invalid_input');

    const anonymous = createClient<paths>({ baseUrl });
    const refused = await anonymous.GET('/api/v1/orgs/{org}/readiness', { params: { path: { org: slug } } });
    expect(refused.response.status).toBe(401);
    expect(refused.error?.error.code).toBe('unauthenticated');
  });
});
