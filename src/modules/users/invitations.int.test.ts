import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildOrg,
  buildUser,
  type Credentials,
  createHarness,
  type Harness,
  sessionCookieOf,
  signIn,
  unique,
  withSession,
} from '../../../test/factories.js';
import { blobStoreFor } from '../../platform/blobs/fs-blob-store.js';
import { verifyStore } from '../integrity/verify.service.js';
import { createAdmin, disableUser } from './setup.service.js';

/**
 * Accounts belong to people, memberships to organizations (issue 12.1,
 * docs/decisions/0009): every path of an invitation, the takeover sequence
 * the issue describes, the cross-tenant sign-out and the name/existence
 * disclosure.
 */
describe('invitations', () => {
  let h: Harness;
  let orgA: { id: string; slug: string };
  let orgB: { id: string; slug: string };
  let adminA: Credentials;
  let adminB: Credentials;

  beforeAll(async () => {
    h = await createHarness();
    orgA = await buildOrg(h, 'Org A');
    orgB = await buildOrg(h, 'Org B');
    adminA = await signIn(h, (await buildUser(h, [{ orgId: orgA.id, role: 'admin' }])).email);
    adminB = await signIn(h, (await buildUser(h, [{ orgId: orgB.id, role: 'admin' }])).email);
  });
  afterAll(() => h.close());

  const post = (url: string, payload: object | undefined, headers: Record<string, string> = {}) =>
    h.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
  const get = (url: string, headers: Record<string, string> = {}) =>
    h.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
  const invite = (
    org: { slug: string },
    admin: Credentials,
    email: string,
    name = 'Typed By Admin',
    role = 'viewer',
  ) => post(`/orgs/${org.slug}/members`, { email, name, role }, withSession(admin));
  const register = (token: string, password = 'tangerine quietly orbits lamps', name = 'Chosen Name') =>
    post('/auth/invitations/register', { token, name, password });
  const orgsOf = async (creds: Credentials) =>
    ((await get('/auth/session', { cookie: creds.cookie })).json().memberships as { slug: string }[]).map(
      (m) => m.slug,
    );

  it('lets a new address choose its password with the link, once, and join only the inviting organization', async () => {
    const email = `new-${unique()}@example.test`;
    const invited = await invite(orgA, adminA, email, 'New Person', 'contributor');
    expect(invited.statusCode).toBe(201);
    const { invitation, inviteToken } = invited.json();
    expect(invitation).toMatchObject({ email, name: 'New Person', role: 'contributor', status: 'pending' });
    const preview = await post('/auth/invitations/inspect', { token: inviteToken });
    expect(preview.json()).toEqual({
      id: invitation.id,
      organizationName: 'Org A',
      email,
      name: 'New Person',
      role: 'contributor',
      expiresAt: invitation.expiresAt,
    });
    const weak = await register(inviteToken, 'password1234');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.message).toMatch(/too easy to guess/);
    const joined = await register(inviteToken);
    expect(joined.statusCode).toBe(200);
    expect(joined.json().memberships).toEqual([
      expect.objectContaining({ slug: orgA.slug, role: 'contributor' }),
    ]);
    expect((await get(`/orgs/${orgA.slug}`, { cookie: sessionCookieOf(joined) })).statusCode).toBe(200);
    expect((await register(inviteToken, 'another fine passphrase here')).statusCode).toBe(404);
    expect((await post('/auth/invitations/inspect', { token: inviteToken })).statusCode).toBe(404);
    await expect(signIn(h, email, 'tangerine quietly orbits lamps')).resolves.toBeTruthy();
  });

  it('the takeover sequence of the issue fails: B sets the password of an A address, A invites it, B cannot get into A', async () => {
    const email = `new.hire-${unique()}@a.example`;
    // B's admin invites the address and uses B's own link to set its password.
    const fromB = (await invite(orgB, adminB, email)).json();
    const squat = await register(fromB.inviteToken, 'b admin knows this password');
    expect(squat.statusCode).toBe(200);
    // A invites the same address later.
    const fromA = await invite(orgA, adminA, email, 'New Hire');
    expect(fromA.statusCode).toBe(201);
    const aToken = fromA.json().inviteToken as string;
    // B's admin signs in as the account: no access to A.
    const asSquatter = await signIn(h, email, 'b admin knows this password');
    expect(await orgsOf(asSquatter)).toEqual([orgB.slug]);
    expect((await get(`/orgs/${orgA.slug}`, { cookie: asSquatter.cookie })).statusCode).toBe(404);
    // B's link (used) and a guessed token accept nothing; B's link never names A.
    expect(
      (await post('/auth/invitations/accept', { token: fromB.inviteToken }, withSession(asSquatter)))
        .statusCode,
    ).toBe(404);
    expect(
      (await post('/auth/invitations/accept', { token: 'x'.repeat(43) }, withSession(asSquatter))).statusCode,
    ).toBe(404);
    expect(await orgsOf(asSquatter)).toEqual([orgB.slug]);
    // A's link cannot set a new password on the existing account either (it would hand it to whoever holds it).
    const overwrite = await register(aToken, 'someone else entirely now');
    expect(overwrite.statusCode).toBe(409);
    await expect(signIn(h, email, 'someone else entirely now')).rejects.toThrow('401');
    // Only the holder of A's secret who is also signed in as the account joins A.
    expect(
      (await post('/auth/invitations/accept', { token: aToken }, withSession(asSquatter))).statusCode,
    ).toBe(200);
    expect((await orgsOf(asSquatter)).sort()).toEqual([orgA.slug, orgB.slug].sort());
  });

  it('an existing account accepts only signed in as itself, with the secret', async () => {
    const person = await buildUser(h, [{ orgId: orgB.id, role: 'viewer' }]);
    const token = (await invite(orgA, adminA, person.email, 'Person', 'contributor')).json()
      .inviteToken as string;
    expect((await post('/auth/invitations/accept', { token })).statusCode).toBe(401);
    const stranger = await signIn(h, (await buildUser(h, [])).email);
    const wrongAccount = await post('/auth/invitations/accept', { token }, withSession(stranger));
    expect(wrongAccount.statusCode).toBe(403);
    expect(await orgsOf(stranger)).toEqual([]);
    expect((await register(token)).statusCode).toBe(409);
    const own = await signIn(h, person.email);
    const listed = (await get('/auth/invitations', { cookie: own.cookie })).json().items;
    expect(listed).toEqual([expect.objectContaining({ organizationName: 'Org A', role: 'contributor' })]);
    const accepted = await post('/auth/invitations/accept', { token }, withSession(own));
    expect(accepted.statusCode).toBe(200);
    expect(
      accepted
        .json()
        .memberships.map((m: { slug: string; role: string }) => [m.slug, m.role])
        .sort(),
    ).toEqual(
      [
        [orgA.slug, 'contributor'],
        [orgB.slug, 'viewer'],
      ].sort(),
    );
    expect((await post('/auth/invitations/accept', { token }, withSession(own))).statusCode).toBe(404);
    expect((await get('/auth/invitations', { cookie: own.cookie })).json().items).toEqual([]);
  });

  it('answers the inviting admin the same for a new address and an existing account, without its name', async () => {
    const existing = await buildUser(h, [{ orgId: orgB.id, role: 'admin' }], `real-${unique()}@example.test`);
    await h.store.database.db
      .updateTable('users')
      .set({ name: 'Secret Real Name' })
      .where('id', '=', existing.id)
      .execute();
    const fresh = `fresh-${unique()}@example.test`;
    const a = await invite(orgA, adminA, existing.email, 'Typed By Admin');
    const b = await invite(orgA, adminA, fresh, 'Typed By Admin');
    expect(a.statusCode).toBe(b.statusCode);
    const shape = (value: unknown): unknown =>
      value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]))
        : typeof value;
    expect(shape(a.json())).toEqual(shape(b.json()));
    const strip = (body: { invitation: Record<string, unknown> }) => {
      const { id: _id, email: _email, createdAt: _c, expiresAt: _e, ...rest } = body.invitation;
      return rest;
    };
    expect(strip(a.json())).toEqual(strip(b.json()));
    expect(a.body).not.toContain('Secret Real Name');
    // The pending list says no more.
    const pending = (await get(`/orgs/${orgA.slug}/invitations?limit=200`, withSession(adminA))).body;
    expect(pending).not.toContain('Secret Real Name');
    expect(pending).toContain(existing.email);
  });

  it('disabling a membership in B does not sign the person out of A (no cross-tenant sign-out)', async () => {
    const person = await buildUser(h, [
      { orgId: orgA.id, role: 'viewer' },
      { orgId: orgB.id, role: 'viewer' },
    ]);
    const creds = await signIn(h, person.email);
    const members = (await get(`/orgs/${orgB.slug}/members?limit=500`, withSession(adminB))).json().items;
    const inB = members.find((m: { userId: string }) => m.userId === person.id);
    const disabled = await post(
      `/orgs/${orgB.slug}/members/${inB.id}/disable`,
      undefined,
      withSession(adminB),
    );
    expect(disabled.statusCode).toBe(200);
    expect((await get('/auth/session', { cookie: creds.cookie })).json().user?.email).toBe(person.email);
    expect((await get(`/orgs/${orgA.slug}`, { cookie: creds.cookie })).statusCode).toBe(200);
    expect((await get(`/orgs/${orgB.slug}`, { cookie: creds.cookie })).statusCode).toBe(404);
    // Re-enabled, B is back for the same session.
    const enabled = await post(`/orgs/${orgB.slug}/members/${inB.id}/enable`, undefined, withSession(adminB));
    expect(enabled.json().status).toBe('active');
    expect((await get(`/orgs/${orgB.slug}`, { cookie: creds.cookie })).statusCode).toBe(200);
  });

  it('an installation admin disables an account everywhere, revoking every session', async () => {
    const person = await buildUser(h, [{ orgId: orgA.id, role: 'viewer' }]);
    const creds = await signIn(h, person.email);
    const result = await disableUser(h.store.database, TEST_ACTOR, person.email, h.settings.now());
    expect(result.sessionsRevoked).toBe(1);
    expect((await get('/auth/session', { cookie: creds.cookie })).json().user).toBeNull();
    await expect(signIn(h, person.email)).rejects.toThrow('401');
  });

  it('declines, revokes and replaces invitations, each on the organization chain', async () => {
    const person = await buildUser(h, []);
    const first = (await invite(orgA, adminA, person.email)).json();
    const second = (await invite(orgA, adminA, person.email)).json();
    // The second invitation replaced the first: its link no longer works.
    expect((await post('/auth/invitations/inspect', { token: first.inviteToken })).statusCode).toBe(404);
    const creds = await signIn(h, person.email);
    const other = await signIn(h, (await buildUser(h, [])).email);
    expect(
      (await post(`/auth/invitations/${second.invitation.id}/decline`, undefined, withSession(other)))
        .statusCode,
    ).toBe(404);
    expect(
      (await post(`/auth/invitations/${second.invitation.id}/decline`, undefined, withSession(creds)))
        .statusCode,
    ).toBe(204);
    expect(
      (await post('/auth/invitations/accept', { token: second.inviteToken }, withSession(creds))).statusCode,
    ).toBe(404);

    const third = (await invite(orgA, adminA, person.email)).json();
    const revoked = await post(
      `/orgs/${orgA.slug}/invitations/${third.invitation.id}/revoke`,
      undefined,
      withSession(adminA),
    );
    expect(revoked.json().status).toBe('revoked');
    expect(
      (await post('/auth/invitations/accept', { token: third.inviteToken }, withSession(creds))).statusCode,
    ).toBe(404);
    // Another organization cannot revoke A's invitation.
    const fourth = (await invite(orgA, adminA, person.email)).json();
    expect(
      (
        await post(
          `/orgs/${orgB.slug}/invitations/${fourth.invitation.id}/revoke`,
          undefined,
          withSession(adminB),
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await post('/auth/invitations/accept', { token: fourth.inviteToken }, withSession(creds))).statusCode,
    ).toBe(200);

    const entries = await h.store.database.db
      .selectFrom('activity')
      .select(['action', 'record_id'])
      .where('chain', '=', orgA.id)
      .where('record_type', '=', 'invitation')
      .where(
        'record_id',
        'in',
        [first, second, third, fourth].map((i) => i.invitation.id),
      )
      .orderBy('seq')
      .execute();
    expect(entries.map((e) => e.action)).toEqual([
      'invite',
      'revoke',
      'invite',
      'decline',
      'invite',
      'revoke',
      'invite',
      'accept',
    ]);
    const secrets = await h.store.database.db.selectFrom('activity').select('change').execute();
    expect(JSON.stringify(secrets)).not.toContain(fourth.inviteToken);
  });

  it('refuses to invite an active member again, and a weak password for an installation admin', async () => {
    const member = await buildUser(h, [{ orgId: orgA.id, role: 'viewer' }]);
    const again = await invite(orgA, adminA, member.email);
    expect(again.statusCode).toBe(409);
    await expect(
      createAdmin(
        h.store.database,
        TEST_ACTOR,
        { email: `root-${unique()}@example.test`, name: 'Root', password: 'qwertyuiop12', orgIds: [orgA.id] },
        h.settings,
      ),
    ).rejects.toThrow(/too easy to guess/);
  });

  it('leaves a store whose memberships verify agrees with, after every path above', async () => {
    const result = await verifyStore({ database: h.store.database, blobs: blobStoreFor(h.store.dataDir) });
    const records = result.checks.find((c) => c.name === 'records');
    expect(records?.problems ?? []).toEqual([]);
    expect(result.checks.find((c) => c.name === 'chains')?.problems ?? []).toEqual([]);
  });
});
