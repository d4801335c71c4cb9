import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { runCli } from '../../../test/cli.js';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildOrg,
  buildSession,
  buildUser,
  createHarness,
  type Harness,
  unique,
  withSession,
} from '../../../test/factories.js';
import { signerFromSeed } from '../../core/ledger/signed-note.js';
import type { PackageManifest } from '../../core/package/manifest.js';
import { blobStoreFor } from '../../platform/blobs/fs-blob-store.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import { parseControlMatrixRow } from '../controls/control.schema.js';
import { applyControlMatrix } from '../controls/control.service.js';
import { createEngagement } from '../engagements/engagement.service.js';
import { addEvidence, reviewEvidence } from '../evidence/evidence.service.js';
import { createRequest } from '../requests/request.service.js';
import { answerRequest, submitRequest } from '../requests/request-thread.service.js';
import { insertMembership } from '../users/user.repository.js';
import { preparePackage } from './package.service.js';
import { DEFAULT_REQUEST_SOURCE, type PackageRequest, type PackageRequestSource } from './package-sources.js';
import { verifyPackageFile } from './package-verify.js';

const run = promisify(execFile);

let h: Harness;
let dir: string;
let orgId: string;
let slug: string;
let engagementId: string;
let otherEngagementId: string;
const ids: Record<string, string> = {};

async function control(code: string, soc2: string[]): Promise<void> {
  const parsed = parseControlMatrixRow({
    code,
    title: `Control ${code}`,
    cadence: 'monthly',
    ownerEmail: null,
    requirements: [
      {
        code: `${code}-R1`,
        artifact: 'a report',
        cadence: 'monthly',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: { soc2 },
  });
  if (!parsed.ok) throw new Error(parsed.issue.message);
  await write(h.store.database, { actor: TEST_ACTOR, orgId }, (w) =>
    applyControlMatrix(w, orgId, [
      { row: parsed.row, fail: (_c, reason) => new AppError('invalid_input', reason) },
    ]),
  );
}

async function evidence(
  code: string,
  effective: string,
  body: string,
  options: { decision?: 'accepted' | 'rejected'; link?: boolean } = {},
): Promise<string> {
  const created = await addEvidence(
    { database: h.store.database, blobs: blobStoreFor(h.store.dataDir) },
    TEST_ACTOR,
    orgId,
    {
      metadata: { controlCode: code, requirementCode: `${code}-R1`, effective },
      content: options.link
        ? { kind: 'link', url: `https://example.test/${body}` }
        : { kind: 'file', stream: Readable.from([`content:${body}`]), fileName: `${body}.csv` },
    },
  );
  if (options.decision) {
    await reviewEvidence(h.store.database, TEST_ACTOR, orgId, {
      evidenceId: created.id,
      decision:
        options.decision === 'accepted'
          ? { decision: 'accepted' }
          : { decision: 'rejected', reason: 'blurry' },
    });
  }
  return created.id;
}

/** Every entry of a ZIP: name → bytes (the test packages are small). */
function unzip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, Buffer>();
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('error', reject);
      zip.on('end', () => resolve(out));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

async function extract(file: string, to: string): Promise<void> {
  for (const [name, bytes] of await unzip(file)) {
    await mkdir(path.dirname(path.join(to, name)), { recursive: true });
    await writeFile(path.join(to, name), bytes);
  }
}

async function download(
  headers: Record<string, string>,
  query = '',
): Promise<{ status: number; file: string; body: Buffer; headers: Record<string, unknown> }> {
  const response = await h.app.inject({
    method: 'GET',
    url: `/api/v1/orgs/${slug}/engagements/${engagementId}/package${query}`,
    headers,
  });
  const file = path.join(dir, `${unique()}.zip`);
  await writeFile(file, response.rawPayload);
  return { status: response.statusCode, file, body: response.rawPayload, headers: response.headers };
}

/** A copy of a ZIP with one byte of `needle`'s first occurrence flipped (entries are stored, so bytes are the files'). */
async function flipped(file: string, needle: string): Promise<string> {
  const bytes = Buffer.from(await readFile(file));
  const at = bytes.indexOf(Buffer.from(needle));
  expect(at).toBeGreaterThan(0);
  bytes[at] = bytes[at]! ^ 0x01;
  const out = path.join(dir, `${unique()}.zip`);
  await writeFile(out, bytes);
  return out;
}

let admin: Record<string, string>;

beforeAll(async () => {
  h = await createHarness();
  dir = await mkdtemp(path.join(tmpdir(), 'auditready-package-'));
  const org = await buildOrg(h, `Package ${unique()}`);
  orgId = org.id;
  slug = org.slug;
  await control('SEC-1', ['CC6.1']);
  await control('AV-1', ['A1.2']); // availability: out of a security-only engagement's scope
  engagementId = (
    await createEngagement(h.store.database, TEST_ACTOR, orgId, {
      type: 'type2',
      windowStart: '2026-09-01',
      windowEnd: '2026-11-30',
      fieldworkStart: '2026-12-10',
    })
  ).id;
  otherEngagementId = (
    await createEngagement(h.store.database, TEST_ACTOR, orgId, {
      type: 'type1',
      auditDate: '2026-05-01',
      fieldworkStart: '2026-05-10',
    })
  ).id;
  ids.inWindow = await evidence('SEC-1', '2026-10-01..2026-10-31', 'in-window-october', {
    decision: 'accepted',
  });
  ids.submitted = await evidence('SEC-1', '2026-11-01..2026-11-30', 'in-window-november');
  ids.before = await evidence('SEC-1', '2026-06-01..2026-06-30', 'before-window-june', {
    decision: 'accepted',
  });
  ids.rejected = await evidence('SEC-1', '2026-10-01..2026-10-31', 'rejected-october', {
    decision: 'rejected',
  });
  ids.link = await evidence('SEC-1', '2026-10-01..2026-10-31', 'a-link', { link: true });
  ids.outOfScope = await evidence('AV-1', '2026-10-01..2026-10-31', 'availability-october', {
    decision: 'accepted',
  });
  const user = await buildUser(h, [{ orgId, role: 'admin' }]);
  admin = withSession(await buildSession(h, user));
});

afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the evidence package', () => {
  let file: string;
  let manifest: PackageManifest;

  it('streams a ZIP of exactly the evidence an auditor of the engagement sees, with its size known', async () => {
    const got = await download(admin);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/zip');
    expect(Number(got.headers['content-length'])).toBe(got.body.length);
    file = got.file;
    const entries = await unzip(file);
    manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest.files.map((f) => f.evidenceId).sort()).toEqual([ids.inWindow, ids.submitted].sort());
    expect(manifest.links.map((l) => l.evidenceId)).toEqual([ids.link]);
    const accepted = manifest.files.find((f) => f.evidenceId === ids.inWindow)!;
    expect(accepted).toMatchObject({
      path: `controls/SEC-1/SEC-1-R1/${ids.inWindow}-in-window-october.csv`,
      control: 'SEC-1',
      requirement: 'SEC-1-R1',
      effectivePeriod: { start: '2026-10-01', end: '2026-10-31' },
      reviewState: 'accepted',
      size: 'content:in-window-october'.length,
    });
    expect(accepted.reviewedBy?.decision).toBe('accepted');
    expect(entries.get(accepted.path)!.toString()).toBe('content:in-window-october');
    const names = [...entries.keys()].join('\n');
    for (const absent of ['before-window-june', 'rejected-october', 'availability-october']) {
      expect(names).not.toContain(absent);
    }
    for (const fixed of [
      'SHA256SUMS',
      'SHA256SUMS.sig',
      'public-key.pem',
      'requests.json',
      'checkpoint.txt',
      'index.html',
      'README.txt',
    ]) {
      expect(entries.has(fixed)).toBe(true);
    }
    expect(manifest.chainHead.chain).toBe(orgId);
    const html = entries.get('index.html')!.toString();
    expect(html).toContain(encodeURIComponent(`${ids.inWindow}-in-window-october.csv`));
    expect(html).not.toMatch(/src=["']?https?:|href=["']?https?:/);
  });

  it('verifies with auditready verify, sha256sum -c and openssl, without a database', async () => {
    const verified = await runCli(['verify', file]);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('is intact');
    const folder = path.join(dir, 'extracted');
    await extract(file, folder);
    const sums = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: folder });
    expect(sums.stdout).toContain(`controls/SEC-1/SEC-1-R1/${ids.inWindow}-in-window-october.csv: OK`);
    expect(sums.stdout).toContain('manifest.json: OK');
    const openssl = await run(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        'public-key.pem',
        '-rawin',
        '-in',
        'SHA256SUMS',
        '-sigfile',
        'SHA256SUMS.sig',
      ],
      { cwd: folder },
    );
    expect(openssl.stdout).toContain('Signature Verified Successfully');
    // A changed file fails sha256sum -c, naming it.
    const evidencePath = path.join(
      folder,
      'controls/SEC-1/SEC-1-R1',
      `${ids.inWindow}-in-window-october.csv`,
    );
    await chmod(evidencePath, 0o644);
    await writeFile(evidencePath, 'in-window-octobeR');
    const failed = await run('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: folder }).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`${ids.inWindow}-in-window-october.csv: FAILED`);
  });

  it('fails verification naming the file when one byte of an evidence file or of the manifest changes', async () => {
    const evidenceFlip = await runCli(['verify', await flipped(file, 'content:in-window-november')]);
    expect(evidenceFlip.code).toBe(1);
    const changed = manifest.files.find((f) => f.evidenceId === ids.submitted)!.path;
    expect(evidenceFlip.stderr).toContain(`FAILED ${changed}:`);
    expect(evidenceFlip.stderr).not.toContain(
      `FAILED ${manifest.files.find((f) => f.evidenceId === ids.inWindow)!.path}`,
    );

    // The same check in process (the CLI above is a thin printer of it).
    const result = await verifyPackageFile(await flipped(file, '"generatedAt"'));
    expect(result.ok).toBe(false);
    expect(new Set(result.problems.map((p) => p.file))).toEqual(new Set(['manifest.json']));

    const sumsFlip = await verifyPackageFile(await flipped(file, `  controls/SEC-1`));
    expect(sumsFlip.problems).toContainEqual({
      file: 'SHA256SUMS',
      reason: 'the signature SHA256SUMS.sig does not verify with public-key.pem',
    });
  });

  it('covers one control when asked, and refuses unknown or out-of-scope controls and other organizations', async () => {
    const one = await download(admin, '?control=SEC-1');
    expect(one.status).toBe(200);
    expect((await verifyPackageFile(one.file)).problems).toEqual([]);
    expect((await download(admin, '?control=AV-1')).status).toBe(404);
    expect((await download(admin, '?control=NOPE')).status).toBe(404);
    const other = await buildOrg(h, `Other ${unique()}`);
    const stranger = withSession(
      await buildSession(h, await buildUser(h, [{ orgId: other.id, role: 'admin' }])),
    );
    expect((await download(stranger)).status).toBe(404);
    const viewer = withSession(await buildSession(h, await buildUser(h, [{ orgId, role: 'viewer' }])));
    expect((await download(viewer)).status).toBe(403);
  });

  it("lets the engagement's auditor download it, and no other engagement's", async () => {
    const auditor = await buildUser(h, []);
    await write(h.store.database, { actor: TEST_ACTOR, orgId }, async (w) => {
      const id = newId();
      const now = new Date().toISOString();
      await insertMembership(w.tx, {
        id,
        org_id: orgId,
        user_id: auditor.id,
        role: 'auditor',
        person_id: null,
        engagement_id: engagementId,
        status: 'active',
        created_at: now,
        updated_at: now,
      });
      w.record({
        action: 'create',
        recordType: 'membership',
        recordId: id,
        change: { orgId, userId: auditor.id, role: 'auditor' },
      });
    });
    const session = withSession(await buildSession(h, auditor));
    const got = await download(session);
    expect(got.status).toBe(200);
    expect((await unzip(got.file)).has(`controls/SEC-1/SEC-1-R1/${ids.inWindow}-in-window-october.csv`)).toBe(
      true,
    );
    const elsewhere = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/engagements/${otherEngagementId}/package`,
      headers: session,
    });
    expect(elsewhere.statusCode).toBe(404);
  });

  it('carries the requests with their threads and files by request, only the visible evidence', async () => {
    const request: PackageRequest = {
      id: 'r1',
      reference: 'PBC-014',
      text: 'Access reviews for the period',
      status: 'submitted',
      dueOn: '2026-12-15',
      controlCodes: ['SEC-1'],
      evidenceIds: [ids.inWindow!, ids.before!],
      thread: [
        {
          at: '2026-12-01T10:00:00Z',
          author: 'Auditor A',
          kind: 'comment',
          body: 'Please <b>send</b> it',
          evidenceIds: [],
        },
        {
          at: '2026-12-02T10:00:00Z',
          author: 'Lead L',
          kind: 'answer',
          body: 'Attached',
          evidenceIds: [ids.inWindow!, ids.before!],
        },
      ],
    };
    const source: PackageRequestSource = async function* (_db, o, e, filter) {
      expect([o, e]).toEqual([orgId, engagementId]);
      if (!filter.requestId || filter.requestId === 'PBC-014') yield request;
    };
    const stores = { database: h.store.database, blobs: blobStoreFor(h.store.dataDir) };
    const signer = signerFromSeed('auditready-test', Buffer.alloc(32, 7));
    const prepared = await preparePackage(
      stores,
      signer,
      orgId,
      engagementId,
      { requestId: 'PBC-014' },
      { requests: source },
    );
    const out = path.join(dir, 'request.zip');
    await pipeline(prepared.open(), createWriteStream(out));
    expect((await readFile(out)).length).toBe(prepared.size);
    const entries = await unzip(out);
    expect(entries.has(`requests/PBC-014/${ids.inWindow}-in-window-october.csv`)).toBe(true);
    expect([...entries.keys()].join('\n')).not.toContain('before-window-june');
    const requests = JSON.parse(entries.get('requests.json')!.toString()) as PackageRequest[];
    expect(requests).toHaveLength(1);
    expect(requests[0]!.evidenceIds).toEqual([ids.inWindow]);
    expect(requests[0]!.thread[1]!.evidenceIds).toEqual([ids.inWindow]);
    expect(entries.get('index.html')!.toString()).toContain('Please &lt;b&gt;send&lt;/b&gt; it');
    expect((await verifyPackageFile(out)).problems).toEqual([]);
    await expect(
      preparePackage(stores, signer, orgId, engagementId, { requestId: 'PBC-999' }, { requests: source }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it("reads the engagement's requests from the requests module by default: threads, answers and files", async () => {
    const stores = { database: h.store.database, blobs: blobStoreFor(h.store.dataDir) };
    const db = h.store.database;
    await createRequest(db, TEST_ACTOR, orgId, engagementId, {
      reference: 'PBC-201',
      text: 'Security monitoring for October',
      controlCodes: ['SEC-1'],
    });
    await answerRequest(db, TEST_ACTOR, orgId, engagementId, 'PBC-201', {
      message: 'The October export',
      evidenceIds: [ids.inWindow],
    });
    await submitRequest(db, TEST_ACTOR, orgId, engagementId, 'PBC-201');
    const signer = signerFromSeed('auditready-test', Buffer.alloc(32, 7));
    // The source the CLI and the API give the builder.
    const prepared = await preparePackage(
      stores,
      signer,
      orgId,
      engagementId,
      { requestId: 'PBC-201' },
      { requests: DEFAULT_REQUEST_SOURCE },
    );
    const out = path.join(dir, 'module-request.zip');
    await pipeline(prepared.open(), createWriteStream(out));
    const entries = await unzip(out);
    expect(entries.has(`requests/PBC-201/${ids.inWindow}-in-window-october.csv`)).toBe(true);
    const requests = JSON.parse(entries.get('requests.json')!.toString()) as PackageRequest[];
    expect(requests.map((r) => [r.reference, r.status, r.controlCodes])).toEqual([
      ['PBC-201', 'submitted', ['SEC-1']],
    ]);
    expect(requests[0]!.thread.flatMap((t) => t.evidenceIds)).toEqual([ids.inWindow]);
    expect((await verifyPackageFile(out)).problems).toEqual([]);
  });

  it('is written by auditready export package, one control at a time, and refuses a control and a request together', async () => {
    const out = path.join(dir, 'cli.zip');
    const exported = await runCli(
      [
        'export',
        'package',
        '--org',
        slug,
        '--engagement',
        engagementId,
        '--control',
        'SEC-1',
        '-o',
        out,
        '--json',
      ],
      h.store.env,
    );
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    // SEC-1's files and link, and the request on SEC-1 (PBC-201, answered in the test above).
    expect(JSON.parse(exported.stdout)).toMatchObject({ files: 3, links: 1, requests: 1 });
    const check = await verifyPackageFile(out);
    expect(check.problems).toEqual([]);
    expect(check.manifest?.scope).toEqual({ control: 'SEC-1', request: null });
    const both = await runCli(
      [
        'export',
        'package',
        '--org',
        slug,
        '--engagement',
        engagementId,
        '--control',
        'SEC-1',
        '--request',
        'R',
        '-o',
        out,
      ],
      h.store.env,
    );
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('one control or one request, not both');
  });

  it('aborts the export naming the evidence whose stored bytes no longer match their hash', async () => {
    const sha = manifest.files.find((f) => f.evidenceId === ids.submitted)!.sha256;
    const blob = path.join(h.store.dataDir, 'blobs', 'sha256', sha.slice(0, 2), sha.slice(2));
    await chmod(blob, 0o644);
    await writeFile(blob, 'in-window-novembeR');
    const stores = { database: h.store.database, blobs: blobStoreFor(h.store.dataDir) };
    const prepared = await preparePackage(
      stores,
      signerFromSeed('auditready-test', Buffer.alloc(32, 7)),
      orgId,
      engagementId,
    );
    await expect(
      pipeline(prepared.open(), createWriteStream(path.join(dir, 'broken.zip'))),
    ).rejects.toMatchObject({
      code: 'integrity_failed',
      message: expect.stringContaining(`evidence ${ids.submitted}`),
    });
  });
});
