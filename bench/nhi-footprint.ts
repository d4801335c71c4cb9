// Where an NHI import's bytes go: imports a generated credential report of ROWS rows into a fresh store (in the
// bench's child process) and prints, per table and per index, the bytes the import added per report row.
// SQLite: the `dbstat` virtual table (pages of each b-tree); PostgreSQL: `pg_relation_size` of each table and index
// (heap, TOAST and indexes apart). `node --import tsx bench/nhi-footprint.ts [ROWS] [sqlite|postgres]`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { initializeInstallation } from '../src/modules/installation/initialize.js';
import { openDatabase } from '../src/platform/db/database.js';
import { REPORT_DAY, writeGeneratedCredentialReport } from './generate-nhi.js';

const ADMIN_URL = process.env.AUDITREADY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CHILD = fileURLToPath(new URL('./nhi-import-child.ts', import.meta.url));
const rows = Number(process.argv[2] ?? 5000);
const dialect = (process.argv[3] ?? 'sqlite') as 'sqlite' | 'postgres';

function child(file: string, dataDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, 'aws-credential-report', file, dataDir, REPORT_DAY],
      {
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const out: Buffer[] = [];
    c.stdout.on('data', (b: Buffer) => out.push(b));
    c.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out).toString()) : reject(new Error(`exit ${code}`)),
    );
  });
}

async function sizes(
  dataDir: string,
  url: string | undefined,
): Promise<Map<string, { table: string; bytes: number; rows: number }>> {
  const out = new Map<string, { table: string; bytes: number; rows: number }>();
  if (!url) {
    const db = new SQLite(path.join(dataDir, 'auditready.sqlite'));
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
      const stats = db
        .prepare(
          `select s.name as name, coalesce(m.tbl_name, s.name) as tbl, sum(s.pgsize) as bytes
             from dbstat s left join sqlite_master m on m.name = s.name group by s.name`,
        )
        .all() as { name: string; tbl: string; bytes: number }[];
      for (const s of stats) {
        const isTable = s.name === s.tbl;
        const count = isTable ? (db.prepare(`select count(*) from "${s.tbl}"`).pluck().get() as number) : 0;
        out.set(s.name, { table: s.tbl, bytes: s.bytes, rows: count });
      }
    } finally {
      db.close();
    }
    return out;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ name: string; tbl: string; bytes: string; kind: string }>(
      `select c.relname as name, coalesce(t.relname, c.relname) as tbl, c.relkind as kind,
              pg_relation_size(c.oid) + case when c.relkind = 'r' and c.reltoastrelid <> 0
                then pg_total_relation_size(c.reltoastrelid) else 0 end as bytes
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         left join pg_index i on i.indexrelid = c.oid left join pg_class t on t.oid = i.indrelid
        where n.nspname = 'public' and c.relkind in ('r', 'i')`,
    );
    for (const x of r.rows) {
      let count = 0;
      if (x.kind === 'r')
        count = Number((await client.query(`select count(*) as c from "${x.name}"`)).rows[0].c);
      out.set(x.name, { table: x.tbl, bytes: Number(x.bytes), rows: count });
    }
  } finally {
    await client.end();
  }
  return out;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'auditready-nhi-footprint-'));
const name = `auditready_nhi_fp_${Date.now().toString(36)}`;
let url: string | undefined;
const admin = async (q: string) => {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
};
try {
  const report = path.join(dir, 'report.csv');
  await writeGeneratedCredentialReport(report, rows);
  if (dialect === 'postgres') {
    await admin(`create database ${name}`);
    const u = new URL(ADMIN_URL);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const dataDir = path.join(dir, 'store');
  const database = await openDatabase({ dataDir, databaseUrl: url });
  await initializeInstallation(database, { type: 'system', id: 'bench', label: 'bench' }, 'NHI footprint');
  await database.close();
  const { DATABASE_URL: _d, ...env } = process.env;
  const before = await sizes(dataDir, url);
  const result = await child(report, dataDir, url ? { ...env, DATABASE_URL: url } : env);
  const after = await sizes(dataDir, url);
  const lines = [...after]
    .map(([n, a]) => ({
      n,
      t: a.table,
      bytes: a.bytes - (before.get(n)?.bytes ?? 0),
      rows: a.rows - (before.get(n)?.rows ?? 0),
    }))
    .filter((x) => x.bytes > 0 || x.rows > 0)
    .sort((a, b) => b.bytes - a.bytes);
  const total = lines.reduce((a, x) => a + x.bytes, 0);
  console.log(
    `${dialect}, ${rows} report rows: ${JSON.parse(result.trim().split('\n').pop()!).ms.toFixed(0)} ms`,
  );
  console.log('| b-tree (table / index) | of table | rows per report row | bytes per report row |');
  for (const x of lines)
    console.log(
      `| ${x.n} | ${x.t === x.n ? '' : x.t} | ${x.t === x.n ? (x.rows / rows).toFixed(2) : ''} | ${Math.round(x.bytes / rows)} |`,
    );
  console.log(
    `| total | | ${(lines.reduce((a, x) => a + x.rows, 0) / rows).toFixed(2)} | ${Math.round(total / rows)} |`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
  if (url) await admin(`drop database if exists ${name} with (force)`);
}
