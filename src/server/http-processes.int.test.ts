// `serve --http-processes 2` (docs/decisions/0038): a real serve whose primary forks two HTTP processes sharing
// the port, on the test engine's store (SQLite: one file written by both; PostgreSQL: one database). Requests
// go over a new connection each (no keep-alive), so the primary hands them to both processes in turn.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { createTestStore, type TestStore } from '../../test/database.js';
import { cli, type Server, startServer, stopServer, verifyStore } from '../../test/faults/harness.js';

const PASSWORD = 'two processes, one store';

/** One request on a connection of its own; the answer's status, headers and body. */
function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: false,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A multipart evidence upload body for AC-01-E1. */
function uploadBody(content: Buffer, name: string): { body: Buffer; type: string } {
  const boundary = `----auditready${randomBytes(8).toString('hex')}`;
  const field = (k: string, v: string) =>
    `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  const head =
    field('controlCode', 'AC-01') +
    field('requirementCode', 'AC-01-E1') +
    field('effective', new Date().toISOString().slice(0, 10)) +
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/octet-stream\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

/** The processes a process forked (Linux /proc). */
function childrenOf(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe('serve --http-processes 2 on one store', () => {
  let store: TestStore;
  let server: Server;
  let env: Record<string, string>;
  let token: string;
  const base = () => `${server.base}/api/v1`;
  const org = (p: string) => `${base()}/orgs/t-org${p}`;

  beforeAll(async () => {
    store = await createTestStore();
    env = { ...store.env, AUDITREADY_HTTP_PROCESSES: '2' };
    await cli(['init', '--org', 'T Org'], env);
    const admin = await runCli(
      ['users', 'create-admin', 'lead@example.test', '--password-stdin'],
      env,
      PASSWORD,
    );
    expect(admin.code, admin.stderr).toBe(0);
    token = (
      await cli(['tokens', 'create', '--name', 'uploader', '--role', 'admin', '--expires', '1d'], env)
    ).trim();
    server = await startServer(env);
  }, 180_000);

  afterAll(async () => {
    if (server) await stopServer(server);
    await store?.cleanup();
  });

  it('says it runs two HTTP processes, and two are running', () => {
    expect(server.output()).toMatch(/auditready listening on \S+ \([^)]*; 2 HTTP processes\)/);
    expect(childrenOf(server.child.pid!)).toHaveLength(2);
  });

  it('a session started on one request is valid on the next ones, whichever process answers, and ends on all', async () => {
    const signIn = await request(`${base()}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'lead@example.test', password: PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const setCookie = ([] as string[]).concat(signIn.headers['set-cookie'] ?? []);
    const cookie = setCookie.find((c) => c.startsWith('auditready_session='))!.split(';')[0]!;
    const csrf = (JSON.parse(signIn.body) as { csrfToken: string }).csrfToken;
    // Six connections: three to each process, round-robin.
    for (let i = 0; i < 6; i++) {
      const me = await request(`${base()}/auth/session`, { headers: { cookie } });
      expect(me.status).toBe(200);
      expect((JSON.parse(me.body) as { user: { email: string } }).user.email).toBe('lead@example.test');
    }
    const out = await request(`${base()}/auth/sign-out`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.status).toBeLessThan(300);
    for (let i = 0; i < 4; i++) {
      const refused = await request(org('/readiness/change'), { headers: { cookie } });
      expect(refused.status).toBe(401);
    }
  });

  it('uploads sent at once through both processes are all stored (no 5xx while they wait for the writer)', async () => {
    const files = Array.from({ length: 16 }, (_, i) => randomBytes(20_000 + i));
    const answers = await Promise.all(
      files.map((content, i) => {
        const { body, type } = uploadBody(content, `both-${i}.bin`);
        return request(org('/evidence'), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': type },
          body,
        });
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(files.map(() => 201));
    for (const [i, a] of answers.entries()) {
      const { id } = JSON.parse(a.body) as { id: string };
      const download = await new Promise<Buffer>((resolve, reject) => {
        http
          .get(
            org(`/evidence/${id}/content`),
            { headers: { authorization: `Bearer ${token}` }, agent: false },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => resolve(Buffer.concat(chunks)));
            },
          )
          .on('error', reject);
      });
      expect(createHash('sha256').update(download).digest('hex')).toBe(
        createHash('sha256').update(files[i]!).digest('hex'),
      );
    }
  }, 120_000);

  it('an HTTP process that dies is replaced and the server keeps answering', async () => {
    const [first, second] = childrenOf(server.child.pid!);
    process.kill(first!, 'SIGKILL');
    expect(
      await until(() => {
        const now = childrenOf(server.child.pid!);
        return now.length === 2 && !now.includes(first!) && now.includes(second!);
      }, 60_000),
    ).toBe(true);
    expect(await until(() => /HTTP process \d+ exited \(SIGKILL\)/.test(server.output()), 10_000)).toBe(true);
    for (let i = 0; i < 4; i++) {
      const r = await request(org('/readiness'), { headers: { authorization: `Bearer ${token}` } });
      expect(r.status).toBe(200);
    }
  }, 90_000);

  it('SIGTERM stops every process with exit 0, and the store verifies', async () => {
    const children = childrenOf(server.child.pid!);
    expect(children).toHaveLength(2);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(children.filter(alive)).toEqual([]);
    const verified = await verifyStore(env);
    expect(verified.code, verified.output).toBe(0);
  }, 60_000);
});
