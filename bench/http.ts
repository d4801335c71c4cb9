// `npm run bench:http [-- --duration 5 --connections 10 --rounds 2]`: HTTP throughput of the API next to a
// hello-world route on the same server and a bare Fastify + better-sqlite3 page selecting the same rows.
//
// How it measures (docs/decisions/0007-http-performance.md): the servers run in this process and autocannon
// in a child process (the machine may have two cores: a load generator in the servers' own process or
// thread shares their event loop's process and skews whichever target runs beside it). Every target gets
// a one-second warm-up at the same connection count before its measured run; all targets are measured in
// turn, `--rounds` times, and the last round is reported (earlier rounds print as one line each, so the
// spread shows). The API targets are real authenticated requests (a viewer's API token) through the
// whole product stack; the bare page runs the same query the list runs, on its own read-only connection.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { addDays, type IsoDate } from '../src/core/dates.js';
import { createApiToken } from '../src/modules/api-tokens/api-token.service.js';
import { buildDemo } from '../src/modules/demo/build-demo.js';
import { blobStoreFor } from '../src/platform/blobs/fs-blob-store.js';
import { todayIso } from '../src/platform/clock.js';
import { openDatabase, sqlitePath } from '../src/platform/db/database.js';
import type { App } from '../src/platform/http/app.js';
import { buildServer } from '../src/server/server.js';
import { addRow } from './table.js';

interface Load {
  url: string;
  headers: Record<string, string>;
  connections: number;
  duration: number;
}

interface Figures {
  rps: number;
  p99: number;
  errors: number;
}

// The child: one warm-up and one measured autocannon run, figures back over IPC.
if (process.argv[2] === '--load') {
  const load = JSON.parse(process.argv[3]!) as Load;
  const run = (duration: number) =>
    autocannon({ url: load.url, headers: load.headers, connections: load.connections, duration });
  await run(1);
  const r = await run(load.duration);
  const figures: Figures = {
    rps: r.requests.average,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx + r.timeouts,
  };
  process.send!(figures, () => process.exit(0));
} else if (import.meta.filename === process.argv[1]) {
  // Run on its own (`npm run bench:http`); imported by bench/run.ts it waits to be called.
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    return i === -1 ? fallback : Number(args[i + 1]);
  };
  await benchHttp({
    duration: flag('duration', 5),
    connections: flag('connections', 10),
    rounds: Math.max(1, flag('rounds', 2)),
  });
}

function measure(load: Load): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = fork(import.meta.filename, ['--load', JSON.stringify(load)], { stdio: 'inherit' });
    child.once('message', (m) => resolve(m as Figures));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
    });
  });
}

/** The whole HTTP benchmark (see the module comment); adds its rows to the table. */
export async function benchHttp(options: { duration: number; connections: number; rounds: number }) {
  const { duration, connections, rounds } = options;
  const PAGE = 50;
  const actor = { type: 'system' as const, id: 'bench', label: 'bench' };

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'auditready-bench-http-'));
  const database = await openDatabase({ dataDir });
  try {
    // The demo organization (Northwind Cloud): ~110 controls, 60 people, six months of evidence, an engagement.
    const today = todayIso();
    const demo = await buildDemo({ database, blobs: blobStoreFor(dataDir) }, actor, { today });
    const org = demo.organization;
    const codes = (
      await database.db.selectFrom('controls').select('code').where('org_id', '=', org.id).execute()
    ).map((c) => c.code);
    const { secret } = await createApiToken(database, actor, org.id, {
      name: 'bench',
      role: 'viewer',
      expiresInDays: 1,
    });

    const hello = async (app: App) => {
      app.get('/bench/hello', async () => ({ hello: 'world' }));
    };
    const app = await buildServer({
      database,
      blobs: blobStoreFor(dataDir),
      // The API rate limit runs on every request, as in production, but with a ceiling no
      // benchmark reaches: a page answered 429 would measure the limiter, not the page.
      config: { logLevel: 'warn', rateLimit: { max: 1_000_000_000, windowSeconds: 60 } },
      plugins: [hello],
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });

    // The baseline: Fastify with nothing else, selecting the same rows with a prepared statement.
    const native = new SQLite(sqlitePath(dataDir), { readonly: true });
    const select = native.prepare('select * from controls where org_id = ? order by code limit ?');
    const bare = Fastify();
    bare.get('/controls', async () => ({ items: select.all(org.id, PAGE) }));
    const bareBase = await bare.listen({ port: 0, host: '127.0.0.1' });

    const auth = { authorization: `Bearer ${secret}` };
    const readinessUrl = `${base}/api/v1/orgs/${org.slug}/readiness`;
    const targets: { name: string; url: string; headers?: Record<string, string> }[] = [
      { name: 'hello world (same server)', url: `${base}/bench/hello` },
      {
        name: `controls list page (${PAGE})`,
        url: `${base}/api/v1/orgs/${org.slug}/controls?limit=${PAGE}`,
        headers: auth,
      },
      { name: 'readiness (demo organization)', url: readinessUrl, headers: auth },
      { name: 'bare Fastify + better-sqlite3 page', url: `${bareBase}/controls` },
    ];

    // Readiness is cached per version of the organization's records; any write makes the next request
    // compute it again. Time that request too (another date is another key: the same computation).
    const cold: number[] = [];
    for (let day = 1; day <= 5; day++) {
      const started = performance.now();
      const response = await fetch(`${readinessUrl}?at=${addDays(today as IsoDate, -day)}`, {
        headers: auth,
      });
      if (!response.ok) throw new Error(`readiness answered ${response.status}`);
      await response.arrayBuffer();
      cold.push(performance.now() - started);
    }

    const results: Figures[][] = [];
    for (let round = 0; round < rounds; round++) {
      const figures: Figures[] = [];
      for (const t of targets) {
        figures.push(await measure({ url: t.url, headers: t.headers ?? {}, connections, duration }));
      }
      results.push(figures);
    }

    const ratios = (f: Figures[]) => ({ list: f[1]!.rps / f[3]!.rps, readinessP99: f[2]!.p99 });
    console.log(
      `\nHTTP, ${connections} connections, ${duration} s each after a 1 s warm-up, load from a child process,` +
        ` SQLite, ${codes.length} controls; round ${rounds} of ${rounds}`,
    );
    const last = results[rounds - 1]!;
    last.forEach((f, i) => {
      console.log(
        `${targets[i]!.name.padEnd(38)} ${f.rps.toFixed(0).padStart(7)} req/s   p99 ${String(f.p99).padStart(4)} ms${f.errors ? `   ${f.errors} errors` : ''}`,
      );
    });
    const { list, readinessP99 } = ratios(last);
    console.log(`controls list / bare Fastify page: ${(list * 100).toFixed(0)}% (target ≥ 50%)`);
    console.log(`controls list / hello world:       ${((last[1]!.rps / last[0]!.rps) * 100).toFixed(0)}%`);
    console.log(
      `readiness p99: ${readinessP99} ms (target ≤ 100 ms) ${readinessP99 <= 100 ? 'OK' : 'MISSED'}; ${((last[2]!.rps / last[0]!.rps) * 100).toFixed(1)}% of hello world`,
    );
    addRow({
      benchmark: `HTTP controls list page (${PAGE}) vs bare Fastify, ${connections} connections`,
      figure: `${last[1]!.rps.toFixed(0)} req/s`,
      baseline: `${last[3]!.rps.toFixed(0)} req/s`,
      ratio: `${(list * 100).toFixed(0)}%`,
      target: '≥ 50%',
      met: list >= 0.5,
    });
    addRow({
      benchmark: `HTTP readiness p99 (demo organization), ${connections} connections`,
      figure: `${readinessP99} ms`,
      baseline: `${last[3]!.p99} ms bare page p99`,
      ratio: `${(readinessP99 / Math.max(1, last[3]!.p99)).toFixed(1)}×`,
      target: '≤ 100 ms',
      met: readinessP99 <= 100,
    });
    cold.sort((a, b) => a - b);
    console.log(
      `readiness after a write (not cached yet), one request alone: median ${cold[2]!.toFixed(0)} ms, max ${cold[4]!.toFixed(0)} ms`,
    );
    for (let round = 0; round < rounds - 1; round++) {
      const r = ratios(results[round]!);
      console.log(
        `(round ${round + 1}: list ${results[round]![1]!.rps.toFixed(0)} req/s = ${(r.list * 100).toFixed(0)}% of bare ${results[round]![3]!.rps.toFixed(0)}; readiness p99 ${r.readinessP99} ms)`,
      );
    }

    await bare.close();
    native.close();
    await app.close();
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
