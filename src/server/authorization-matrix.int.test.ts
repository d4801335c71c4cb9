import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACTOR } from '../../test/database.js';
import {
  buildOrg,
  buildPerson,
  buildSession,
  buildToken,
  buildUser,
  type Credentials,
  createHarness,
  type Harness,
  withSession,
  withToken,
} from '../../test/factories.js';
import {
  AUDIT_WINDOW,
  fillPath,
  ROUTE_SAMPLES,
  type SampleOrg,
  type SampleRequest,
} from '../../test/route-samples.js';
import { createEngagement } from '../modules/engagements/engagement.service.js';
import { decide, ROLES, type Role } from '../platform/auth/policy.js';

/** The policy of one operation, as the OpenAPI document declares it. */
type XPolicy =
  | { kind: 'public' | 'signed-in' | 'user-session' }
  | { kind: 'organization'; concept: string; action: string };

interface Operation {
  method: string;
  path: string;
  policy: XPolicy | undefined;
}

/** The public routes: the only ones that answer without credentials. */
const PUBLIC = [
  'POST /api/v1/auth/sign-in',
  'GET /api/v1/auth/session',
  'POST /api/v1/auth/setup',
  'POST /api/v1/auth/invitations/inspect',
  'POST /api/v1/auth/invitations/register',
  'GET /api/v1/auth/sso/{org}/start',
  'GET /api/v1/auth/sso/callback',
  'POST /api/v1/auth/sso/link',
];

type Credential =
  | { kind: 'session'; creds: Credentials }
  | { kind: 'token'; secret: string }
  | { kind: 'none' };

function headersOf(c: Credential): Record<string, string> {
  if (c.kind === 'session') return withSession(c.creds);
  if (c.kind === 'token') return withToken(c.secret);
  return {};
}

describe('authorization matrix: every route × role × organization × credential', () => {
  let h: Harness;
  let operations: Operation[];
  const own: SampleOrg = { id: '', slug: '', contributorEmail: '', otherEmail: '' };
  const foreign: SampleOrg = { id: '', slug: '', contributorEmail: '', otherEmail: '' };
  const sessions = new Map<Role, Credentials>();
  const tokens = new Map<Role, string>();
  const userIds = new Map<Role, { id: string; email: string }>();
  let expiredSession: Credentials;
  let revokedToken: string;
  /** An auditor of engagement B of the same organization, and an auditor of the foreign organization. */
  let auditorOfB: Credentials;
  let foreignAuditor: Credentials;

  beforeAll(async () => {
    h = await createHarness();
    for (const [target, name] of [
      [own, 'Own Org'],
      [foreign, 'Foreign Org'],
    ] as const) {
      const org = await buildOrg(h, name);
      const contributor = await buildPerson(h, org.id, { email: `contributor@${org.slug}.test` });
      const other = await buildPerson(h, org.id, { email: `other@${org.slug}.test` });
      Object.assign(target, {
        id: org.id,
        slug: org.slug,
        contributorEmail: contributor.email,
        otherEmail: other.email,
      });
    }
    const contributorPerson = await h.store.database.db
      .selectFrom('people')
      .select('id')
      .where('email', '=', own.contributorEmail)
      .executeTakeFirstOrThrow();
    // Engagement A (the samples' engagement: the matrix's auditor is scoped to it) and B of the same organization.
    for (const target of [own, foreign])
      target.engagementId = (
        await createEngagement(h.store.database, TEST_ACTOR, target.id, AUDIT_WINDOW)
      ).id;
    const engagementB = await createEngagement(h.store.database, TEST_ACTOR, own.id, AUDIT_WINDOW);
    for (const role of ROLES) {
      const personId = role === 'contributor' ? contributorPerson.id : null;
      const engagementId = role === 'auditor' ? own.engagementId : null;
      const user = await buildUser(h, [{ orgId: own.id, role, personId, engagementId }]);
      userIds.set(role, user);
      sessions.set(role, await buildSession(h, user));
      // An API token never carries the auditor role (docs/decisions/0022).
      if (role !== 'auditor')
        tokens.set(role, await buildToken(h, own.id, role, { ownerPersonId: personId }));
    }
    auditorOfB = await buildSession(
      h,
      await buildUser(h, [{ orgId: own.id, role: 'auditor', engagementId: engagementB.id }]),
    );
    foreignAuditor = await buildSession(
      h,
      await buildUser(h, [{ orgId: foreign.id, role: 'auditor', engagementId: foreign.engagementId! }]),
    );
    const stale = await buildUser(h, [{ orgId: own.id, role: 'admin' }]);
    expiredSession = await buildSession(h, stale);
    // Idle for longer than the idle timeout.
    await h.store.database.db
      .updateTable('sessions')
      .set({ last_seen_at: '2000-01-01T00:00:00.000Z' })
      .where('user_id', '=', stale.id)
      .execute();
    revokedToken = await buildToken(h, own.id, 'admin', { revoked: true });

    const doc = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, { 'x-policy'?: XPolicy }>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        policy: op['x-policy'],
      })),
    );
  });
  afterAll(() => h.close());

  const send = async (op: Operation, sample: SampleRequest, credential: Credential) => {
    const url = fillPath(op.path, sample.params);
    const headers = { ...headersOf(credential), ...(sample.multipart?.headers ?? {}) };
    return h.app.inject({
      method: op.method as 'GET',
      url,
      headers,
      ...(sample.query ? { query: sample.query } : {}),
      ...(sample.multipart
        ? { payload: sample.multipart.payload }
        : sample.body === undefined
          ? {}
          : { payload: sample.body as object }),
    });
  };

  it('lists every API route with a policy and a sample request, and only the sign-in, invitation-link and single sign-on routes are public', () => {
    expect(operations.length).toBeGreaterThan(25);
    const missingPolicy = operations.filter((o) => !o.policy).map((o) => `${o.method} ${o.path}`);
    expect(missingPolicy, 'routes without x-policy').toEqual([]);
    const publicRoutes = operations
      .filter((o) => o.policy?.kind === 'public')
      .map((o) => `${o.method} ${o.path}`);
    expect(publicRoutes.sort()).toEqual([...PUBLIC].sort());
    const missingSample = operations
      .filter((o) => o.policy?.kind !== 'public')
      .map((o) => `${o.method} ${o.path}`)
      .filter((key) => !ROUTE_SAMPLES[key]);
    expect(missingSample, 'add a sample request to test/route-samples.ts').toEqual([]);
  });

  it('answers 401 to no credentials, an expired session and a revoked token on every non-public route', async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => o.policy?.kind !== 'public')) {
      const sample = await ROUTE_SAMPLES[`${op.method} ${op.path}`]!(h, own, 'own');
      for (const [name, credential] of [
        ['none', { kind: 'none' }],
        ['expired session', { kind: 'session', creds: expiredSession }],
        ['revoked token', { kind: 'token', secret: revokedToken }],
      ] as [string, Credential][]) {
        const response = await send(op, sample, credential);
        if (response.statusCode !== 401)
          failures.push(`${op.method} ${op.path} ${name}: ${response.statusCode}`);
        else expect(response.json().error.code).toBe('unauthenticated');
      }
    }
    expect(failures).toEqual([]);
  });

  // Every route × role × credential × organization: several thousand requests, so more time than one test
  // (about 2 minutes alone on two cores; the budget leaves room for CI running both engines side by side).
  it('applies the policy table to every role, by session and by token, in its own and a foreign organization', {
    timeout: 600_000,
  }, async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const op of operations.filter((o) => o.policy?.kind !== 'public')) {
      const policy = op.policy!;
      const sample = ROUTE_SAMPLES[`${op.method} ${op.path}`]!;
      for (const role of ROLES) {
        for (const kind of ['session', 'token'] as const) {
          if (role === 'auditor' && kind === 'token') continue;
          const cases: { org: SampleOrg; ownership: 'own' | 'other'; expected: number | '2xx' }[] = [];
          if (policy.kind === 'organization') {
            const decision = decide(policy.concept, policy.action, role);
            if (decision.allow === 'own') {
              cases.push({ org: own, ownership: 'own', expected: '2xx' });
              cases.push({ org: own, ownership: 'other', expected: 403 });
            } else cases.push({ org: own, ownership: 'own', expected: decision.allow ? '2xx' : 403 });
            cases.push({ org: foreign, ownership: 'own', expected: 404 });
          } else if (policy.kind === 'user-session') {
            cases.push({ org: own, ownership: 'own', expected: kind === 'session' ? '2xx' : 403 });
          } else cases.push({ org: own, ownership: 'own', expected: '2xx' });

          for (const c of cases) {
            // Routes that end the caller's session (or act on the caller's account) get a user of their own.
            const fresh =
              kind === 'session' && policy.kind === 'user-session'
                ? await buildUser(h, [{ orgId: own.id, role }])
                : null;
            const request = await sample(h, c.org, c.ownership, fresh?.email);
            const credential: Credential =
              kind === 'token'
                ? { kind: 'token', secret: tokens.get(role)! }
                : { kind: 'session', creds: fresh ? await buildSession(h, fresh) : sessions.get(role)! };
            const response = await send(op, request, credential);
            checked++;
            const ok =
              c.expected === '2xx'
                ? response.statusCode >= 200 && response.statusCode < 300
                : response.statusCode === c.expected;
            if (!ok) {
              failures.push(
                `${op.method} ${op.path} as ${role} by ${kind} (${c.org === own ? 'own' : 'foreign'} org, ${c.ownership}): expected ${c.expected}, got ${response.statusCode} ${response.body.slice(0, 160)}`,
              );
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(500);
    expect(userIds.size).toBe(ROLES.length);
  });

  it('gives an auditor of engagement B, or of another organization, nothing of engagement A: 404 where A is granted, 403 or 404 elsewhere', {
    timeout: 300_000,
  }, async () => {
    const failures: string[] = [];
    let granted = 0;
    for (const op of operations.filter((o) => o.policy?.kind === 'organization')) {
      const policy = op.policy as { concept: string; action: string };
      const decision = decide(policy.concept, policy.action, 'auditor');
      const request = await ROUTE_SAMPLES[`${op.method} ${op.path}`]!(h, own, 'own');
      if (decision.allow === 'engagement') granted++;
      const b = await send(op, request, { kind: 'session', creds: auditorOfB });
      const expectedB = decision.allow === 'engagement' ? 404 : 403;
      if (b.statusCode !== expectedB)
        failures.push(`${op.method} ${op.path} as auditor of B: expected ${expectedB}, got ${b.statusCode}`);
      const f = await send(op, request, { kind: 'session', creds: foreignAuditor });
      if (f.statusCode !== 404)
        failures.push(
          `${op.method} ${op.path} as another organization's auditor: expected 404, got ${f.statusCode}`,
        );
    }
    expect(failures).toEqual([]);
    expect(granted).toBeGreaterThanOrEqual(10);
  });

  it('records each denial on the organization chain', async () => {
    const denials = await h.store.database.db
      .selectFrom('activity')
      .select(['action', 'chain', 'actor_label'])
      .where('action', '=', 'deny')
      .execute();
    expect(denials.length).toBeGreaterThan(50);
    expect(new Set(denials.map((d) => d.chain))).toEqual(new Set([own.id]));
  });
});
