import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildOrg,
  buildPerson,
  buildSession,
  buildToken,
  buildUser,
  createHarness,
  type Harness,
  multipartFile,
  type TestUser,
  withSession,
  withToken,
} from '../../test/factories.js';
import { fillPath, ROUTE_SAMPLES, type SampleOrg, type SampleRequest } from '../../test/route-samples.js';

/** A JSON Schema node of the OpenAPI document, as far as the generator reads it. */
interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
}

interface Operation {
  key: string;
  method: string;
  path: string;
  policy: { kind: string } | undefined;
  pathParams: string[];
  query: Record<string, JsonSchema>;
  body: JsonSchema | null;
  multipart: boolean;
}

/** How long each database's run may take, and how many requests it makes at most (2 cores, shared). */
const TIME_LIMIT_MS = 60_000;
const MAX_RUNS = 8000;

/** Strings that broke servers before: dates out of range, NUL, bidi overrides, traversal, formulas, huge. */
const NASTY_STRINGS = [
  '',
  ' ',
  '2026-10-01',
  '2026-10-01..2026-12-31',
  '2026-02-30',
  '9999-12-31',
  '0000-01-01',
  '1969-12-31',
  '2199-12-31..2026-01-01',
  '-1',
  '0',
  '1e309',
  'NaN',
  'true',
  'null',
  'a\u0000b',
  'invoice\u202Efdp.exe',
  '../../etc/passwd',
  '=HYPERLINK("http://x")',
  '%00',
  "'; drop table people; --",
  'x'.repeat(5000),
  '👩‍💻',
  '\uD800',
  '01234567-89ab-7def-8123-456789abcdef',
  'eyJ4IjoxfQ',
  'soc2',
  'admin',
];

const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  anyString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, -1, 0, 2 ** 53, Number.MAX_VALUE),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Values for a schema: mostly of its shape (so deeper validation and services run), sometimes anything. */
function arbitraryFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return anyValue;
  const shaped = shapedFor(schema, depth);
  return fc.oneof({ weight: 5, arbitrary: shaped }, { weight: 1, arbitrary: anyValue });
}

function shapedFor(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives && alternatives.length > 0)
    return fc.oneof(...alternatives.map((s) => arbitraryFor(s, depth + 1)));
  if (schema.allOf && schema.allOf.length > 0) return arbitraryFor(schema.allOf[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const keys = Object.keys(properties);
      if (keys.length === 0) return fc.dictionary(anyString, anyValue, { maxKeys: 3 });
      const model = Object.fromEntries(keys.map((k) => [k, arbitraryFor(properties[k], depth + 1)]));
      return fc.record(model, { requiredKeys: [] });
    }
    case 'array':
      return fc.array(arbitraryFor(schema.items, depth + 1), { maxLength: 4 });
    case 'string':
      return anyString;
    case 'integer':
      return fc.oneof(fc.integer(), fc.constantFrom(0, 1, 100, 101, -1, 2 ** 31, 2 ** 53));
    case 'number':
      return fc.oneof(fc.double(), fc.integer());
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return anyValue;
  }
}

/** One fuzzed request: what part of the valid sample it breaks, and with what. */
interface Fuzzed {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  multipart: { payload: Buffer; headers: Record<string, string> } | null;
}

function requestFor(op: Operation, sample: SampleRequest | null, orgSlug: string): fc.Arbitrary<Fuzzed> {
  const baseParams: Record<string, string> = Object.fromEntries(
    op.pathParams.map((p) => [p, sample?.params[p] ?? (p === 'org' ? orgSlug : 'x')]),
  );
  const params = fc.oneof(
    { weight: 3, arbitrary: fc.constant(baseParams) },
    {
      weight: 1,
      arbitrary: fc.record(
        Object.fromEntries(
          op.pathParams.map((p) => [
            p,
            fc.oneof(
              fc.constant(baseParams[p] as string),
              anyString.filter((s) => s.length > 0),
            ),
          ]),
        ),
      ) as fc.Arbitrary<Record<string, string>>,
    },
  );
  const queryModel = Object.fromEntries(
    Object.keys(op.query).map((name) => [
      name,
      fc.oneof(anyString, fc.constant(sample?.query?.[name] ?? '1')) as fc.Arbitrary<string>,
    ]),
  );
  const query = fc.oneof(
    fc.constant(sample?.query ?? {}),
    fc.record(queryModel, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>,
    fc.dictionary(anyString, anyString, { maxKeys: 3 }),
  );
  const body: fc.Arbitrary<unknown> = op.body
    ? fc.oneof(
        { weight: 1, arbitrary: fc.constant(sample?.body) },
        { weight: 4, arbitrary: arbitraryFor(op.body) },
        {
          weight: 3,
          // The valid sample with one field broken: reaches the services' own rules.
          arbitrary:
            sample?.body && typeof sample.body === 'object'
              ? fc
                  .tuple(fc.constantFrom(...Object.keys(sample.body as object), 'extra'), anyValue)
                  .map(([k, v]) => ({ ...(sample.body as object), [k]: v }))
              : anyValue,
        },
      )
    : fc.constant(undefined);
  const multipart = op.multipart
    ? fc.oneof(
        fc.constant(sample?.multipart ?? null),
        fc
          .tuple(
            fc.oneof(anyString, fc.constant('email,name\na@b.test,A\n')),
            anyString,
            fc.constantFrom('file', 'other'),
            fc.dictionary(
              fc.constantFrom('controlCode', 'effective', 'kind', 'scope', 'description'),
              anyString,
              {
                maxKeys: 4,
              },
            ),
          )
          .map(([content, name, field, fields]) => multipartFile(content, name, field, fields)),
      )
    : fc.constant(null);
  return fc.record({ params, query, body, multipart });
}

describe('API fuzz: arbitrary and schema-breaking requests to every route never answer 500', () => {
  let h: Harness;
  let operations: Operation[];
  const samples = new Map<string, SampleRequest | null>();
  const errors: string[] = [];
  const org: SampleOrg = { id: '', slug: '', contributorEmail: '', otherEmail: '' };
  let admin: TestUser;
  let token: string;

  beforeAll(async () => {
    const logs = new Writable({
      write(chunk, _encoding, done) {
        const line = String(chunk);
        if (/"level":(50|60)/.test(line)) errors.push(line.slice(0, 2000));
        done();
      },
    });
    // No API rate limit here: a fuzz run answered mostly 429 would test nothing past the limiter.
    h = await createHarness({ logLevel: 'error', logStream: logs, rateLimit: null });
    const built = await buildOrg(h, 'Fuzz Org');
    const contributor = await buildPerson(h, built.id, { email: `contributor@${built.slug}.test` });
    const other = await buildPerson(h, built.id, { email: `other@${built.slug}.test` });
    Object.assign(org, {
      id: built.id,
      slug: built.slug,
      contributorEmail: contributor.email,
      otherEmail: other.email,
    });
    admin = await buildUser(h, [{ orgId: org.id, role: 'admin' }]);
    token = await buildToken(h, org.id, 'admin');

    const doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            'x-policy'?: { kind: string };
            parameters?: { in: string; name: string; schema?: JsonSchema }[];
            requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
          }
        >
      >;
    };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const content = op.requestBody?.content ?? {};
        return {
          key: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          policy: op['x-policy'],
          pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
          query: Object.fromEntries(
            (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? {}]),
          ),
          body: content['application/json']?.schema ?? null,
          multipart: 'multipart/form-data' in content,
        };
      }),
    );
    // A valid request per route as the starting point (routes added later without a sample get random ones).
    for (const op of operations) {
      const sample = ROUTE_SAMPLES[op.key];
      samples.set(op.key, sample ? await sample(h, org, 'own') : null);
    }
  }, 120_000);
  afterAll(() => h.close());

  it('answers every fuzzed request with a status below 500', {
    timeout: TIME_LIMIT_MS + 90_000,
  }, async () => {
    expect(operations.length).toBeGreaterThan(50);
    const statuses = new Map<number, number>();
    const reached = new Set<string>();
    // AUDITREADY_FUZZ_SEED replays a failing run (the seed is in the failure's message and printed below).
    const seed = Number(process.env.AUDITREADY_FUZZ_SEED ?? Date.now() % 2 ** 31);
    const arbitrary = fc
      .constantFrom(...operations)
      .chain((op) => requestFor(op, samples.get(op.key) ?? null, org.slug).map((req) => ({ op, req })));
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ op, req }) => {
        // Routes of a signed-in user get a fresh session each time (sign-out ends it); the rest the admin token.
        const headers =
          op.policy?.kind === 'user-session' || op.policy?.kind === 'public'
            ? withSession(await buildSession(h, admin))
            : withToken(token);
        let url: string;
        try {
          url = fillPath(op.path, req.params);
        } catch {
          return;
        }
        const query = new URLSearchParams(req.query).toString();
        const errorsBefore = errors.length;
        const json = !req.multipart && req.body !== undefined;
        const response = await h.app.inject({
          method: op.method as 'GET',
          url: query ? `${url}?${query}` : url,
          headers: {
            ...headers,
            ...(req.multipart?.headers ?? {}),
            ...(json ? { 'content-type': 'application/json' } : {}),
          },
          ...(req.multipart
            ? { payload: req.multipart.payload }
            : json
              ? { payload: JSON.stringify(req.body) ?? 'null' }
              : {}),
        });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode < 400) reached.add(op.key);
        if (response.statusCode >= 500) {
          throw new Error(
            `${op.method} ${url}${query ? `?${query}` : ''} answered ${response.statusCode}: ${response.body}\n` +
              errors.slice(errorsBefore).join('\n'),
          );
        }
      }),
      {
        numRuns: MAX_RUNS,
        interruptAfterTimeLimit: TIME_LIMIT_MS,
        markInterruptAsFailure: false,
        seed,
      },
    );
    // The run did real work: many requests, most routes reached past validation at least once.
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(200);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    expect(reached.size).toBeGreaterThan(operations.length / 3);
    console.info(
      `API fuzz (seed ${seed}): ${total} requests over ${operations.length} routes, ${reached.size} answered 2xx/3xx at least once; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  });
});
