import { readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { addDays } from '../../core/dates.js';
import { readinessResultSchema } from '../../core/readiness/index.js';
import { todayIso } from '../../platform/clock.js';

/** Evidence and readiness through HTTP: upload, download, review, limits, the same JSON as the CLI. */
describe('evidence and readiness API', () => {
  let h: Harness;
  let slug: string;
  let orgId: string;
  let lead: Record<string, string>;
  let reviewer: Record<string, string>;
  let admin: Record<string, string>;
  let code: string;

  beforeAll(async () => {
    h = await createHarness({ maxEvidenceBytes: 64 * 1024 });
    const org = await buildOrg(h, 'Evidence Org');
    slug = org.slug;
    orgId = org.id;
    const owner = await buildPerson(h, orgId);
    code = await buildControl(h, orgId, { ownerEmail: owner.email });
    lead = withToken(await buildToken(h, orgId, 'compliance-lead'));
    reviewer = withToken(await buildToken(h, orgId, 'compliance-lead'));
    admin = withToken(await buildToken(h, orgId, 'admin'));
  });
  afterAll(() => h.close());

  const blobFiles = () => {
    const root = path.join(h.store.dataDir, 'blobs', 'sha256');
    try {
      return readdirSync(root, { recursive: true }).length;
    } catch {
      return 0;
    }
  };

  it('opens a PDF inline and sends HTML and SVG only as attachments, never sniffed', async () => {
    const today = todayIso();
    const owner = await buildPerson(h, orgId);
    const own = await buildControl(h, orgId, { ownerEmail: owner.email });
    const upload = async (content: string, fileName: string, type: string) => {
      const body = multipartFile(
        content,
        fileName,
        'file',
        { controlCode: own, effective: `${addDays(today, -10)}..${today}` },
        type,
      );
      const up = await h.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${slug}/evidence`,
        headers: { ...lead, ...body.headers },
        payload: body.payload,
      });
      expect(up.statusCode).toBe(201);
      const { id } = up.json() as { id: string };
      return h.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${slug}/evidence/${id}/content`,
        headers: lead,
      });
    };
    const pdf = await upload('%PDF-1.4\n%%EOF\n', 'access review.pdf', 'application/pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(
      `inline; filename="access review.pdf"; filename*=UTF-8''access%20review.pdf`,
    );
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');

    const html = await upload('<script>alert(1)</script>', 'report.html', 'text/html');
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toBe('application/octet-stream');
    expect(html.headers['content-disposition']).toMatch(/^attachment; filename="report.html"/);
    expect(html.headers['x-content-type-options']).toBe('nosniff');

    const svg = await upload(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      'logo.svg',
      'image/svg+xml',
    );
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toBe('application/octet-stream');
    expect(svg.headers['content-disposition']).toMatch(/^attachment; filename="logo.svg"/);
    expect(svg.headers['x-content-type-options']).toBe('nosniff');
    expect(svg.body).toContain('<svg');
  });

  it('uploads a file, downloads the same bytes as an attachment, and moves readiness from gap to ready on accept', async () => {
    // Today: at a past date readiness sees the evidence as it stood then (recorded by then), docs/decisions/0008.
    const today = todayIso();
    const statusOf = async () => {
      const r = await h.app.inject({
        method: 'GET',
        url: `/api/v1/orgs/${slug}/readiness?at=${today}`,
        headers: lead,
      });
      expect(r.statusCode).toBe(200);
      const result = readinessResultSchema.parse(r.json());
      return result.controls.find((c) => c.code === code)!;
    };
    const implemented = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/orgs/${slug}/controls/${code}`,
      headers: lead,
      payload: { status: 'implemented' },
    });
    expect(implemented.statusCode).toBe(200);
    expect((await statusOf()).status).toBe('gap');

    const body = multipartFile('user,decision\nada,keep\n', 'Zugriffsprüfung: Q4*.csv', 'file', {
      controlCode: code,
      effective: `${addDays(today, -30)}..${today}`,
      sourceType: 'system-export',
    });
    const up = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/evidence`,
      headers: { ...lead, ...body.headers },
      payload: body.payload,
    });
    expect(up.statusCode).toBe(201);
    const evidence = up.json() as { id: string; reviewState: string; fileName: string; sha256: string };
    expect(evidence.reviewState).toBe('submitted');
    expect(evidence.fileName).toBe('Zugriffsprüfung_ Q4_.csv');
    expect((await statusOf()).reasons.map((r) => r.code)).toContain('no-evidence');

    const down = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/evidence/${evidence.id}/content`,
      headers: lead,
    });
    expect(down.statusCode).toBe(200);
    expect(down.body).toBe('user,decision\nada,keep\n');
    expect(down.headers['content-disposition']).toBe(
      `inline; filename="Zugriffspr_fung_ Q4_.csv"; filename*=UTF-8''${encodeURIComponent('Zugriffsprüfung_ Q4_.csv')}`,
    );
    expect(down.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(down.headers['x-content-type-options']).toBe('nosniff');

    // Separation of duties (on by default): the uploader may not accept it; another lead may.
    const own = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/evidence/${evidence.id}/review`,
      headers: lead,
      payload: { decision: 'accepted' },
    });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toContain('you uploaded this evidence: someone else must accept it');
    expect((await statusOf()).status).toBe('gap');
    const review = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/evidence/${evidence.id}/review`,
      headers: reviewer,
      payload: { decision: 'accepted' },
    });
    expect(review.statusCode).toBe(200);
    expect((await statusOf()).status).toBe('ready');

    const again = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/evidence/${evidence.id}/review`,
      headers: reviewer,
      payload: { decision: 'rejected', reason: 'changed my mind' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
  });

  it('lets the uploader reject their own evidence, and accept it once an admin turns separation of duties off', async () => {
    const upload = async () => {
      const body = multipartFile('owner,ok\n', 'check.csv', 'file', {
        controlCode: code,
        effective: `${addDays(todayIso(), -3)}..${todayIso()}`,
        sourceType: 'system-export',
      });
      const up = await h.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${slug}/evidence`,
        headers: { ...lead, ...body.headers },
        payload: body.payload,
      });
      expect(up.statusCode).toBe(201);
      return (up.json() as { id: string }).id;
    };
    const review = (id: string, payload: Record<string, string>) =>
      h.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${slug}/evidence/${id}/review`,
        headers: lead,
        payload,
      });
    const withdrawn = await review(await upload(), { decision: 'rejected', reason: 'wrong quarter' });
    expect(withdrawn.statusCode).toBe(200);

    const settings = await h.app.inject({ method: 'GET', url: `/api/v1/orgs/${slug}`, headers: lead });
    expect(settings.json().separateReview).toBe(true);
    const byLead = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/orgs/${slug}`,
      headers: lead,
      payload: { separateReview: false },
    });
    expect(byLead.statusCode).toBe(403);
    const off = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/orgs/${slug}`,
      headers: admin,
      payload: { separateReview: false },
    });
    expect(off.statusCode).toBe(200);
    expect(off.json().separateReview).toBe(false);
    const accepted = await review(await upload(), { decision: 'accepted' });
    expect(accepted.statusCode).toBe(200);
    const on = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/orgs/${slug}`,
      headers: admin,
      payload: { separateReview: true },
    });
    expect(on.json().separateReview).toBe(true);
    expect((await review(await upload(), { decision: 'accepted' })).statusCode).toBe(403);
  });

  it('refuses a file over the evidence limit with 413 and stores nothing', async () => {
    const before = await h.store.database.db.selectFrom('evidence').select('id').execute();
    const blobsBefore = blobFiles();
    const body = multipartFile(Buffer.alloc(200 * 1024, 7), 'big.bin', 'file', {
      controlCode: code,
      effective: '2026-11-01',
    });
    const r = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/evidence`,
      headers: { ...lead, ...body.headers },
      payload: body.payload,
    });
    expect(r.statusCode).toBe(413);
    expect(r.json().error.code).toBe('payload_too_large');
    expect(await h.store.database.db.selectFrom('evidence').select('id').execute()).toHaveLength(
      before.length,
    );
    expect(blobFiles()).toBe(blobsBefore);
    expect(readdirSync(path.join(h.store.dataDir, 'blobs', 'tmp'))).toEqual([]);
  });

  it('rejects metadata that does not validate, with the error shape, and stores nothing', async () => {
    const body = multipartFile('x', 'x.csv', 'file', { controlCode: code, effective: '2026-13-01' });
    const r = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/evidence`,
      headers: { ...lead, ...body.headers },
      payload: body.payload,
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('effective'),
    });
  });

  it('refuses evidence effective more than 3 days ahead with 400 invalid_input, storing nothing', async () => {
    const before = await h.store.database.db.selectFrom('evidence').select('id').execute();
    const today = todayIso();
    const post = (effective: string) =>
      h.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${slug}/evidence/records`,
        headers: lead,
        payload: { kind: 'link', url: 'https://tickets.example/AHEAD', controlCode: code, effective },
      });
    const ahead = await post(`${addDays(today, 4)}..${addDays(today, 30)}`);
    expect(ahead.statusCode).toBe(400);
    expect(ahead.json().error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining(
        `starts on ${addDays(today, 4)}, more than 3 days after today (${today})`,
      ),
    });
    const file = multipartFile('x', 'x.csv', 'file', { controlCode: code, effective: addDays(today, 40) });
    const upload = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${slug}/evidence`,
      headers: { ...lead, ...file.headers },
      payload: file.payload,
    });
    expect(upload.statusCode).toBe(400);
    expect(upload.json().error.code).toBe('invalid_input');
    expect(await h.store.database.db.selectFrom('evidence').select('id').execute()).toHaveLength(
      before.length,
    );
    expect((await post(addDays(today, 3))).statusCode).toBe(201);
  });

  it('adds a link as evidence and pages the list with a cursor', async () => {
    for (const n of [1, 2, 3]) {
      const r = await h.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${slug}/evidence/records`,
        headers: lead,
        payload: {
          kind: 'link',
          url: `https://tickets.example/CHG-${n}`,
          controlCode: code,
          effective: `2026-11-0${n}`,
        },
      });
      expect(r.statusCode).toBe(201);
    }
    const first = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/evidence?limit=2`,
      headers: lead,
    });
    const page1 = first.json() as { items: { id: string }[]; nextCursor: string | null };
    expect(page1.items).toHaveLength(2);
    const second = await h.app.inject({
      method: 'GET',
      url: `/api/v1/orgs/${slug}/evidence?limit=2&cursor=${page1.nextCursor}`,
      headers: lead,
    });
    const page2 = second.json() as { items: { id: string }[] };
    expect(page2.items.length).toBeGreaterThan(0);
    expect(page2.items.map((e) => e.id)).not.toContain(page1.items[0]!.id);
  });

  it('streams a 1 GiB upload with flat memory', async () => {
    const big = await createHarness({ maxEvidenceBytes: 2 * 1024 * 1024 * 1024 });
    try {
      const org = await buildOrg(big, 'Big Upload');
      const control = await buildControl(big, org.id);
      const token = await buildToken(big, org.id, 'contributor');
      const address = await big.app.listen({ port: 0, host: '127.0.0.1' });
      const boundary = '----auditready1gib';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="controlCode"\r\n\r\n${control}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="effective"\r\n\r\n2026-11-01\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      );
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const chunk = Buffer.alloc(1024 * 1024, 0x5a);
      const total = 1024;
      async function* body() {
        yield head;
        for (let i = 0; i < total; i++) yield chunk;
        yield tail;
      }
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 50);
      const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          `${address}/api/v1/orgs/${org.slug}/evidence`,
          {
            method: 'POST',
            headers: {
              ...withToken(token),
              'content-type': `multipart/form-data; boundary=${boundary}`,
              'content-length': String(head.length + total * chunk.length + tail.length),
            },
          },
          (res) => {
            let text = '';
            res.on('data', (d) => {
              text += d;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        Readable.from(body()).pipe(req);
      });
      clearInterval(sampler);
      expect(response.status, response.body).toBe(201);
      expect(JSON.parse(response.body).size).toBe(total * chunk.length);
      // The whole file would be 1,024 MiB; streaming keeps the growth to buffers.
      expect((peak - rssBefore) / 1024 / 1024).toBeLessThan(256);
    } finally {
      await big.close();
    }
  }, 180_000);
});
