import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildOrg,
  buildSession,
  buildToken,
  buildUser,
  createHarness,
  type Harness,
  TEST_PASSWORD,
  unique,
  withToken,
} from '../../../test/factories.js';

/**
 * Sign-in throttling (issue 12.5, docs/decisions/0009): checked and counted
 * in one transaction in the database, per account+address and per address,
 * with growing delays instead of a lock-out of the account.
 */
describe('sign-in throttling', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  const attempt = (email: string, password: string, ip: string) =>
    h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      remoteAddress: ip,
      payload: { email, password },
    });
  /** How many attempts on an account were evaluated (each evaluation writes one failure entry). */
  const evaluated = async (email: string) =>
    (
      await h.store.database.db
        .selectFrom('activity')
        .select('change')
        .where('action', '=', 'sign-in-failed')
        .execute()
    ).filter((e) => (JSON.parse(e.change) as { email: string }).email === email).length;

  it('60 parallel wrong guesses evaluate at most the limit, while the owner signs in from another address', async () => {
    const user = await buildUser(h, []);
    const guesses = Array.from({ length: 60 }, () => attempt(user.email, 'wrong password guess', '10.1.1.1'));
    const owner = attempt(user.email, TEST_PASSWORD, '10.2.2.2');
    const [ownerResponse, ...responses] = await Promise.all([owner, ...guesses]);
    expect(ownerResponse!.statusCode).toBe(200);
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBe(h.settings.limits.perAccount);
    expect(codes.filter((c) => c === 429).length).toBe(60 - h.settings.limits.perAccount);
    expect(await evaluated(user.email)).toBe(h.settings.limits.perAccount);
    const limited = responses.find((r) => r.statusCode === 429)!;
    expect(limited.json().error.code).toBe('rate_limited');
    expect(limited.headers['retry-after']).toBe(String(h.settings.limits.baseDelaySeconds));
    // Even the right password waits at the attacked address; elsewhere it works throughout.
    expect((await attempt(user.email, TEST_PASSWORD, '10.1.1.1')).statusCode).toBe(429);
    expect((await attempt(user.email, TEST_PASSWORD, '10.3.3.3')).statusCode).toBe(200);
  });

  it('grows the delay with each failure after the free ones, and forgets a quiet key', async () => {
    const user = await buildUser(h, []);
    const ip = '10.4.4.4';
    for (let i = 0; i < 5; i++) expect((await attempt(user.email, 'not it at all', ip)).statusCode).toBe(401);
    const delays: string[] = [];
    for (let i = 0; i < 4; i++) {
      const refused = await attempt(user.email, 'not it at all', ip);
      expect(refused.statusCode).toBe(429);
      delays.push(refused.headers['retry-after'] as string);
      h.clock.advance(Number(refused.headers['retry-after']) / 60);
      expect((await attempt(user.email, 'not it at all', ip)).statusCode).toBe(401);
    }
    expect(delays.map(Number)).toEqual([30, 60, 120, 240]);
    // The right password after the delay signs in and clears the account's failures at that address.
    const wait = Number((await attempt(user.email, TEST_PASSWORD, ip)).headers['retry-after']);
    h.clock.advance(wait / 60);
    expect((await attempt(user.email, TEST_PASSWORD, ip)).statusCode).toBe(200);
    expect((await attempt(user.email, 'one slip', ip)).statusCode).toBe(401);
    expect((await attempt(user.email, TEST_PASSWORD, ip)).statusCode).toBe(200);
  });

  it('throttles an address spraying many accounts, and not the accounts elsewhere', async () => {
    const ip = '10.5.5.5';
    for (let i = 0; i < h.settings.limits.perIp; i++) {
      expect((await attempt(`nobody-${unique()}@example.test`, 'guess guess', ip)).statusCode).toBe(401);
    }
    const user = await buildUser(h, []);
    expect((await attempt(user.email, TEST_PASSWORD, ip)).statusCode).toBe(429);
    expect((await attempt(user.email, TEST_PASSWORD, '10.5.5.6')).statusCode).toBe(200);
    const rows = await h.store.database.db.selectFrom('sign_in_throttle').select('key').execute();
    expect(rows.map((r) => r.key)).toContain(`addr:${ip}`);
  });
});

describe('general API rate limit', () => {
  let h: Harness;
  let orgSlug: string;

  beforeAll(async () => {
    h = await createHarness({ rateLimit: { max: 5, windowSeconds: 60 } });
    orgSlug = (await buildOrg(h, 'Limited Org')).slug;
  });
  afterAll(() => h.close());

  it('answers 429 with Retry-After per session, per token and per anonymous address', async () => {
    const org = await h.store.database.db
      .selectFrom('organizations')
      .select('id')
      .where('slug', '=', orgSlug)
      .executeTakeFirstOrThrow();
    const one = await buildSession(h, await buildUser(h, [{ orgId: org.id, role: 'viewer' }]));
    const two = await buildSession(h, await buildUser(h, [{ orgId: org.id, role: 'viewer' }]));
    const token = await buildToken(h, org.id, 'viewer');
    const get = (headers: Record<string, string>, remoteAddress = '10.9.0.1') =>
      h.app.inject({ method: 'GET', url: `/api/v1/orgs/${orgSlug}`, headers, remoteAddress });
    for (let i = 0; i < 5; i++) expect((await get({ cookie: one.cookie })).statusCode).toBe(200);
    const limited = await get({ cookie: one.cookie });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another session from the same address, and a token, have their own budgets.
    expect((await get({ cookie: two.cookie })).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await get(withToken(token))).statusCode).toBe(200);
    expect((await get(withToken(token))).statusCode).toBe(429);
    for (let i = 0; i < 5; i++) expect((await get({}, '10.9.0.2')).statusCode).toBe(401);
    expect((await get({}, '10.9.0.2')).statusCode).toBe(429);
    expect((await get({}, '10.9.0.3')).statusCode).toBe(401);
    // Outside the API nothing is limited.
    for (let i = 0; i < 8; i++)
      expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
