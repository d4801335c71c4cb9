import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildOrg,
  buildUser,
  createHarness,
  type Harness,
  sessionCookieOf,
  TEST_PASSWORD,
  unique,
  withSession,
} from '../../../test/factories.js';
import { startTestProvider, type TestProvider } from '../../../test/oidc-provider.js';
import { SESSION_COOKIE } from '../../platform/http/session-cookie.js';

const PUBLIC_URL = 'http://127.0.0.1:18080';
const CALLBACK = `${PUBLIC_URL}/api/v1/auth/sso/callback`;

/**
 * Single sign-on against a real OpenID provider (`oidc-provider`, on a
 * local port, signing with a key rotated mid-test): the happy paths and
 * every refusal, each with its message and its ledger entry.
 */
describe('single sign-on with OpenID Connect', () => {
  let h: Harness;
  let idp: TestProvider;
  let org: { id: string; slug: string };
  let admin: { id: string; email: string };
  let adminCreds: { cookie: string; csrfToken: string };

  beforeAll(async () => {
    idp = await startTestProvider({
      redirectUris: [CALLBACK],
      postLogoutRedirectUris: [`${PUBLIC_URL}/sign-in`],
    });
    h = await createHarness({ publicUrl: PUBLIC_URL });
    org = await buildOrg(h, `SSO Org ${unique()}`);
    admin = await buildUser(h, [{ orgId: org.id, role: 'admin' }]);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: admin.email, password: TEST_PASSWORD },
    });
    adminCreds = { cookie: sessionCookieOf(res), csrfToken: res.json().csrfToken };
    const saved = await configure({});
    expect(saved.statusCode).toBe(200);
  });
  afterAll(async () => {
    await h?.close();
    await idp?.close();
  });

  const configure = (overrides: Record<string, unknown>) =>
    h.app.inject({
      method: 'PUT',
      url: `/api/v1/orgs/${org.slug}/sso`,
      headers: withSession(adminCreds),
      payload: {
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        scopes: 'openid email profile groups',
        groupClaim: 'groups',
        roleMapping: [
          { group: 'auditready-admins', role: 'admin' },
          { group: 'compliance', role: 'compliance-lead' },
          { group: 'engineers', role: 'contributor' },
        ],
        defaultRole: 'viewer',
        required: false,
        enabled: true,
        ...overrides,
      },
    });

  const account = (
    groups: string[] = [],
    extra: Partial<{ email_verified: boolean; email: string }> = {},
  ) => {
    const login = `person-${unique()}`;
    idp.accounts.set(login, {
      email: `${login}@corp.test`,
      email_verified: true,
      name: `Person ${login}`,
      groups,
      ...extra,
    });
    return login;
  };

  /** Starts at auditready; answers the provider URL and the browser-binding cookie. */
  const start = async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${org.slug}/start` });
    expect(res.statusCode).toBe(303);
    const cookie = res.cookies.find((c) => c.name === 'auditready_sso');
    expect(cookie?.httpOnly).toBe(true);
    return { location: res.headers.location as string, cookie: cookie!.value };
  };
  const callback = (url: URL, cookie: string | null, extra: Record<string, string> = {}) =>
    h.app.inject({
      method: 'GET',
      url: `/api/v1/auth/sso/callback${url.search}`,
      cookies: { ...(cookie ? { auditready_sso: cookie } : {}), ...extra },
    });
  /** A whole sign-in: start, the provider's login page, the callback. */
  const signIn = async (login: string) => {
    const started = await start();
    const back = await idp.signIn(started.location, login);
    return callback(back, started.cookie);
  };
  const refusal = (res: { statusCode: number; headers: Record<string, unknown> }) => {
    expect(res.statusCode).toBe(303);
    const url = new URL(res.headers.location as string);
    expect(url.pathname).toBe('/sign-in');
    return { reason: url.searchParams.get('sso_error'), message: url.searchParams.get('message') ?? '' };
  };
  const lastRefusal = async () => {
    const row = await h.store.database.db
      .selectFrom('activity')
      .select(['change', 'org_id', 'chain'])
      .where('action', '=', 'sso-sign-in-failed')
      .orderBy('at', 'desc')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    return { ...(JSON.parse(row.change) as { reason: string }), orgId: row.org_id };
  };
  const roleOf = async (email: string) =>
    (
      await h.store.database.db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.role', 'm.status'])
        .where('u.email', '=', email)
        .where('m.org_id', '=', org.id)
        .executeTakeFirst()
    )?.role;

  it('never returns the client secret, and stores it sealed', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${org.slug}/sso`,
      headers: withSession(adminCreds),
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(idp.clientSecret);
    expect(res.json().config.hasSecret).toBe(true);
    expect(res.json().redirectUri).toBe(CALLBACK);
    const row = await h.store.database.db.selectFrom('sso_configs').selectAll().executeTakeFirstOrThrow();
    expect(row.client_secret).toMatch(/^v1\./);
    expect(row.client_secret).not.toContain(idp.clientSecret);
    const ledger = await h.store.database.db
      .selectFrom('activity')
      .select('change')
      .where('record_type', '=', 'sso-config')
      .execute();
    expect(ledger.map((r) => r.change).join()).not.toContain(idp.clientSecret);
  });

  it('tests discovery against the provider', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${org.slug}/sso/test`,
      headers: withSession(adminCreds),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, issuer: idp.issuer, codeChallengeS256: true, error: null });
    expect(res.json().endSessionEndpoint).toContain(idp.issuer);
  });

  it('provisions a new person just in time with the default role, and sends PKCE S256, state and nonce', async () => {
    const login = account();
    const started = await start();
    const url = new URL(started.location);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    const res = await callback(await idp.signIn(started.location, login), started.cookie);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${PUBLIC_URL}/`);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    const session = await h.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      cookies: { [SESSION_COOKIE]: cookie.value },
    });
    expect(session.json().user.email).toBe(`${login}@corp.test`);
    expect(session.json().memberships).toMatchObject([{ slug: org.slug, role: 'viewer' }]);
  });

  it('maps the group claim to a role at every sign-in', async () => {
    const login = account(['engineers']);
    expect((await signIn(login)).headers.location).toBe(`${PUBLIC_URL}/`);
    expect(await roleOf(`${login}@corp.test`)).toBe('contributor');
    idp.accounts.get(login)!.groups = ['engineers', 'compliance'];
    expect((await signIn(login)).headers.location).toBe(`${PUBLIC_URL}/`);
    expect(await roleOf(`${login}@corp.test`)).toBe('compliance-lead');
    idp.accounts.get(login)!.groups = [];
    await signIn(login);
    expect(await roleOf(`${login}@corp.test`)).toBe('viewer');
  });

  it('still validates ID tokens after the provider rotates its signing key', async () => {
    const login = account();
    expect((await signIn(login)).headers.location).toBe(`${PUBLIC_URL}/`);
    const before = idp.lastKid();
    await idp.rotateKey();
    expect((await signIn(login)).headers.location).toBe(`${PUBLIC_URL}/`);
    expect(idp.lastKid()).not.toBe(before);
  });

  it('refuses a wrong state, with a message and a ledger entry', async () => {
    const login = account();
    const started = await start();
    const back = await idp.signIn(started.location, login);
    back.searchParams.set('state', 'not-the-state');
    const r = refusal(await callback(back, started.cookie));
    expect(r.reason).toBe('wrong-state');
    expect(r.message).toMatch(/wrong state/);
    expect((await lastRefusal()).reason).toBe('wrong-state');
  });

  it('refuses an answer brought to another browser than the one that started', async () => {
    const login = account();
    const started = await start();
    const back = await idp.signIn(started.location, login);
    expect(refusal(await callback(back, null)).reason).toBe('wrong-browser');
    expect((await lastRefusal()).reason).toBe('wrong-browser');
  });

  it('refuses a replayed code', async () => {
    const login = account();
    const started = await start();
    const back = await idp.signIn(started.location, login);
    expect((await callback(back, started.cookie)).headers.location).toBe(`${PUBLIC_URL}/`);
    const again = refusal(await callback(back, started.cookie));
    expect(again.reason).toBe('replayed');
    expect(again.message).toMatch(/already used/);
    expect((await lastRefusal()).reason).toBe('replayed');
    // The same code under a fresh sign-in's state: the provider refuses it (used, and bound to another PKCE verifier).
    const fresh = await start();
    const freshState = new URL(fresh.location).searchParams.get('state')!;
    const reused = new URL(back.href);
    reused.searchParams.set('state', freshState);
    const r = refusal(await callback(reused, fresh.cookie));
    expect(r.reason).toBe('code-rejected');
    expect((await lastRefusal()).reason).toBe('code-rejected');
  });

  it('refuses a wrong nonce', async () => {
    const login = account();
    const started = await start();
    const back = await idp.signIn(started.location, login);
    idp.tamper = (claims) => ({ ...claims, nonce: 'another-sign-in' });
    try {
      const r = refusal(await callback(back, started.cookie));
      expect(r.reason).toBe('wrong-nonce');
      expect(r.message).toMatch(/nonce/);
    } finally {
      idp.tamper = null;
    }
    expect((await lastRefusal()).reason).toBe('wrong-nonce');
  });

  it('refuses an expired ID token (by the server clock)', async () => {
    const login = account();
    const started = await start();
    const back = await idp.signIn(started.location, login);
    idp.tamper = (claims) => ({ ...claims, iat: Number(claims.iat) - 7200, exp: Number(claims.iat) - 3600 });
    try {
      const r = refusal(await callback(back, started.cookie));
      expect(r.reason).toBe('token-expired');
      expect(r.message).toMatch(/expired/);
    } finally {
      idp.tamper = null;
    }
    expect((await lastRefusal()).reason).toBe('token-expired');
  });

  it('refuses an ID token from another issuer', async () => {
    const login = account();
    const started = await start();
    const back = await idp.signIn(started.location, login);
    idp.tamper = (claims) => ({ ...claims, iss: 'https://evil.example' });
    try {
      const r = refusal(await callback(back, started.cookie));
      expect(r.reason).toBe('wrong-issuer');
    } finally {
      idp.tamper = null;
    }
    expect((await lastRefusal()).reason).toBe('wrong-issuer');
  });

  it('refuses an authorization response naming another issuer (mix-up)', async () => {
    const login = account();
    const started = await start();
    const back = await idp.signIn(started.location, login);
    back.searchParams.set('iss', 'https://evil.example');
    expect(refusal(await callback(back, started.cookie)).reason).toBe('wrong-issuer');
    expect((await lastRefusal()).reason).toBe('wrong-issuer');
  });

  it('refuses an ID token issued for another application', async () => {
    const login = account();
    const started = await start();
    const back = await idp.signIn(started.location, login);
    idp.tamper = (claims) => ({ ...claims, aud: 'another-client', azp: undefined });
    try {
      const r = refusal(await callback(back, started.cookie));
      expect(r.reason).toBe('wrong-audience');
    } finally {
      idp.tamper = null;
    }
    expect((await lastRefusal()).reason).toBe('wrong-audience');
  });

  it('refuses an unverified e-mail', async () => {
    const login = account([], { email_verified: false });
    const r = refusal(await signIn(login));
    expect(r.reason).toBe('email-unverified');
    expect(r.message).toMatch(/not verified/);
    const entry = await lastRefusal();
    expect(entry).toMatchObject({ reason: 'email-unverified', orgId: org.id });
    expect(
      await h.store.database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', `${login}@corp.test`)
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('refuses a member the organization removed', async () => {
    const login = account(['engineers']);
    await signIn(login);
    const membership = await h.store.database.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('m.id')
      .where('u.email', '=', `${login}@corp.test`)
      .executeTakeFirstOrThrow();
    const disabled = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${org.slug}/members/${membership.id}/disable`,
      headers: withSession(adminCreds),
    });
    expect(disabled.statusCode).toBe(200);
    const r = refusal(await signIn(login));
    expect(r.reason).toBe('member-removed');
    expect((await lastRefusal()).reason).toBe('member-removed');
  });

  it('links an existing password account only after its password is given, never through the e-mail alone', async () => {
    const email = `existing-${unique()}@corp.test`;
    const existing = await buildUser(h, [{ orgId: org.id, role: 'viewer' }], email);
    const login = `existing-${unique()}`;
    idp.accounts.set(login, { email, email_verified: true, name: 'Existing', groups: ['engineers'] });
    const res = await signIn(login);
    expect(res.statusCode).toBe(303);
    const next = new URL(res.headers.location as string);
    expect(next.searchParams.get('sso_link')).toBe(org.slug);
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
    const linkCookie = res.cookies.find((c) => c.name === 'auditready_sso_link')!.value;
    expect(
      await h.store.database.db
        .selectFrom('sso_identities')
        .select('id')
        .where('user_id', '=', existing.id)
        .executeTakeFirst(),
    ).toBeUndefined();

    const wrong = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sso/link',
      cookies: { auditready_sso_link: linkCookie },
      payload: { password: 'not the password' },
    });
    expect(wrong.statusCode).toBe(401);
    const noCookie = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sso/link',
      payload: { password: TEST_PASSWORD },
    });
    expect(noCookie.statusCode).toBe(401);
    const linked = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sso/link',
      cookies: { auditready_sso_link: linkCookie },
      payload: { password: TEST_PASSWORD },
    });
    expect(linked.statusCode).toBe(200);
    expect(linked.json().user.id).toBe(existing.id);
    expect(await roleOf(email)).toBe('contributor');
    // From now on SSO signs the account in directly.
    expect((await signIn(login)).headers.location).toBe(`${PUBLIC_URL}/`);
  });

  it('an SSO-required organization refuses passwords for its members, not for installation admins', async () => {
    const member = await buildUser(h, [{ orgId: org.id, role: 'contributor' }]);
    expect((await configure({ required: true })).statusCode).toBe(200);
    try {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: member.email, password: TEST_PASSWORD },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.message).toMatch(/requires single sign-on/);
      const entry = await h.store.database.db
        .selectFrom('activity')
        .select('change')
        .where('action', '=', 'sign-in-failed')
        .where('record_id', '=', member.id)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(entry.change).reason).toBe('sso-required');
      // A wrong password still answers the usual 401: the requirement is told only to whoever knows the password.
      const wrong = await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: member.email, password: 'wrong wrong wrong' },
      });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error.message).toBe('wrong e-mail or password');
      await h.store.database.db
        .updateTable('users')
        .set({ installation_admin: 1 })
        .where('id', '=', admin.id)
        .execute();
      const recovery = await h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: admin.email, password: TEST_PASSWORD },
      });
      expect(recovery.statusCode).toBe(200);
    } finally {
      expect((await configure({ required: false })).statusCode).toBe(200);
    }
  });

  it('signs out, offering the provider logout, with the same session limits as a password session', async () => {
    const login = account();
    const res = await signIn(login);
    const token = res.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const session = await h.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      cookies: { [SESSION_COOKIE]: token },
    });
    const csrf = session.json().csrfToken as string;
    const expiresAt = Date.parse(
      session.json().expiresAt ?? res.cookies.find((c) => c.name === SESSION_COOKIE)!.expires!.toString(),
    );
    expect(expiresAt - Date.parse(h.settings.now())).toBeLessThanOrEqual(
      h.settings.absoluteHours * 3600_000 + 1000,
    );
    const out = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sso/sign-out',
      cookies: { [SESSION_COOKIE]: token },
      headers: { 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(200);
    const endSession = new URL(out.json().endSessionUrl);
    expect(endSession.href.startsWith(idp.issuer)).toBe(true);
    expect(endSession.searchParams.get('client_id')).toBe(idp.clientId);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/sign-in`);
    const after = await h.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      cookies: { [SESSION_COOKIE]: token },
    });
    expect(after.json().user).toBeNull();
    // Idle limit: a fresh SSO session dies after the idle timeout like any other.
    const again = await signIn(login);
    const token2 = again.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    h.clock.advance(h.settings.idleMinutes + 1);
    try {
      const idle = await h.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        cookies: { [SESSION_COOKIE]: token2 },
      });
      expect(idle.json().user).toBeNull();
    } finally {
      h.clock.advance(-(h.settings.idleMinutes + 1));
    }
  });

  it('refuses an organization without SSO, and a configuration with a plain-http remote issuer', async () => {
    const other = await buildOrg(h, `No SSO ${unique()}`);
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/auth/sso/${other.slug}/start` });
    expect(refusal(res).reason).toBe('not-configured');
    const bad = await configure({ issuer: 'http://idp.example.com' });
    expect(bad.statusCode).toBe(400);
  });
});
