// The scale-out proof (issue 18 item 6, docs/decisions/0034): two real `auditready serve` processes on one
// PostgreSQL database and one S3 bucket, each with a data folder of its own (nothing shared on disk), no
// sticky sessions. PostgreSQL only: SQLite is one file on one machine, so there is nothing to scale out.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../../test/database.js';
import { cli, type Server, startServer, stopServer } from '../../test/faults/harness.js';
import { startTestS3, type TestS3 } from '../../test/s3-server.js';
import { encodeSignerKey, signerFromSeed } from '../core/ledger/signed-note.js';

const PASSWORD = 'scale out across two processes';
/** Each process allows this many API requests per credential per window (10 minutes: no reset mid-test). */
const LIMIT = 30;

describe.skipIf(TEST_DIALECT !== 'postgres')(
  'two serve processes on one PostgreSQL and one S3 bucket',
  () => {
    let store: TestStore;
    let s3: TestS3;
    let a: Server;
    let b: Server;
    const dataDirs: string[] = [];
    let shared: Record<string, string>;
    let slug: string;
    let adminToken: string;
    let limitedToken: string;
    let session: { cookie: string; csrfToken: string };
    const uploads: { id: string; sha256: string; content: Buffer; via: 'a' | 'b' }[] = [];

    const api = (s: Server, p: string) => `${s.base}/api/v1${p}`;
    const org = (s: Server, p: string) => api(s, `/orgs/${slug}${p}`);
    const asSession = (write = false): Record<string, string> => ({
      cookie: session.cookie,
      ...(write ? { 'x-csrf-token': session.csrfToken } : {}),
    });

    beforeAll(async () => {
      store = await createTestStore();
      s3 = await startTestS3();
      shared = {
        DATABASE_URL: store.databaseUrl!,
        ...s3.env('scale/'),
        // Keys every process of a deployment shares, from the environment (no shared data folder).
        AUDITREADY_SECRET_KEY: randomBytes(32).toString('base64'),
        AUDITREADY_SIGNING_KEY: encodeSignerKey(signerFromSeed('auditready-scale', randomBytes(32))),
        AUDITREADY_RATE_LIMIT: String(LIMIT),
        AUDITREADY_RATE_LIMIT_WINDOW_SECONDS: '600',
      };
      const envOf = () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'auditready-scale-'));
        dataDirs.push(dir);
        return { ...shared, AUDITREADY_DATA: dir };
      };
      const setupEnv = envOf();
      await cli(['init', '--org', 'Scale Org'], setupEnv);
      slug = 'scale-org';
      const admin = await runCli(
        ['users', 'create-admin', 'lead@example.test', '--password-stdin'],
        setupEnv,
        PASSWORD,
      );
      expect(admin.code, admin.stderr).toBe(0);
      adminToken = (
        await cli(['tokens', 'create', '--name', 'reviewer', '--role', 'admin', '--expires', '1d'], setupEnv)
      ).trim();
      limitedToken = (
        await cli(['tokens', 'create', '--name', 'limited', '--role', 'viewer', '--expires', '1d'], setupEnv)
      ).trim();
      [a, b] = await Promise.all([startServer(envOf()), startServer(envOf())]);
    }, 180_000);

    afterAll(async () => {
      await Promise.all([a && stopServer(a), b && stopServer(b)]);
      await s3?.close();
      await store?.cleanup();
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    });

    it('both processes say where evidence goes: the bucket, not their data folder', () => {
      for (const s of [a, b])
        expect(s.output()).toMatch(
          /auditready listening on \S+ \(PostgreSQL[^)]*; evidence files in s3:\/\/evidence\/scale\/ at http:\/\/127\.0\.0\.1:\d+\)/,
        );
    });

    it('a session started on one process is valid on the other, and signing out on that one ends it on both', async () => {
      const signIn = await fetch(api(a, '/auth/sign-in'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'lead@example.test', password: PASSWORD }),
      });
      expect(signIn.status).toBe(200);
      const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('auditready_session='))!;
      session = {
        cookie: cookie.split(';')[0]!,
        csrfToken: ((await signIn.json()) as { csrfToken: string }).csrfToken,
      };
      const onB = await fetch(api(b, '/auth/session'), { headers: asSession() });
      expect(onB.status).toBe(200);
      expect(((await onB.json()) as { user: { email: string } }).user.email).toBe('lead@example.test');

      // A second session: started on B, ended on B, refused by A from then on.
      const second = await fetch(api(b, '/auth/sign-in'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'lead@example.test', password: PASSWORD }),
      });
      expect(second.status).toBe(200);
      const secondCookie = second.headers.getSetCookie().find((c) => c.startsWith('auditready_session='))!;
      const secondCsrf = ((await second.json()) as { csrfToken: string }).csrfToken;
      const secondHeaders = { cookie: secondCookie.split(';')[0]! };
      const userOn = async (s: Server) =>
        (
          (await (await fetch(api(s, '/auth/session'), { headers: secondHeaders })).json()) as {
            user: unknown;
          }
        ).user;
      expect(await userOn(a)).toMatchObject({ email: 'lead@example.test' });
      expect((await fetch(org(a, '/readiness/change'), { headers: secondHeaders })).status).toBe(200);
      const out = await fetch(api(b, '/auth/sign-out'), {
        method: 'POST',
        headers: { ...secondHeaders, 'x-csrf-token': secondCsrf },
      });
      expect(out.status).toBeLessThan(300);
      expect(await userOn(a)).toBeNull();
      expect((await fetch(org(a, '/readiness/change'), { headers: secondHeaders })).status).toBe(401);
    });

    it('an upload through either process lands in the bucket and downloads byte for byte from both', async () => {
      for (const via of ['a', 'b'] as const) {
        const content = randomBytes(200 * 1024 + (via === 'a' ? 1 : 2));
        const form = new FormData();
        form.set('controlCode', 'AC-01');
        form.set('requirementCode', 'AC-01-E1');
        form.set('effective', new Date().toISOString().slice(0, 10));
        form.set('file', new Blob([content]), `access-review-${via}.bin`);
        // The session of process A writes through process B as well (cookie and CSRF token from the database).
        const res = await fetch(org(via === 'a' ? a : b, '/evidence'), {
          method: 'POST',
          headers: asSession(true),
          body: form,
        });
        expect(res.status, await res.clone().text()).toBe(201);
        const body = (await res.json()) as { id: string; sha256: string };
        expect(body.sha256).toBe(createHash('sha256').update(content).digest('hex'));
        uploads.push({ id: body.id, sha256: body.sha256, content, via });
      }
      const keys = await s3.keys('scale/');
      for (const u of uploads)
        expect(keys).toContain(`scale/sha256/${u.sha256.slice(0, 2)}/${u.sha256.slice(2)}`);
      expect(keys.filter((k) => k.startsWith('scale/tmp/'))).toEqual([]);
      // Nothing went to a local disk: neither data folder has a blob store.
      for (const dir of dataDirs) expect(existsSync(path.join(dir, 'blobs'))).toBe(false);
      for (const s of [a, b]) {
        for (const u of uploads) {
          const got = await fetch(org(s, `/evidence/${u.id}/content`), { headers: asSession() });
          expect(got.status).toBe(200);
          expect(Buffer.from(await got.arrayBuffer()).equals(u.content)).toBe(true);
        }
      }
    });

    it("the readiness one process serves changes with the other's write (the ledger head is the version)", async () => {
      const readiness = async (s: Server) => {
        const r = await fetch(org(s, '/readiness'), { headers: asSession() });
        expect(r.status).toBe(200);
        return (await r.json()) as { controls: { code: string }[] };
      };
      const control = (r: { controls: { code: string }[] }) => r.controls.find((c) => c.code === 'AC-01');
      // B computes and caches readiness; A then accepts the evidence B's readiness counted as unreviewed.
      const before = await readiness(b);
      expect(await readiness(b)).toEqual(before);
      const review = await fetch(org(a, `/evidence/${uploads[0]!.id}/review`), {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ decision: 'accepted' }),
      });
      expect(review.status, await review.clone().text()).toBe(200);
      const after = await readiness(b);
      expect(control(after)).not.toEqual(control(before));
      expect(after).toEqual(await readiness(a));
    });

    it('rate limits count per process: each allows its limit to one credential, so N processes allow N × the limit', async () => {
      const hit = (s: Server) =>
        fetch(org(s, '/readiness/change'), { headers: { authorization: `Bearer ${limitedToken}` } });
      for (let i = 0; i < LIMIT; i++) expect((await hit(a)).status).not.toBe(429);
      const refused = await hit(a);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // B has counted none of A's: the same credential gets its own LIMIT there, then is refused too.
      for (let i = 0; i < LIMIT; i++) expect((await hit(b)).status).not.toBe(429);
      expect((await hit(b)).status).toBe(429);
    });

    it('sign-in throttling is shared: failures on either process count together (kept in the database)', async () => {
      const attempt = (s: Server) =>
        fetch(api(s, '/auth/sign-in'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'lead@example.test', password: 'not the password at all' }),
        });
      // Five free failures per account and address (docs/decisions/0009): three on A, two on B…
      for (const s of [a, a, a, b, b]) expect((await attempt(s)).status).toBe(401);
      // …and the sixth is delayed on either, though neither process saw more than three.
      const sixth = await attempt(a);
      expect(sixth.status).toBe(429);
      expect((await attempt(b)).status).toBe(429);
    });

    it('verify re-hashes the evidence in the bucket: passes, then names a file changed behind its back', async () => {
      const env = { ...shared, AUDITREADY_DATA: dataDirs[0]! };
      const ok = await runCli(['verify'], env);
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/verify: all \d+ checks OK/);
      const victim = uploads[1]!;
      await s3.putRaw(
        `scale/sha256/${victim.sha256.slice(0, 2)}/${victim.sha256.slice(2)}`,
        'edited in the bucket',
      );
      const bad = await runCli(['verify', '--json'], env);
      expect(bad.code).not.toBe(0);
      expect(bad.stdout).toContain(victim.sha256);
    });
  },
);
