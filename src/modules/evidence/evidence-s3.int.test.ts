// Evidence in an S3 bucket (docs/decisions/0034) on either engine: uploaded through the HTTP API into a real
// S3-protocol server, downloaded back, re-hashed by verify (in process and through the CLI); and `serve`
// refusing an AUDITREADY_BLOBS it cannot use, before it listens.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';
import { TEST_ACTOR } from '../../../test/database.js';
import {
  buildControl,
  buildOrg,
  buildPerson,
  buildToken,
  createHarness,
  type Harness,
  multipartFile,
  withToken,
} from '../../../test/factories.js';
import { startTestS3, type TestS3 } from '../../../test/s3-server.js';
import { addDays } from '../../core/dates.js';
import { blobStoreFromEnv } from '../../platform/blobs/blob-config.js';
import type { DeferredBlobStore } from '../../platform/blobs/deferred-blob-store.js';
import type { S3BlobStore } from '../../platform/blobs/s3-blob-store.js';
import { todayIso } from '../../platform/clock.js';
import { collectBlobGarbage } from '../integrity/blob-gc.service.js';
import { verifyStore } from '../integrity/verify.service.js';

describe('evidence stored in an S3 bucket', () => {
  let s3: TestS3;
  let h: Harness;
  let blobs: S3BlobStore;
  let slug: string;
  let code: string;
  let lead: Record<string, string>;
  let reviewer: Record<string, string>;
  const prefix = `ev-${Date.now().toString(36)}/`;

  beforeAll(async () => {
    s3 = await startTestS3();
    blobs = (await (
      blobStoreFromEnv('/nonexistent', s3.env(prefix)) as DeferredBlobStore
    ).loaded()) as S3BlobStore;
    h = await createHarness({}, { blobs });
    const org = await buildOrg(h, 'Bucket Org');
    slug = org.slug;
    const owner = await buildPerson(h, org.id);
    code = await buildControl(h, org.id, { ownerEmail: owner.email });
    lead = withToken(await buildToken(h, org.id, 'compliance-lead'));
    reviewer = withToken(await buildToken(h, org.id, 'compliance-lead'));
  });
  afterAll(async () => {
    await h?.close();
    await s3?.close();
  });

  it('an upload through the API lands in the bucket under its SHA-256, downloads the same bytes and verifies', async () => {
    const today = todayIso();
    const content = randomBytes(300 * 1024);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const body = multipartFile(
      content,
      'firewall-rules.bin',
      'file',
      { controlCode: code, effective: `${addDays(today, -5)}..${today}` },
      'application/octet-stream',
    );
    const up = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/evidence`,
      headers: { ...lead, ...body.headers },
      payload: body.payload,
    });
    expect(up.statusCode, up.body).toBe(201);
    const { id, sha256: answered } = up.json() as { id: string; sha256: string };
    expect(answered).toBe(sha256);
    expect(await s3.keys(prefix)).toEqual([`${prefix}sha256/${sha256.slice(0, 2)}/${sha256.slice(2)}`]);
    // The data folder holds no blob store: the bucket is the only copy.
    expect(existsSync(path.join(h.store.dataDir, 'blobs'))).toBe(false);

    const down = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/evidence/${id}/content`,
      headers: lead,
    });
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(content)).toBe(true);
    const accepted = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/evidence/${id}/review`,
      headers: { ...reviewer, 'content-type': 'application/json' },
      payload: { decision: 'accepted' },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);

    const verified = await verifyStore({ database: h.store.database, blobs });
    expect(verified.checks.find((c) => c.name === 'evidence-files')).toMatchObject({ ok: true });
    expect(verified.ok).toBe(true);
    // The CLI reads AUDITREADY_BLOBS like serve does.
    const cli = await runCli(['verify'], { ...h.store.env, ...s3.env(prefix) });
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/evidence files re-hashed/);

    // Changed in the bucket behind auditready's back: verify names the file.
    await s3.putRaw(blobs.keyOf(sha256), 'replaced in the bucket');
    const tampered = await verifyStore({ database: h.store.database, blobs });
    const files = tampered.checks.find((c) => c.name === 'evidence-files')!;
    expect(files.ok).toBe(false);
    expect(JSON.stringify(files)).toContain(sha256);
    // Gone from the bucket: named as well.
    await s3.deleteRaw(blobs.keyOf(sha256));
    const cliMissing = await runCli(['verify', '--json'], { ...h.store.env, ...s3.env(prefix) });
    expect(cliMissing.code).not.toBe(0);
    expect(cliMissing.stdout).toContain(sha256);
  });

  it('blobs gc removes, from the bucket, content no record references once old enough, and keeps the rest', async () => {
    const today = todayIso();
    const kept = randomBytes(1024);
    const body = multipartFile(kept, 'kept.bin', 'file', { controlCode: code, effective: today });
    const up = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/evidence`,
      headers: { ...lead, ...body.headers },
      payload: body.payload,
    });
    expect(up.statusCode, up.body).toBe(201);
    const keptSha = (up.json() as { sha256: string }).sha256;
    const orphan = await blobs.put(Readable.from([randomBytes(2048)]));
    const young = await collectBlobGarbage({ database: h.store.database, blobs }, TEST_ACTOR, {
      dryRun: false,
    });
    expect(young.removed).toEqual([]);
    const old = await collectBlobGarbage({ database: h.store.database, blobs }, TEST_ACTOR, {
      dryRun: false,
      now: Date.now() + 25 * 3600_000,
    });
    expect(old.removed).toEqual([{ sha256: orphan.sha256, size: 2048 }]);
    expect(await blobs.has(orphan.sha256)).toBe(false);
    expect(await blobs.has(keptSha)).toBe(true);
  });

  it('serve refuses an AUDITREADY_BLOBS it cannot use, with what was wrong, before it listens', async () => {
    const bad = await runCli(['serve', '--port', '0'], {
      ...h.store.env,
      AUDITREADY_BLOBS: 'gs://evidence/x',
    });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr + bad.stdout).toContain(
      'AUDITREADY_BLOBS: "gs://evidence/x" is not s3://bucket/prefix',
    );
    expect(bad.stdout).not.toContain('listening');
    const missing = await runCli(['serve', '--port', '0'], {
      ...h.store.env,
      ...s3.env('x/'),
      AUDITREADY_BLOBS: 's3://no-such-bucket/x',
    });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr + missing.stdout).toContain('the evidence store s3://no-such-bucket/x/');
    expect(missing.stderr + missing.stdout).toContain('cannot be used');
    expect(missing.stdout).not.toContain('listening');
  });
});
