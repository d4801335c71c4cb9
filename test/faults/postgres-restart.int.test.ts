// PostgreSQL stopped and started again under load (docs/decisions/0016). The shared server on 5432 serves
// other test files at the same time, so this file runs a private instance of its own: initdb into a
// temporary folder, `postgres` on a free port, stopped (fast or immediate, seeded) and started again while
// clients read readiness and write findings. The app must answer 503 `unavailable` with Retry-After
// during the outage, never anything else but 2xx, and recover without a restart of its own.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../database.js';
import {
  cli,
  faultSeed,
  type Server,
  seededRandom,
  startServer,
  stopServer,
  verifyStore,
} from './harness.js';

/** Starting CLIs (init, a token) and servers takes long on a loaded machine. */
const HOOK_TIMEOUT_MS = 180_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The newest PostgreSQL server binaries of the machine (Debian's layout), if any. */
function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const BIN_DIR = postgresBin();
const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program; as root through `runuser -u postgres` (initdb and postgres refuse root). */
function pgRun(program: string, args: string[]): string {
  const file = path.join(BIN_DIR!, program);
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

interface Sample {
  at: number;
  status: number;
  code?: string;
  retryAfter?: string | null;
  route: string;
}

describe.skipIf(TEST_DIALECT !== 'postgres' || !BIN_DIR)('PostgreSQL restarted under load', () => {
  let dir: string;
  let dataDir: string;
  let pgData: string;
  let port: number;
  let server: Server | undefined;
  let env: Record<string, string>;

  const pgCtl = (...args: string[]) => pgRun('pg_ctl', ['-D', pgData, ...args]);
  const startPostgres = () =>
    pgCtl(
      '-w',
      '-t',
      '60',
      '-l',
      path.join(dir, 'postgres.log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
      'start',
    );

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'auditready-faults-pg-'));
    dataDir = path.join(dir, 'app');
    pgData = path.join(dir, 'pgdata');
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    port = await freePort();
    pgRun('initdb', ['-D', pgData, '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions']);
    startPostgres();
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query('create database app');
    await admin.end();
    env = { AUDITREADY_DATA: dataDir, DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/app` };
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    if (server) await stopServer(server).catch(() => undefined);
    try {
      if (pgData && existsSync(path.join(pgData, 'postmaster.pid'))) pgCtl('-m', 'immediate', 'stop');
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }, HOOK_TIMEOUT_MS);

  it('answers 503 unavailable with Retry-After during the outage and recovers by itself', {
    timeout: 180_000,
  }, async () => {
    const seed = faultSeed('PostgreSQL restart');
    const rnd = seededRandom(seed);
    await cli(['init', '--org', 'Fault Org'], env);
    const token = (
      await cli(['tokens', 'create', '--name', 'faults', '--role', 'admin', '--expires', '1d'], env)
    ).trim();
    server = await startServer(env);
    const api = `${server.base}/api/v1/orgs/fault-org`;
    const auth = { authorization: `Bearer ${token}` };
    const samples: Sample[] = [];
    const findings: string[] = [];
    let stop = false;
    const t0 = performance.now();
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const write = (i + w) % 2 === 0;
        const route = write ? 'POST findings' : 'GET readiness';
        try {
          const res = write
            ? await fetch(`${api}/findings`, {
                method: 'POST',
                headers: { ...auth, 'content-type': 'application/json' },
                body: JSON.stringify({ title: `restart ${w}-${i}`, severity: 'low', openedOn: '2026-11-01' }),
              })
            : await fetch(`${api}/readiness?at=2026-12-0${1 + (i % 9)}`, { headers: auth });
          const body = (await res.json()) as { id?: string; error?: { code: string } };
          samples.push({
            at: performance.now() - t0,
            status: res.status,
            code: body.error?.code,
            retryAfter: res.headers.get('retry-after'),
            route,
          });
          if (write && res.ok && body.id) findings.push(body.id);
          if (!res.ok) await sleep(100);
        } catch (err) {
          samples.push({ at: performance.now() - t0, status: 0, code: String(err), route });
          await sleep(100);
        }
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(worker));
    await sleep(rnd.int(1000, 2500));
    const mode = rnd.next() < 0.5 ? 'fast' : 'immediate';
    const down = performance.now() - t0;
    pgCtl('-m', mode, '-w', 'stop');
    const outage = rnd.int(2000, 4000);
    await sleep(outage);
    startPostgres();
    const up = performance.now() - t0;
    // The pool's broken connections are replaced on demand: give it a moment, then everything must answer.
    await sleep(3000);
    const settled = performance.now() - t0;
    await sleep(2000);
    stop = true;
    await load;
    const pid = server.child.pid;
    const alive = server.child.exitCode === null && server.child.signalCode === null;

    const during = samples.filter((s) => s.at > down + 200 && s.at < up);
    const after = samples.filter((s) => s.at > settled);
    const count = (xs: Sample[]) => {
      const m = new Map<string, number>();
      for (const s of xs)
        m.set(
          `${s.status}${s.code ? ` ${s.code}` : ''}`,
          (m.get(`${s.status}${s.code ? ` ${s.code}` : ''}`) ?? 0) + 1,
        );
      return [...m].map(([k, v]) => `${k}: ${v}`).join(', ');
    };
    console.log(
      `[faults] PostgreSQL ${mode} stop at ${Math.round(down)} ms, started again at ${Math.round(up)} ms (seed ${seed}):\n` +
        `  during the outage ${count(during)}\n  after ${count(after)}\n  overall ${count(samples)}`,
    );

    expect(
      alive,
      `the app process (pid ${pid}) must survive the outage; it printed:\n${server.output()}`,
    ).toBe(true);
    // Never a 500 or a dropped connection: only answers and the documented 503s.
    expect(samples.filter((s) => s.status !== 503 && (s.status < 200 || s.status >= 300))).toEqual([]);
    expect(samples.filter((s) => s.status === 503 && (s.code !== 'unavailable' || !s.retryAfter))).toEqual(
      [],
    );
    expect(during.filter((s) => s.status === 503).length, 'the outage answered 503').toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((s) => s.status !== 200 && s.status !== 201)).toEqual([]);

    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    const stored = await client.query('select id from findings where id = any($1)', [findings]);
    await client.end();
    expect(stored.rowCount, 'every acknowledged finding survived the restart').toBe(findings.length);
    await stopServer(server);
    server = undefined;
    const verify = await verifyStore(env);
    expect(verify.code, verify.output).toBe(0);
  });
});
