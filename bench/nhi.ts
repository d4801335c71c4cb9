/**
 * NHI import benchmark (issue 6 item 9). Generates a credential report of
 * `rows` rows, a gitleaks report of `gitleaksMiB` MiB and a small
 * trufflehog report linking to the report's keys, then on each engine:
 * times a raw load of the same report rows (SQLite: read + parse with the
 * importer's CSV reader + one prepared insert per row into a plain table,
 * one transaction; PostgreSQL: `COPY … FROM STDIN` of the file), imports the
 * files into a fresh store, each in a child process that reports its own
 * peak RSS, imports the report again (unchanged), and verifies the hash
 * chain (`--no-trufflehog` and `--no-verify` skip those two steps, each of
 * which costs minutes at a million rows). Prints figures, asserts nothing.
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Actor } from '../src/core/ledger/chain.js';
import { readCsvRows } from '../src/importers/csv/read-csv.js';
import { CREDENTIAL_REPORT_COLUMNS } from '../src/importers/nhi/aws-credential-report.js';
import { initializeInstallation } from '../src/modules/installation/initialize.js';
import { openDatabase } from '../src/platform/db/database.js';
import { bundledChild } from './child-bundle.js';
import {
  REPORT_DAY,
  writeChangedCredentialReport,
  writeGeneratedCredentialReport,
  writeGeneratedGitleaksReport,
  writeGeneratedTrufflehogReport,
} from './generate-nhi.js';
import { time } from './measure.js';
import { addRow } from './table.js';

const ADMIN_URL = process.env.AUDITREADY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ACTOR: Actor = { type: 'system', id: 'bench', label: 'bench' };
const CHILD = fileURLToPath(new URL('./nhi-import-child.ts', import.meta.url));
const CLI = fileURLToPath(new URL('../bin/auditready', import.meta.url));
const MEMORY_TARGET_MIB = 256;
/** The day of the second credential report (one row in twenty changed). */
const CHANGED_DAY = '2026-11-29';

/** What one child import reported. */
interface ChildImport {
  ms: number;
  cpuMs: number;
  peakMiB: number;
  restMiB: number;
  status: string;
  counts: Record<string, number>;
}

/** Runs a command and resolves with its standard output; rejects with its standard error on failure. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else
        reject(
          new Error(
            `${path.basename(args[2] ?? command)} exited ${code}: ${Buffer.concat(err).toString('utf8')}`,
          ),
        );
    });
  });
}

async function importInChild(
  kind: string,
  file: string,
  dataDir: string,
  env: NodeJS.ProcessEnv,
  at = REPORT_DAY,
): Promise<ChildImport> {
  const out = await run(process.execPath, [await bundledChild(CHILD), kind, file, dataDir, at], env);
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as ChildImport;
}

/** Raw SQLite load: the importer's CSV reader, one prepared INSERT per row into a plain table, one transaction. */
async function rawSqlite(file: string, dir: string): Promise<void> {
  const native = new SQLite(path.join(dir, 'raw.sqlite'));
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = FULL');
  native.exec(
    `create table credential_report (${CREDENTIAL_REPORT_COLUMNS.map((c) => `"${c}" text`).join(', ')})`,
  );
  const insert = native.prepare(
    `insert into credential_report values (${CREDENTIAL_REPORT_COLUMNS.map(() => '?').join(', ')})`,
  );
  native.exec('begin');
  for await (const row of readCsvRows(createReadStream(file), path.basename(file))) {
    if (row.line !== 1) insert.run(row.fields);
  }
  native.exec('commit');
  native.close();
}

/** Raw PostgreSQL load: the file through `COPY … FROM STDIN (FORMAT csv, HEADER)` into a plain table. */
async function rawPostgres(file: string, url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create schema bench_raw');
    await client.query(
      `create table bench_raw.credential_report (${CREDENTIAL_REPORT_COLUMNS.map((c) => `"${c}" text`).join(', ')})`,
    );
    await client.query('begin');
    await pipeline(
      createReadStream(file),
      client.query(copyFrom('copy bench_raw.credential_report from stdin with (format csv, header true)')),
    );
    await client.query('commit');
  } finally {
    await client.query('drop schema if exists bench_raw cascade').catch(() => undefined);
    await client.end();
  }
}

/** Rows and bytes a store holds: every table's row count, and the SQLite file (checkpointed) or PostgreSQL's relations. */
async function footprint(
  dataDir: string,
  url: string | undefined,
): Promise<{ rows: number; bytes: number; tables: Record<string, { rows: number; bytes: number }> }> {
  const tables: Record<string, { rows: number; bytes: number }> = {};
  if (!url) {
    const native = new SQLite(path.join(dataDir, 'auditready.sqlite'));
    try {
      native.pragma('wal_checkpoint(TRUNCATE)');
      const names = native
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
        .pluck()
        .all() as string[];
      for (const t of names) {
        const count = native.prepare(`select count(*) from "${t}"`).pluck().get() as number;
        tables[t] = { rows: count, bytes: 0 };
      }
      const pages = native.pragma('page_count', { simple: true }) as number;
      const size = native.pragma('page_size', { simple: true }) as number;
      const rows = Object.values(tables).reduce((a, t) => a + t.rows, 0);
      return { rows, bytes: pages * size, tables };
    } finally {
      native.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const names = await client.query<{ t: string; bytes: string }>(
      "select tablename as t, pg_total_relation_size(quote_ident(tablename)) as bytes from pg_tables where schemaname = 'public'",
    );
    for (const { t, bytes } of names.rows) {
      const count = await client.query<{ c: string }>(`select count(*) as c from "${t}"`);
      tables[t] = { rows: Number(count.rows[0]!.c), bytes: Number(bytes) };
    }
    const rows = Object.values(tables).reduce((a, t) => a + t.rows, 0);
    const bytes = Object.values(tables).reduce((a, t) => a + t.bytes, 0);
    return { rows, bytes, tables };
  } finally {
    await client.end();
  }
}

/** What an import added to the store, per report row: rows, bytes, and the tables that grew most. */
function growth(
  before: Awaited<ReturnType<typeof footprint>>,
  after: Awaited<ReturnType<typeof footprint>>,
  rows: number,
): string {
  const grown = Object.entries(after.tables)
    .map(([t, v]) => ({
      t,
      rows: v.rows - (before.tables[t]?.rows ?? 0),
      bytes: v.bytes - (before.tables[t]?.bytes ?? 0),
    }))
    .filter((g) => g.rows > 0)
    .sort((a, b) => b.rows - a.rows)
    .map((g) => `${g.t} ${(g.rows / rows).toFixed(2)}${g.bytes > 0 ? ` (${n(g.bytes / rows)} B)` : ''}`)
    .join(', ');
  return (
    `${((after.rows - before.rows) / rows).toFixed(1)} rows and ${n((after.bytes - before.bytes) / rows)} bytes per report row ` +
    `(per report row: ${grown})`
  );
}

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (x: number) => `${x.toFixed(0)} MiB`;

/** The whole NHI benchmark on the given engines (see the module comment). */
export async function benchNhi(options: {
  rows: number;
  gitleaksMiB: number;
  dbs: ('sqlite' | 'postgres')[];
  /** Skip the trufflehog import (at a million rows: one more whole re-evaluation). */
  trufflehog?: boolean;
  /** Skip `auditready verify` (at a million rows: minutes of re-hashing). */
  verify?: boolean;
}): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'auditready-bench-nhi-'));
  try {
    const report = path.join(dir, 'credential-report.csv');
    const gitleaks = path.join(dir, 'gitleaks.json');
    const trufflehog = path.join(dir, 'trufflehog.jsonl');
    const changed = path.join(dir, 'credential-report-changed.csv');
    const generated = await time(async () => {
      const mix = await writeGeneratedCredentialReport(report, options.rows);
      await writeChangedCredentialReport(report, changed, 20, CHANGED_DAY);
      const leaks = await writeGeneratedGitleaksReport(gitleaks, options.gitleaksMiB, options.rows);
      const verified = await writeGeneratedTrufflehogReport(
        trufflehog,
        Math.max(10, Math.floor(options.rows / 100)),
        options.rows,
      );
      return { mix, leaks, verified };
    });
    const { mix, leaks, verified } = generated.value;
    console.log(
      `[nhi] generated in ${s(generated.ms)}: credential report ${n(mix.rows)} rows (${mib(mix.bytes / 2 ** 20)}; ` +
        `${n(mix.identities)} identities: ${n(mix.accessKeys)} access keys, ${n(mix.usersWithTwoKeys)} users with two active keys, ` +
        `${n(mix.staleKeys)} keys rotated > 90 days ago, ${n(mix.unusedKeys)} unused > 45 days or never, ` +
        `${n(mix.consolePasswords)} console passwords, ${n(mix.people)} people); ` +
        `gitleaks ${n(leaks.findings)} findings (${mib(leaks.bytes / 2 ** 20)}, ${Object.keys(leaks.rules).length} rule ids, ${n(leaks.awsKeys)} AWS keys); ` +
        `trufflehog ${n(verified.findings)} verified AWS keys naming report users`,
    );
    for (const dialect of options.dbs) {
      await benchOne(dialect, dir, { report, changed, gitleaks, trufflehog }, mix.rows, leaks, {
        trufflehog: options.trufflehog !== false,
        verify: options.verify !== false,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchOne(
  dialect: 'sqlite' | 'postgres',
  dir: string,
  files: { report: string; changed: string; gitleaks: string; trufflehog: string },
  rows: number,
  leaks: { findings: number; bytes: number },
  steps: { trufflehog: boolean; verify: boolean },
): Promise<void> {
  const tag = `[nhi/${dialect}]`;
  const dataDir = mkdtempSync(path.join(dir, `store-${dialect}-`));
  const name = `auditready_bench_nhi_${Date.now().toString(36)}`;
  let url: string | undefined;
  if (dialect === 'postgres') {
    await adminQuery(`create database ${name}`);
    const u = new URL(ADMIN_URL);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  try {
    const raw = await time(async () => {
      if (dialect === 'sqlite') await rawSqlite(files.report, dataDir);
      else await rawPostgres(files.report, url!);
    });
    rmSync(path.join(dataDir, 'raw.sqlite'), { force: true });
    rmSync(path.join(dataDir, 'raw.sqlite-wal'), { force: true });
    rmSync(path.join(dataDir, 'raw.sqlite-shm'), { force: true });
    const database = await openDatabase({ dataDir, databaseUrl: url });
    await initializeInstallation(database, ACTOR, 'NHI bench');
    await database.close();
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const env: NodeJS.ProcessEnv = url ? { ...inherited, DATABASE_URL: url } : inherited;

    const empty = await footprint(dataDir, url);
    const first = await importInChild('aws-credential-report', files.report, dataDir, env);
    const imported = await footprint(dataDir, url);
    const stored = (imported.bytes - empty.bytes) / rows;
    const rawRate = rows / (raw.ms / 1000);
    const importRate = rows / (first.ms / 1000);
    const ratio = raw.ms / first.ms;
    // Issue 20's targets: a fifth of a raw prepared insert on SQLite, a twentieth of COPY on PostgreSQL.
    const target = dialect === 'sqlite' ? 0.2 : 0.05;
    const c = first.counts;
    const rawName = dialect === 'sqlite' ? 'raw prepared insert' : 'raw COPY';
    addRow({
      benchmark: `NHI import vs ${rawName} (${dialect}, ${n(rows)} rows)`,
      figure: `${n(importRate)} rows/s`,
      baseline: `${n(rawRate)} rows/s`,
      ratio: `${(ratio * 100).toFixed(1)}%`,
      target: `≥ ${target * 100}%`,
      met: ratio >= target,
    });
    addRow({
      benchmark: `NHI import peak RSS (${dialect}, ${n(rows)} rows)`,
      figure: mib(first.peakMiB),
      baseline: `${mib(first.restMiB)} at rest`,
      ratio: '—',
      target: `≤ ${MEMORY_TARGET_MIB} MiB`,
      met: first.peakMiB <= MEMORY_TARGET_MIB,
    });
    console.log(
      `${tag} ${n(rows)}-row credential report: ${rawName} ${s(raw.ms)} (${n(rawRate)} rows/s); ` +
        `import ${s(first.ms)} (${n(importRate)} rows/s, ${s(first.cpuMs)} CPU); import/raw ${(ratio * 100).toFixed(1)}% (target ≥ ${target * 100}%) ${ratio >= target ? 'OK' : 'MISSED'}`,
    );
    console.log(
      `${tag}   wrote ${n(c.identities ?? 0)} identities, ${n(c.events ?? 0)} lifecycle events, ${n(c.findingsOpened ?? 0)} findings opened; ` +
        `peak RSS ${mib(first.peakMiB)} (${mib(first.restMiB)} at rest) (target ≤ ${MEMORY_TARGET_MIB} MiB) ${first.peakMiB <= MEMORY_TARGET_MIB ? 'OK' : 'MISSED'}`,
    );
    console.log(`${tag}   store grew by ${growth(empty, imported, rows)}`);
    addRow({
      benchmark: `NHI import bytes stored per report row (${dialect}, ${n(rows)} rows)`,
      figure: `${n(stored)} B`,
      baseline: `${((imported.rows - empty.rows) / rows).toFixed(1)} rows per report row`,
      ratio: '—',
      target: '≤ 4,096 B',
      met: stored <= 4096,
    });
    const again = await importInChild('aws-credential-report', files.report, dataDir, env);
    console.log(`${tag}   same report again: ${again.status} in ${s(again.ms)}`);
    const changed = await importInChild('aws-credential-report', files.changed, dataDir, env, CHANGED_DAY);
    const after = await footprint(dataDir, url);
    const changedRatio = changed.ms / first.ms;
    addRow({
      benchmark: `NHI re-import, 5% of rows changed (${dialect}, ${n(rows)} rows)`,
      figure: s(changed.ms),
      baseline: `first import ${s(first.ms)}`,
      ratio: `${(changedRatio * 100).toFixed(1)}%`,
      target: '≤ 25%',
      met: changedRatio <= 0.25,
    });
    console.log(
      `${tag}   report with 5% of rows changed: ${changed.status} in ${s(changed.ms)} (${s(changed.cpuMs)} CPU), ` +
        `${(changedRatio * 100).toFixed(1)}% of the first import (target ≤ 25%); ${n(changed.counts.events ?? 0)} events; ` +
        `store grew by ${growth(imported, after, rows)}; peak RSS ${mib(changed.peakMiB)}`,
    );
    const gl = await importInChild('gitleaks', files.gitleaks, dataDir, env);
    console.log(
      `${tag} gitleaks ${n(leaks.findings)} findings (${mib(leaks.bytes / 2 ** 20)}): ${s(gl.ms)} ` +
        `(${(leaks.bytes / 2 ** 20 / (gl.ms / 1000)).toFixed(1)} MiB/s, ${n(leaks.findings / (gl.ms / 1000))} findings/s, whole inventory re-evaluated); ` +
        `peak RSS ${mib(gl.peakMiB)} ${gl.peakMiB <= MEMORY_TARGET_MIB ? 'OK' : 'MISSED'}`,
    );
    if (steps.trufflehog) {
      const th = await importInChild('trufflehog', files.trufflehog, dataDir, env);
      console.log(
        `${tag} trufflehog ${n(th.counts.leaks ?? 0)} verified keys: ${s(th.ms)}, ${n(th.counts.findingsOpened ?? 0)} findings opened; ` +
          `peak RSS ${mib(th.peakMiB)} ${th.peakMiB <= MEMORY_TARGET_MIB ? 'OK' : 'MISSED'}`,
      );
    }
    if (steps.verify) {
      const verify = await time(() => run(process.execPath, [CLI, 'verify', '--data', dataDir], env));
      console.log(`${tag} verify: ${verify.value.trim()} in ${s(verify.ms)}`);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (url) await adminQuery(`drop database if exists ${name} with (force)`);
  }
}
