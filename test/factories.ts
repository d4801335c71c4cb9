import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Actor } from '../src/core/ledger/chain.js';
import { signerFromSeed } from '../src/core/ledger/signed-note.js';
import { createApiToken, revokeToken } from '../src/modules/api-tokens/api-token.service.js';
import { parseControlMatrixRow } from '../src/modules/controls/control.schema.js';
import { applyControlMatrix } from '../src/modules/controls/control.service.js';
import { addEvidence, reviewEvidence } from '../src/modules/evidence/evidence.service.js';
import { ensureCatalogs } from '../src/modules/frameworks/framework.service.js';
import { importNhi } from '../src/modules/nhi/import/import.service.js';
import { findNhiRows } from '../src/modules/nhi/inventory/nhi.repository.js';
import { createOrganization, type Organization } from '../src/modules/organizations/organization.service.js';
import { insertPeople } from '../src/modules/people/person.repository.js';
import type { Person } from '../src/modules/people/person.schema.js';
import { createUserRow } from '../src/modules/users/member.service.js';
import { startSession } from '../src/modules/users/session.service.js';
import { insertMembership } from '../src/modules/users/user.repository.js';
import { hashPassword, TEST_PASSWORD_HASHING } from '../src/platform/auth/password.js';
import type { Role } from '../src/platform/auth/policy.js';
import { secretBoxOf } from '../src/platform/auth/secret-box.js';
import { type AuthSettings, DEFAULT_AUTH_SETTINGS } from '../src/platform/auth/settings.js';
import type { BlobStore } from '../src/platform/blobs/blob-store.js';
import { blobStoreFor } from '../src/platform/blobs/fs-blob-store.js';
import { AppError } from '../src/platform/errors.js';
import type { App } from '../src/platform/http/app.js';
import type { ServerConfig } from '../src/platform/http/config.js';
import { routeErrorsByStatus } from '../src/platform/http/route-errors.js';
import { SESSION_COOKIE } from '../src/platform/http/session-cookie.js';
import { newId } from '../src/platform/ids.js';
import { write } from '../src/platform/ledger/ledger.js';
import { buildServer } from '../src/server/server.js';
import { createTestStore, TEST_ACTOR, type TestStore } from './database.js';

/** The password every built user has. */
export const TEST_PASSWORD = 'correct horse battery staple';

/** A clock tests move by hand (sessions read it; nothing sleeps). */
export interface FakeClock {
  now: () => string;
  advance(minutes: number): void;
  set(iso: string): void;
}

/** A clock starting now (real time), moved only by `advance` and `set`. */
export function fakeClock(start = new Date().toISOString()): FakeClock {
  let current = Date.parse(start);
  return {
    now: () => new Date(current).toISOString(),
    advance: (minutes) => {
      current += minutes * 60_000;
    },
    set: (iso) => {
      current = Date.parse(iso);
    },
  };
}

/** A store, a server on it with cheap password hashing and a fake clock, and how to tear both down. */
export interface Harness {
  store: TestStore;
  app: App;
  clock: FakeClock;
  settings: AuthSettings;
  close(): Promise<void>;
}

/**
 * Builds a fresh store and an in-process server (catalogs installed); the
 * store waits `config.lockTimeoutMs` for locks when given (as `serve` does).
 */
export async function createHarness(
  config: Partial<ServerConfig> = {},
  options: {
    /** The evidence store (default: the test store's data folder); given for one on S3. */
    blobs?: BlobStore;
  } = {},
): Promise<Harness> {
  const store = await createTestStore(
    config.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: config.lockTimeoutMs },
  );
  await ensureCatalogs(store.database, TEST_ACTOR);
  const clock = fakeClock();
  const settings: AuthSettings = {
    ...DEFAULT_AUTH_SETTINGS,
    hashing: TEST_PASSWORD_HASHING,
    now: clock.now,
    ...config.auth,
  };
  const undocumented = new Set<string>();
  const app = await buildServer({
    database: store.database,
    blobs: options.blobs ?? blobStoreFor(store.dataDir),
    config: {
      logLevel: 'silent',
      secretBox: secretBoxOf([randomBytes(32)]),
      signer: signerFromSeed('auditready-test', randomBytes(32)),
      ...config,
      auth: settings,
    },
    plugins: [async (server) => watchUndocumentedErrors(server, undocumented)],
  });
  return {
    store,
    app,
    clock,
    settings,
    async close() {
      await app.close();
      await store.cleanup();
      if (undocumented.size > 0) {
        throw new Error(
          `API routes answered errors their OpenAPI description does not list (declare a service's codes in the route's config.raises; src/platform/http/route-errors.ts derives the rest):\n${[...undocumented].join('\n')}`,
        );
      }
    },
  };
}

/**
 * Every integration test doubles as a check of the OpenAPI description: an
 * API route answering an error status its description does not list (from
 * the same facts, `routeErrors`) is noted, and the harness fails on close.
 */
export function watchUndocumentedErrors(app: App, found: Set<string>): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions;
    if (reply.statusCode < 400 || !route.config?.policy) return;
    if (routeErrorsByStatus(route).has(reply.statusCode)) return;
    found.add(`${route.method} ${route.url} answered ${reply.statusCode}`);
  });
}

/** Creates an organization (no starter library: tests add the controls they need). */
export function buildOrg(h: Harness, name: string): Promise<Organization> {
  return createOrganization(h.store.database, TEST_ACTOR, name);
}

let counter = 0;
/** A short unique suffix for names, codes and e-mails. */
export function unique(): string {
  counter += 1;
  return `${Date.now().toString(36)}${counter}`;
}

/** Adds one person to an organization's roster. */
export async function buildPerson(h: Harness, orgId: string, fields: Partial<Person> = {}): Promise<Person> {
  const now = new Date().toISOString();
  const person: Person = {
    id: newId(),
    orgId,
    email: `person-${unique()}@example.test`,
    name: 'Test Person',
    team: null,
    managerEmail: null,
    status: 'active',
    departedOn: null,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
  await write(h.store.database, { actor: TEST_ACTOR, orgId }, async (w) => {
    await insertPeople(w.tx, [person]);
    w.record({
      action: 'create',
      recordType: 'person',
      recordId: person.id,
      change: { email: person.email },
    });
  });
  return person;
}

/** Creates a control through the same path as a matrix import. */
export async function buildControl(
  h: Harness,
  orgId: string,
  fields: { code?: string; ownerEmail?: string | null; title?: string } = {},
): Promise<string> {
  const code = fields.code ?? `T-${unique()}`;
  const parsed = parseControlMatrixRow({
    code,
    title: fields.title ?? `Control ${code}`,
    cadence: 'monthly',
    ownerEmail: fields.ownerEmail ?? null,
    requirements: [
      {
        code: `${code}-R1`,
        artifact: 'a report',
        cadence: 'monthly',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: { soc2: ['CC6.1'] },
  });
  if (!parsed.ok) throw new Error(parsed.issue.message);
  await write(h.store.database, { actor: TEST_ACTOR, orgId }, (w) =>
    applyControlMatrix(w, orgId, [
      { row: parsed.row, fail: (_c, reason) => new AppError('invalid_input', reason) },
    ]),
  );
  return code;
}

/** A user who can sign in. */
export interface TestUser {
  id: string;
  email: string;
}

/** Creates a user with {@link TEST_PASSWORD} and, for each organization given, a membership. */
export async function buildUser(
  h: Harness,
  memberships: { orgId: string; role: Role; personId?: string | null; engagementId?: string | null }[] = [],
  email = `user-${unique()}@example.test`,
): Promise<TestUser> {
  const passwordHash = await hashPassword(TEST_PASSWORD, h.settings.hashing);
  return write(h.store.database, { actor: TEST_ACTOR, orgId: null }, async (w) => {
    const user = await createUserRow(w, { email, name: email.split('@')[0]!, passwordHash });
    const now = new Date().toISOString();
    for (const m of memberships) {
      const id = newId();
      await insertMembership(w.tx, {
        id,
        org_id: m.orgId,
        user_id: user.id,
        role: m.role,
        person_id: m.personId ?? null,
        engagement_id: m.engagementId ?? null,
        status: 'active',
        created_at: now,
        updated_at: now,
      });
      // Recorded as the services record it, so `verify` finds the membership in the log.
      w.record({
        action: 'create',
        recordType: 'membership',
        recordId: id,
        change: {
          orgId: m.orgId,
          userId: user.id,
          email,
          role: m.role,
          personId: m.personId ?? null,
          ...(m.engagementId ? { engagementId: m.engagementId } : {}),
        },
      });
    }
    return { id: user.id, email };
  });
}

/** Cookie and CSRF token of a signed-in browser. */
export interface Credentials {
  cookie: string;
  csrfToken: string;
}

/** The session cookie a response set. */
export function sessionCookieOf(response: { cookies: { name: string; value: string }[] }): string {
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error('no session cookie in the response');
  return `${SESSION_COOKIE}=${cookie.value}`;
}

/** Signs in through the API, as a browser would. */
export async function signIn(h: Harness, email: string, password = TEST_PASSWORD): Promise<Credentials> {
  const response = await h.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { email, password },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  return { cookie: sessionCookieOf(response), csrfToken: response.json().csrfToken };
}

/** A session started directly (no password check): cheap credentials for a user. */
export async function buildSession(h: Harness, user: TestUser): Promise<Credentials> {
  const session = await write(h.store.database, { actor: TEST_ACTOR, orgId: null }, (w) =>
    startSession(
      w,
      { id: user.id, email: user.email, name: 'x' },
      { ip: '127.0.0.1', userAgent: null },
      h.settings,
    ),
  );
  return { cookie: `${SESSION_COOKIE}=${session.token}`, csrfToken: session.csrfToken };
}

/** Creates an API token and returns its secret. */
export async function buildToken(
  h: Harness,
  orgId: string,
  role: Role,
  options: { ownerPersonId?: string | null; revoked?: boolean; actor?: Actor } = {},
): Promise<string> {
  const actor = options.actor ?? TEST_ACTOR;
  const created = await createApiToken(h.store.database, actor, orgId, {
    name: `token-${unique()}`,
    role,
    expiresInDays: 30,
    ownerPersonId: options.ownerPersonId ?? null,
  });
  if (options.revoked) await revokeToken(h.store.database, actor, orgId, created.token.id);
  return created.secret;
}

/** Headers for a request with a session cookie (and the CSRF token, needed on writes). */
export function withSession(c: Credentials): Record<string, string> {
  return { cookie: c.cookie, 'x-csrf-token': c.csrfToken };
}

/** Headers for a request with an API token. */
export function withToken(secret: string): Record<string, string> {
  return { authorization: `Bearer ${secret}` };
}

/** A multipart/form-data body with text fields first and then one file field. */
export function multipartFile(
  content: string | Buffer,
  fileName = 'upload.csv',
  field = 'file',
  fields: Record<string, string> = {},
  contentType = 'text/csv',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----auditready${unique()}`;
  const parts = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  const payload = Buffer.concat([
    ...parts,
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Stores one piece of evidence for a control's first requirement and returns its id (accepted when asked). */
export async function buildEvidence(
  h: Harness,
  orgId: string,
  controlCode: string,
  options: { accepted?: boolean } = {},
): Promise<string> {
  const stores = { database: h.store.database, blobs: blobStoreFor(h.store.dataDir) };
  const created = await addEvidence(stores, TEST_ACTOR, orgId, {
    metadata: { controlCode, requirementCode: `${controlCode}-R1`, effective: '2026-10-01..2026-10-31' },
    content: { kind: 'file', stream: Readable.from([`evidence ${unique()}`]), fileName: 'export.csv' },
  });
  if (options.accepted) {
    await reviewEvidence(h.store.database, TEST_ACTOR, orgId, {
      evidenceId: created.id,
      decision: { decision: 'accepted' },
    });
  }
  return created.id;
}

/** A GitHub deploy-key export of one key (what `buildNhi` imports), as text. */
export function deployKeyExport(
  id: number,
  fields: { title?: string; addedBy?: string | null } = {},
): string {
  return JSON.stringify([
    {
      id,
      title: fields.title ?? `deploy key ${id}`,
      read_only: true,
      created_at: '2026-01-05T10:00:00Z',
      added_by: fields.addedBy ?? null,
      last_used: '2026-11-20T08:00:00Z',
    },
  ]);
}

/**
 * Imports one GitHub deploy key into an organization's NHI inventory (a
 * repository of its own each call, so earlier ones stay) and returns the
 * identity's id.
 */
export async function buildNhi(
  h: Harness,
  orgId: string,
  fields: { title?: string; addedBy?: string | null } = {},
): Promise<string> {
  const scope = `example-org/repo-${unique()}`;
  const id = 880_000 + counter;
  await importNhi({ database: h.store.database, blobs: blobStoreFor(h.store.dataDir) }, TEST_ACTOR, orgId, {
    kind: 'github-deploy-keys',
    file: 'keys.json',
    input: Readable.from([Buffer.from(deployKeyExport(id, fields))]),
    scope,
  });
  const [row] = await findNhiRows(h.store.database.db, orgId, `deploy-key/${scope}/${id}`);
  if (!row) throw new Error(`the deploy key ${id} of ${scope} was not imported`);
  return row.id;
}
