// `npm run bench:load [-- --users 100 --seconds 60 --db sqlite|postgres --think-ms 0 --http-processes 1 --cpu-prof DIR]`:
// N simulated users against a real `auditready serve` child process (with `--http-processes N`: its N HTTP
// processes sharing the port, docs/decisions/0038) on a fresh copy of the demo organization (Northwind
// Cloud), each looping without pause (or with --think-ms between requests) over a mix of dashboard
// readiness, the control list and a control's page, evidence upload and review, and the NHI list.
// Uploads go in under one admin token and reviews under another (separation of duties, on by default,
// refuses an acceptance by the uploader: docs/decisions/0020). Prints throughput, p50/p95/p99 per route
// as the client saw it and as the server timed itself (each response's `Server-Timing: app;dur=…`: the
// gap is time queued before the handler ran), errors, the CPU the server and this generator used and
// the load average, then stops the server and runs `auditready verify`. Not in CI; target on a 2-core
// machine with SQLite at 100 users: 0 errors, readiness and list p99 ≤ 250 ms (docs/decisions/0016).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'auditready');
const ADMIN_URL = process.env.AUDITREADY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1]!;
};
const USERS = Number(flag('users', '100'));
const SECONDS = Number(flag('seconds', '60'));
const THINK_MS = Number(flag('think-ms', '0'));
const DIALECT = flag('db', 'sqlite') as 'sqlite' | 'postgres';
/** `--cpu-prof DIR`: the server writes a V8 CPU profile of the run into DIR when it stops. */
const CPU_PROF_DIR = flag('cpu-prof', '');
/** `--http-processes N`: serve's HTTP processes (1: one process, as by default). */
const HTTP_PROCESSES = flag('http-processes', '1');
const TARGET_P99_MS = 250;

type Route =
  | 'readiness'
  | 'control list'
  | 'control page'
  | 'evidence upload'
  | 'evidence review'
  | 'NHI list';
/** How often each user picks a route (weights). */
const MIX: [Route, number][] = [
  ['readiness', 25],
  ['control list', 20],
  ['control page', 20],
  ['evidence upload', 10],
  ['evidence review', 10],
  ['NHI list', 15],
];

function cli(cliArgs: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(BIN, cliArgs, { env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`auditready ${cliArgs.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** User + system CPU seconds of a process so far (Linux /proc; NaN elsewhere). */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after "(comm) ".
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The processes `serve` forked (its HTTP processes), from /proc; empty elsewhere. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** CPU seconds of serve and each of its HTTP processes so far, by pid. */
function serverCpu(pid: number): Map<number, number> {
  return new Map([pid, ...childrenOf(pid)].map((p) => [p, cpuSecondsOf(p)]));
}

/** CPU seconds used between two readings (a process that appeared since counts from zero). */
function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [p, s] of after) if (!Number.isNaN(s)) total += s - (before.get(p) ?? 0);
  return total;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'auditready-load-'));
  const dbName = `auditready_load_${Date.now().toString(36)}`;
  let databaseUrl = '';
  if (DIALECT === 'postgres') {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const u = new URL(ADMIN_URL);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  const env = { ...process.env, AUDITREADY_DATA: dir, DATABASE_URL: databaseUrl };
  try {
    console.log(`[load] building the demo organization (${DIALECT}) …`);
    cli(['demo'], env);
    const orgs = JSON.parse(cli(['orgs', 'list', '--json'], env)) as { slug: string }[];
    const slug = orgs[0]!.slug;
    // Two admins: one uploads, the other reviews (the uploader may not accept their own evidence).
    const tokenFor = (name: string) =>
      cli(
        ['tokens', 'create', '--name', name, '--role', 'admin', '--expires', '1d', '--org', slug],
        env,
      ).trim();
    const uploaderToken = tokenFor('load-uploader');
    const reviewerToken = tokenFor('load-reviewer');

    // The rate limit is off: 100 users share two tokens, far beyond one person's allowance.
    const profile = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR)}`] : [];
    const server = spawn(
      process.execPath,
      [...profile, BIN, 'serve', '--port', '0', '--http-processes', HTTP_PROCESSES],
      {
        env: { ...env, AUDITREADY_RATE_LIMIT: '0', AUDITREADY_LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let buffered = '';
    const base = await new Promise<string>((resolve, reject) => {
      server.stdout!.on('data', (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          const m = /auditready listening on (http:\/\/[\d.:]+)/.exec(line);
          if (m) resolve(m[1]!);
          // The server's own error lines (a 5xx's cause) are shown, cut to one screen line each.
          if (line.includes('"level":50')) console.error(`[serve] ${line.slice(0, 600)}`);
        }
      });
      server.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    const api = `${base}/api/v1/orgs/${slug}`;
    const auth = { authorization: `Bearer ${uploaderToken}` };
    const reviewerAuth = { authorization: `Bearer ${reviewerToken}` };
    const codes = (
      (await (await fetch(`${api}/controls?limit=200`, { headers: auth })).json()) as {
        items: { code: string; requirements?: { code: string }[] }[];
      }
    ).items.map((c) => c.code);
    const control = (await (await fetch(`${api}/controls/${codes[0]}`, { headers: auth })).json()) as {
      requirements: { code: string }[];
    };
    const requirement = control.requirements[0]!.code;

    const samples = new Map<Route, number[]>(MIX.map(([r]) => [r, []]));
    // The server's own time on each request, from its Server-Timing header.
    const serverSamples = new Map<Route, number[]>(MIX.map(([r]) => [r, []]));
    const errors = new Map<string, number>();
    const unreviewed: string[] = [];
    let stop = false;
    const total = MIX.reduce((s, [, w]) => s + w, 0);
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pick = (): Route => {
      let x = random() * total;
      for (const [r, w] of MIX) {
        x -= w;
        if (x < 0) return r;
      }
      return 'readiness';
    };
    const request = (route: Route, i: number): Promise<Response> => {
      switch (route) {
        case 'readiness':
          return fetch(`${api}/readiness`, { headers: auth });
        case 'control list':
          return fetch(`${api}/controls?limit=50`, { headers: auth });
        case 'control page':
          return fetch(`${api}/controls/${codes[i % codes.length]}`, { headers: auth });
        case 'NHI list':
          return fetch(`${api}/nhi?limit=50`, { headers: auth });
        case 'evidence upload': {
          const form = new FormData();
          form.set('controlCode', codes[0]!);
          form.set('requirementCode', requirement);
          form.set('effective', new Date().toISOString().slice(0, 10));
          form.set('file', new Blob([`load test evidence ${i} ${random()}`]), `load-${i}.txt`);
          return fetch(`${api}/evidence`, { method: 'POST', headers: auth, body: form });
        }
        case 'evidence review': {
          const id = unreviewed.shift();
          if (!id) return fetch(`${api}/evidence?limit=20`, { headers: reviewerAuth });
          return fetch(`${api}/evidence/${id}/review`, {
            method: 'POST',
            headers: { ...reviewerAuth, 'content-type': 'application/json' },
            body: JSON.stringify({ decision: 'accepted' }),
          });
        }
      }
    };
    console.log(`[load] ${USERS} users for ${SECONDS} s against ${base} (think time ${THINK_MS} ms) …`);
    let n = 0;
    const serverCpuBefore = serverCpu(server.pid!);
    const ownCpuBefore = process.cpuUsage();
    const started = performance.now();
    const user = async () => {
      while (!stop) {
        const route = pick();
        const i = n++;
        const t = performance.now();
        try {
          const res = await request(route, i);
          const body = await res.text();
          const timing = /app;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '');
          if (timing && !stop) serverSamples.get(route)!.push(Number(timing[1]));
          if (!res.ok) {
            const key = `${route}: ${res.status}`;
            errors.set(key, (errors.get(key) ?? 0) + 1);
          } else if (route === 'evidence upload') unreviewed.push((JSON.parse(body) as { id: string }).id);
        } catch (err) {
          const key = `${route}: ${err instanceof Error ? err.message : String(err)}`;
          errors.set(key, (errors.get(key) ?? 0) + 1);
        }
        if (!stop) samples.get(route)!.push(performance.now() - t);
        if (THINK_MS > 0) await new Promise((r) => setTimeout(r, THINK_MS));
      }
    };
    const timer = setTimeout(() => {
      stop = true;
    }, SECONDS * 1000);
    await Promise.all(Array.from({ length: USERS }, user));
    clearTimeout(timer);
    const elapsed = (performance.now() - started) / 1000;
    const serverCpuUsed = cpuBetween(serverCpuBefore, serverCpu(server.pid!));
    const ownCpuUsage = process.cpuUsage(ownCpuBefore);
    const ownCpu = (ownCpuUsage.user + ownCpuUsage.system) / 1e6;
    const [load1, load5] = os.loadavg();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));

    const f = (x: number) => (Number.isNaN(x) ? '—' : `${x.toFixed(0)} ms`);
    const rows = MIX.map(([route]) => {
      const xs = samples.get(route)!.sort((a, b) => a - b);
      const sv = serverSamples.get(route)!.sort((a, b) => a - b);
      return [
        route,
        String(xs.length),
        (xs.length / elapsed).toFixed(1),
        f(percentile(xs, 50)),
        f(percentile(xs, 95)),
        f(percentile(xs, 99)),
        f(percentile(sv, 50)),
        f(percentile(sv, 99)),
      ];
    });
    const all = [...samples.values()].flat().sort((a, b) => a - b);
    const errorCount = [...errors.values()].reduce((s, x) => s + x, 0);
    const head = ['route', 'requests', 'req/s', 'p50', 'p95', 'p99', 'server p50', 'server p99'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    console.log(
      `\n[load] ${USERS} users, ${elapsed.toFixed(0)} s, ${DIALECT}, ${HTTP_PROCESSES} HTTP process(es): ${all.length} requests, ${(all.length / elapsed).toFixed(0)} req/s, ` +
        `p50 ${f(percentile(all, 50))}, p99 ${f(percentile(all, 99))}, ${errorCount} errors\n`,
    );
    console.log(
      [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'),
    );
    for (const [k, v] of errors) console.log(`  error ${k}: ${v}`);
    console.log(
      `\nCPU over the run (${elapsed.toFixed(0)} s of wall time, ${os.cpus().length} cores): server ${serverCpuUsed.toFixed(1)} s ` +
        `(${((serverCpuUsed / elapsed) * 100).toFixed(0)}% of a core, ${((serverCpuUsed * 1000) / Math.max(1, all.length)).toFixed(2)} ms a request, ` +
        `${HTTP_PROCESSES} HTTP process(es) and their primary), ` +
        `load generator ${ownCpu.toFixed(1)} s (${((ownCpu / elapsed) * 100).toFixed(0)}% of a core, one process on the same cores); ` +
        `load average ${load1!.toFixed(1)} (1 min), ${load5!.toFixed(1)} (5 min)`,
    );
    const p99Of = (r: Route) => percentile(samples.get(r)!, 99);
    const met =
      errorCount === 0 && p99Of('readiness') <= TARGET_P99_MS && p99Of('control list') <= TARGET_P99_MS;
    console.log(
      `\ntarget: 0 errors, readiness and control list p99 ≤ ${TARGET_P99_MS} ms: ${met ? 'met' : 'MISSED'} ` +
        `(readiness p99 ${f(p99Of('readiness'))}, list p99 ${f(p99Of('control list'))}, ${errorCount} errors)`,
    );
    const verify = spawnSync(BIN, ['verify'], { env, encoding: 'utf8' });
    console.log(
      `[load] verify (exit ${verify.status}): ${`${verify.stdout}${verify.stderr}`.trim().split('\n').join(' | ')}`,
    );
    if (verify.status !== 0) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (databaseUrl) {
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  }
}

await main();
