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
} from '../../../test/factories.js';
import { SESSION_COOKIE } from '../../platform/http/session-cookie.js';
import { issueFirstAdminToken } from './setup.service.js';

describe('sessions, CSRF and setup', () => {
  let h: Harness;
  let orgId: string;
  let orgSlug: string;

  beforeAll(async () => {
    h = await createHarness();
    const org = await buildOrg(h, 'Session Org');
    orgId = org.id;
    orgSlug = org.slug;
  });
  afterAll(() => h.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    h.app.inject({ method: 'GET', url, headers });
  const session = (cookie: string) => get('/api/v1/auth/session', { cookie });

  it('first run: the one-time setup token creates the admin, signs them in, and works once', async () => {
    const token = await issueFirstAdminToken(h.store.database, h.settings);
    const body = {
      token,
      email: 'Founder@Example.test',
      name: 'Founder',
      password: 'a very long first password',
    };
    const response = await h.app.inject({ method: 'POST', url: '/api/v1/auth/setup', payload: body });
    expect(response.statusCode).toBe(200);
    expect(response.json().user.email).toBe('founder@example.test');
    expect(response.json().memberships).toEqual([expect.objectContaining({ orgId, role: 'admin' })]);
    const again = await h.app.inject({ method: 'POST', url: '/api/v1/auth/setup', payload: body });
    expect(again.statusCode).toBe(401);
    const cookie = sessionCookieOf(response);
    expect((await session(cookie)).json().user.email).toBe('founder@example.test');
  });

  it('sets an HttpOnly, SameSite=Lax cookie, Secure only over TLS, with a new token at every sign-in', async () => {
    const user = await buildUser(h, [{ orgId, role: 'viewer' }]);
    const first = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    const cookie = first.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    const second = await signIn(h, user.email);
    expect(second.cookie).not.toBe(`${SESSION_COOKIE}=${cookie.value}`);
    expect((await session(second.cookie)).json().user.email).toBe(user.email);
    expect((await session(`${SESSION_COOKIE}=${cookie.value}`)).json().user.email).toBe(user.email);

    const behindProxy = await createHarness({ trustProxy: true });
    try {
      const proxied = await buildUser(behindProxy, []);
      const tls = await behindProxy.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { email: proxied.email, password: TEST_PASSWORD },
      });
      expect(tls.cookies.find((c) => c.name === SESSION_COOKIE)?.secure).toBe(true);
    } finally {
      await behindProxy.close();
    }
  });

  it('expires a session after 60 idle minutes, and any session 12 hours after sign-in', async () => {
    const user = await buildUser(h, [{ orgId, role: 'viewer' }]);
    const idle = await signIn(h, user.email);
    h.clock.advance(59);
    expect((await session(idle.cookie)).json().user).not.toBeNull();
    h.clock.advance(59);
    expect((await session(idle.cookie)).json().user).not.toBeNull();
    h.clock.advance(61);
    expect((await session(idle.cookie)).json().user).toBeNull();
    expect((await get(`/api/v1/orgs/${orgSlug}`, { cookie: idle.cookie })).statusCode).toBe(401);

    const busy = await signIn(h, user.email);
    for (let elapsed = 50; elapsed <= 700; elapsed += 50) {
      h.clock.advance(50);
      expect((await get(`/api/v1/orgs/${orgSlug}`, { cookie: busy.cookie })).statusCode).toBe(200);
    }
    // 721 minutes after sign-in, 21 minutes after the last request: only the absolute limit applies.
    h.clock.advance(21);
    expect((await get(`/api/v1/orgs/${orgSlug}`, { cookie: busy.cookie })).statusCode).toBe(401);
  });

  it('revokes the session on sign-out', async () => {
    const user = await buildUser(h, [{ orgId, role: 'viewer' }]);
    const creds = await signIn(h, user.email);
    const out = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: withSession(creds),
    });
    expect(out.statusCode).toBe(204);
    expect((await get(`/api/v1/orgs/${orgSlug}`, { cookie: creds.cookie })).statusCode).toBe(401);
  });

  it('changes a password only with the current one, revoking every session and starting a new one', async () => {
    const user = await buildUser(h, [{ orgId, role: 'viewer' }]);
    const laptop = await signIn(h, user.email);
    const phone = await signIn(h, user.email);
    const change = (currentPassword: string) =>
      h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: withSession(laptop),
        payload: { currentPassword, newPassword: 'a brand new passphrase' },
      });
    const weak = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: withSession(laptop),
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Password123!' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.message).toMatch(/^this password is too easy to guess: /);
    const wrong = await change('not the password');
    expect(wrong.statusCode).toBe(403);
    expect((await session(laptop.cookie)).json().user).not.toBeNull();
    const right = await change(TEST_PASSWORD);
    expect(right.statusCode).toBe(200);
    expect((await session(laptop.cookie)).json().user).toBeNull();
    expect((await session(phone.cookie)).json().user).toBeNull();
    expect((await session(sessionCookieOf(right))).json().user.email).toBe(user.email);
    await expect(signIn(h, user.email)).rejects.toThrow('401');
    await expect(signIn(h, user.email, 'a brand new passphrase')).resolves.toBeTruthy();
  });

  it('demands the CSRF token on cookie-authenticated writes, and not on bearer writes', async () => {
    const admin = await buildUser(h, [{ orgId, role: 'admin' }]);
    const creds = await signIn(h, admin.email);
    const patch = (headers: Record<string, string>) =>
      h.app.inject({
        method: 'PATCH',
        url: `/api/v1/orgs/${orgSlug}`,
        headers,
        payload: { name: 'Session Org' },
      });
    expect((await patch({ cookie: creds.cookie })).statusCode).toBe(403);
    expect((await patch({ cookie: creds.cookie, 'x-csrf-token': 'x'.repeat(43) })).statusCode).toBe(403);
    expect((await patch(withSession(creds))).statusCode).toBe(200);
    const token = await buildToken(h, orgId, 'admin');
    expect((await patch(withToken(token))).statusCode).toBe(200);
    // An invalid bearer never falls back to the cookie.
    expect((await patch({ ...withSession(creds), authorization: 'Bearer ar_nope' })).statusCode).toBe(401);
  });

  it('records sign-ins and failures on the installation chain, and a token use once a day on the organization chain', async () => {
    const user = await buildUser(h, []);
    await signIn(h, user.email);
    await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: user.email, password: 'nope' },
    });
    const entries = await h.store.database.db
      .selectFrom('activity')
      .select(['action', 'chain', 'change'])
      .where('chain', '=', 'installation')
      .where('action', 'in', ['sign-in', 'sign-in-failed'])
      .execute();
    expect(entries.some((e) => e.action === 'sign-in')).toBe(true);
    const failed = entries.filter((e) => e.action === 'sign-in-failed').map((e) => JSON.parse(e.change));
    expect(failed).toContainEqual(expect.objectContaining({ email: user.email, reason: 'wrong-password' }));
    expect(JSON.stringify(entries)).not.toContain('nope');

    const token = await buildToken(h, orgId, 'viewer');
    for (let i = 0; i < 3; i++)
      expect((await get(`/api/v1/orgs/${orgSlug}`, withToken(token))).statusCode).toBe(200);
    h.clock.advance(24 * 60);
    expect((await get(`/api/v1/orgs/${orgSlug}`, withToken(token))).statusCode).toBe(200);
    const uses = await h.store.database.db
      .selectFrom('activity')
      .select(['chain', 'record_id'])
      .where('action', '=', 'use')
      .where('record_type', '=', 'api-token')
      .execute();
    const prefix = token.split('_')[1]!;
    const row = await h.store.database.db
      .selectFrom('api_tokens')
      .select(['id', 'last_used_at'])
      .where('prefix', '=', prefix)
      .executeTakeFirstOrThrow();
    expect(uses.filter((u) => u.record_id === row.id)).toEqual([
      { chain: orgId, record_id: row.id },
      { chain: orgId, record_id: row.id },
    ]);
    expect(row.last_used_at).toBe(h.clock.now());
  });
});
