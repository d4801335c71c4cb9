// `npm run bench:http [-- --duration 5 --connections 10]`: HTTP throughput of the API next to a hello-world
// route on the same server and a bare Fastify + better-sqlite3 page selecting the same rows; prints figures.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import { createApiToken } from '../src/modules/api-tokens/api-token.service.js';
import { buildDemo } from '../src/modules/demo/build-demo.js';
import { blobStoreFor } from '../src/platform/blobs/fs-blob-store.js';
import { todayIso } from '../src/platform/clock.js';
import { openDatabase, sqlitePath } from '../src/platform/db/database.js';
import type { App } from '../src/platform/http/app.js';
import { buildServer } from '../src/platform/http/server.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const duration = flag('duration', 5);
const connections = flag('connections', 10);
const PAGE = 50;
const actor = { type: 'system' as const, id: 'bench', label: 'bench' };

interface Figures {
  name: string;
  rps: number;
  p99: number;
  errors: number;
}

async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<Figures> {
  const result = await autocannon({ url, connections, duration, headers, workers: 1 });
  const errors = result.errors + result.non2xx + result.timeouts;
  return { name, rps: result.requests.average, p99: result.latency.p99, errors };
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'auditready-bench-http-'));
const database = await openDatabase({ dataDir });
try {
  // The demo organization (Northwind Cloud): ~110 controls, 60 people, six months of evidence, an engagement.
  const demo = await buildDemo({ database, blobs: blobStoreFor(dataDir) }, actor, { today: todayIso() });
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
    config: { logLevel: 'warn' },
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
  const targets: { name: string; url: string; headers?: Record<string, string> }[] = [
    { name: 'hello world (same server)', url: `${base}/bench/hello` },
    {
      name: `controls list page (${PAGE})`,
      url: `${base}/api/v1/orgs/${org.slug}/controls?limit=${PAGE}`,
      headers: auth,
    },
    {
      name: 'readiness (demo organization)',
      url: `${base}/api/v1/orgs/${org.slug}/readiness`,
      headers: auth,
    },
    { name: 'bare Fastify + better-sqlite3 page', url: `${bareBase}/controls` },
  ];
  const figures: Figures[] = [];
  for (const t of targets) figures.push(await measure(t.name, t.url, t.headers));

  console.log(`\nHTTP, ${connections} connections, ${duration} s each, SQLite, ${codes.length} controls`);
  for (const f of figures) {
    console.log(
      `${f.name.padEnd(38)} ${f.rps.toFixed(0).padStart(7)} req/s   p99 ${String(f.p99).padStart(4)} ms${f.errors ? `   ${f.errors} errors` : ''}`,
    );
  }
  const by = (name: string) => figures.find((f) => f.name.startsWith(name))!;
  const list = by('controls list');
  console.log(
    `controls list / bare Fastify page: ${((list.rps / by('bare').rps) * 100).toFixed(0)}% (target ≥ 50%)`,
  );
  console.log(`controls list / hello world:       ${((list.rps / by('hello').rps) * 100).toFixed(0)}%`);
  const readiness = by('readiness');
  console.log(
    `readiness p99: ${readiness.p99} ms (target ≤ 100 ms) ${readiness.p99 <= 100 ? 'OK' : 'MISSED'}; ${((readiness.rps / by('hello').rps) * 100).toFixed(1)}% of hello world`,
  );

  await bare.close();
  native.close();
  await app.close();
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
