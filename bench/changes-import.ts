/**
 * Change import benchmark (issue 16): a generated repository export of N
 * pull requests (each with its reviews and two check runs) and D production
 * deployments (each with a staging one and their statuses), imported into a
 * fresh store through `importChanges` (read, upsert, derive releases and
 * changes, rules, evidence, ledger) against a raw baseline in the same run
 * on the same engine: the same files read and parsed with JSON.parse, the
 * same fact rows and the same derived rows (the releases and changes the
 * import stored, read back from its store before the baseline's clock
 * starts) written into plain tables in one transaction, with multi-row
 * INSERTs of 2,000 parameters on SQLite and with `COPY … FROM STDIN` (CSV,
 * pg-copy-streams) on PostgreSQL. What the import stores beyond these rows
 * (one repository row, one import row, its few findings with their links
 * and ledger entries, four evidence rows, one ledger entry) is not in the
 * baseline: a handful of rows, each written through the ledger's hash chain,
 * which is the import's own work. The import runs in a child process
 * (bench/changes-import-child.ts) that reports its own time and peak RSS, so
 * the memory figure is the import's and not that of this process, which
 * generated the export in memory. Each engine runs ROUNDS rounds, each an
 * import into a fresh store then the baseline; the figures are the medians.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Actor } from '../src/core/ledger/chain.js';
import { generateGithubChanges } from '../src/importers/changes/generator.js';
import { initializeInstallation } from '../src/modules/installation/initialize.js';
import { openDatabase } from '../src/platform/db/database.js';
import { bundledChild } from './child-bundle.js';
import { median, time } from './measure.js';
import { addRow, ms } from './table.js';

const ADMIN_URL = process.env.AUDITREADY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ACTOR: Actor = { type: 'system', id: 'bench', label: 'bench' };
const n = (x: number) => Math.round(x).toLocaleString('en-US');

const CHILD = fileURLToPath(new URL('./changes-import-child.ts', import.meta.url));

/** What the child import reported. */
interface ChildImport {
  ms: number;
  /** The import process's CPU time (user + system): on SQLite all of the import's work, whatever the load. */
  cpuMs: number;
  peakMiB: number;
  status: string;
  counts: Record<string, number>;
}

/** Runs the import in a child process and returns what it reported. */
async function importInChild(
  exportDir: string,
  dataDir: string,
  at: string,
  url: string | undefined,
): Promise<ChildImport> {
  const script = await bundledChild(CHILD);
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = url ? { ...inherited, DATABASE_URL: url } : inherited;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, exportDir, dataDir, at], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as ChildImport);
      else reject(new Error(`changes-import-child exited ${code}: ${Buffer.concat(err).toString('utf8')}`));
    });
  });
}

/** `[…][…]` pages as one list. */
function pages(text: string): unknown[] {
  return JSON.parse(`[${text.replace(/\]\s*\[/g, '],[')}]`).flat();
}

/** The fact tables of the raw baseline: name and columns (all the same on both engines). */
const RAW_TABLES = {
  pulls: [
    'number',
    'title',
    'author',
    'merged_at',
    'merge_sha',
    'head_sha',
    'base_ref',
    'labels',
    'url',
    'reviews',
    'checks',
  ],
  commits: ['sha', 'seq', 'author', 'email', 'committed_at', 'message', 'parents'],
  deployments: ['id', 'environment', 'sha', 'deployed_at', 'state'],
  releases: [
    'id',
    'org_id',
    'repository_id',
    'key',
    'source',
    'external_id',
    'environment',
    'sha',
    'deployed_at',
    'name',
    'change_count',
    'empty_reason',
  ],
  changes: [
    'id',
    'org_id',
    'repository_id',
    'key',
    'kind',
    'ref',
    'label',
    'title',
    'author',
    'occurred_at',
    'sha',
    'emergency',
    'approval',
    'approvers',
    'checks',
    'release_id',
  ],
} as const;
type RawTable = keyof typeof RAW_TABLES;
type Row = (string | number | null)[];

/** The rows the import derived (releases and changes), read back from its store: the baseline writes them too. */
type Derived = Record<'releases' | 'changes', Row[]>;

/** Rounds per engine (import into a fresh store, then the baseline); the figures are the medians. */
const ROUNDS = 3;

/**
 * The raw baseline's rows of each table: the facts from the export's files read with readFileSync and
 * JSON.parse, the derived rows as the import stored them.
 */
function rawRows(dir: string, derived: Derived): Record<RawTable, Row[]> {
  // biome-ignore lint/suspicious/noExplicitAny: raw baseline over GitHub's JSON
  const pulls = pages(readFileSync(path.join(dir, 'pulls.json'), 'utf8')) as any[];
  // biome-ignore lint/suspicious/noExplicitAny: raw baseline over GitHub's JSON
  const commits = pages(readFileSync(path.join(dir, 'commits.json'), 'utf8')) as any[];
  // biome-ignore lint/suspicious/noExplicitAny: raw baseline over GitHub's JSON
  const deployments = pages(readFileSync(path.join(dir, 'deployments.json'), 'utf8')) as any[];
  return {
    pulls: pulls
      .filter((p) => p.merged_at)
      .map((p) => [
        p.number,
        p.title,
        p.user.login,
        p.merged_at,
        p.merge_commit_sha,
        p.head.sha,
        p.base.ref,
        JSON.stringify(p.labels.map((l: { name: string }) => l.name)),
        p.html_url,
        JSON.stringify(JSON.parse(readFileSync(path.join(dir, 'reviews', `${p.number}.json`), 'utf8'))),
        JSON.stringify(
          JSON.parse(readFileSync(path.join(dir, 'check-runs', `${p.head.sha}.json`), 'utf8')).check_runs,
        ),
      ]),
    commits: commits.map((c, i) => [
      c.sha,
      i,
      c.author.login,
      c.commit.author.email,
      c.commit.author.date,
      c.commit.message,
      JSON.stringify(c.parents.map((p: { sha: string }) => p.sha)),
    ]),
    deployments: deployments.map((d) => {
      const statuses = JSON.parse(
        readFileSync(path.join(dir, 'deployment-statuses', `${d.id}.json`), 'utf8'),
      );
      return [String(d.id), d.environment, d.sha, d.created_at, statuses[0]?.state ?? null];
    }),
    releases: derived.releases,
    changes: derived.changes,
  };
}

const rowCount = (rows: Record<RawTable, Row[]>) =>
  Object.values(rows).reduce((sum, list) => sum + list.length, 0);

/** The releases and changes an import stored, as rows in the baseline's column order. */
async function derivedRows(dataDir: string, url: string | undefined): Promise<Derived> {
  const database = await openDatabase({ dataDir, databaseUrl: url });
  try {
    const db = database.db;
    const releases = await db
      .selectFrom('releases')
      .selectAll()
      .orderBy('deployed_at')
      .orderBy('id')
      .execute();
    const changes = await db.selectFrom('changes').selectAll().orderBy('occurred_at').orderBy('id').execute();
    const pick = (row: Record<string, unknown>, columns: readonly string[]): Row =>
      columns.map((c) => {
        const v = row[c];
        return v === null || v === undefined ? null : typeof v === 'number' ? v : String(v);
      });
    return {
      releases: releases.map((r) => pick(r, RAW_TABLES.releases)),
      changes: changes.map((c) => pick(c, RAW_TABLES.changes)),
    };
  } finally {
    await database.close();
  }
}

/** SQLite baseline: the export read, its rows written with multi-row INSERTs (2,000 parameters) in one transaction. */
export function rawInsert(dir: string, file: string, derived: Derived): number {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.exec(`create table pulls (number integer primary key, title text, author text, merged_at text, merge_sha text, head_sha text, base_ref text, labels text, url text, reviews text, checks text);
    create table commits (sha text primary key, seq integer, author text, email text, committed_at text, message text, parents text);
    create table deployments (id text primary key, environment text, sha text, deployed_at text, state text);
    ${DERIVED_TABLES('')}`);
  const insert = (table: string, columns: number, rows: Row[]) => {
    const per = Math.floor(2000 / columns);
    const tuple = `(${Array.from({ length: columns }, () => '?').join(',')})`;
    for (let i = 0; i < rows.length; i += per) {
      const chunk = rows.slice(i, i + per);
      db.prepare(`insert into ${table} values ${chunk.map(() => tuple).join(',')}`).run(...chunk.flat());
    }
  };
  let count = 0;
  db.transaction(() => {
    const rows = rawRows(dir, derived);
    for (const table of Object.keys(RAW_TABLES) as RawTable[])
      insert(table, RAW_TABLES[table].length, rows[table]);
    count = rowCount(rows);
  })();
  db.close();
  return count;
}

/** The baseline's tables of the derived rows: the import's columns, each table with its primary key. */
const DERIVED_TABLES = (schema: string) =>
  `create table ${schema}releases (id text primary key, org_id text, repository_id text, key text, source text, external_id text, environment text, sha text, deployed_at text, name text, change_count integer, empty_reason text);
   create table ${schema}changes (id text primary key, org_id text, repository_id text, key text, kind text, ref text, label text, title text, author text, occurred_at text, sha text, emergency integer, approval text, approvers text, checks text, release_id text)`;

/** One CSV field (COPY's CSV format: NULL is an unquoted empty field, text is always quoted). */
const csvField = (v: string | number | null) =>
  v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replaceAll('"', '""')}"`;

/** PostgreSQL baseline: the export read, its rows written with `COPY … FROM STDIN` (CSV) in one transaction. */
export async function rawCopy(dir: string, url: string, derived: Derived): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create schema bench_raw');
    await client.query(`create table bench_raw.pulls (number integer primary key, title text, author text, merged_at text, merge_sha text, head_sha text, base_ref text, labels text, url text, reviews text, checks text);
      create table bench_raw.commits (sha text primary key, seq integer, author text, email text, committed_at text, message text, parents text);
      create table bench_raw.deployments (id text primary key, environment text, sha text, deployed_at text, state text);
      ${DERIVED_TABLES('bench_raw.')}`);
    await client.query('begin');
    const rows = rawRows(dir, derived);
    for (const table of Object.keys(RAW_TABLES) as RawTable[]) {
      const lines = function* () {
        for (const row of rows[table]) yield `${row.map(csvField).join(',')}\n`;
      };
      await pipeline(
        Readable.from(lines()),
        client.query(
          copyFrom(`copy bench_raw.${table} (${RAW_TABLES[table].join(', ')}) from stdin with (format csv)`),
        ),
      );
    }
    await client.query('commit');
    return rowCount(rows);
  } finally {
    await client.query('drop schema if exists bench_raw cascade').catch(() => undefined);
    await client.end();
  }
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

export async function benchChangesImport(options: {
  pulls: number;
  deployments: number;
  dbs: readonly ('sqlite' | 'postgres')[];
}): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'auditready-bench-changes-'));
  try {
    const exportDir = path.join(dir, 'export');
    const { files } = generateGithubChanges({
      seed: 11,
      repository: 'example-org/bench-service',
      pulls: options.pulls,
      deployments: options.deployments,
      start: '2024-01-01',
      violations: true,
    });
    for (const [name, content] of files) {
      mkdirSync(path.dirname(path.join(exportDir, name)), { recursive: true });
      writeFileSync(path.join(exportDir, name), content);
    }
    for (const dialect of options.dbs) await benchOne(dialect, dir, exportDir, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One round on one engine: the import into a fresh store, then the baseline of the same rows. */
async function round(
  dialect: 'sqlite' | 'postgres',
  dir: string,
  exportDir: string,
): Promise<{ imported: ChildImport; raw: { value: number; ms: number; cpuMs: number }; load: number }> {
  const dataDir = mkdtempSync(path.join(dir, `store-${dialect}-`));
  const name = `auditready_bench_changes_${Date.now().toString(36)}`;
  let url: string | undefined;
  if (dialect === 'postgres') {
    await adminQuery(`create database ${name}`);
    const u = new URL(ADMIN_URL);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  try {
    const database = await openDatabase({ dataDir, databaseUrl: url });
    try {
      await initializeInstallation(database, ACTOR, 'Changes bench');
    } finally {
      await database.close();
    }
    const load = os.loadavg()[0]!;
    const imported = await importInChild(exportDir, dataDir, '2026-12-01', url);
    const derived = await derivedRows(dataDir, url);
    const cpuBefore = process.cpuUsage();
    const raw = await time(async () =>
      url ? rawCopy(exportDir, url, derived) : rawInsert(exportDir, path.join(dir, 'raw.sqlite'), derived),
    );
    const cpu = process.cpuUsage(cpuBefore);
    return { imported, raw: { ...raw, cpuMs: (cpu.user + cpu.system) / 1000 }, load };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(path.join(dir, 'raw.sqlite'), { force: true });
    rmSync(path.join(dir, 'raw.sqlite-wal'), { force: true });
    rmSync(path.join(dir, 'raw.sqlite-shm'), { force: true });
    if (url) await adminQuery(`drop database if exists ${name}`).catch(() => undefined);
  }
}

/** The import and the raw baseline on one engine, ROUNDS rounds in the same run; medians reported. */
async function benchOne(
  dialect: 'sqlite' | 'postgres',
  dir: string,
  exportDir: string,
  options: { pulls: number; deployments: number },
): Promise<void> {
  const rounds = [];
  for (let i = 0; i < ROUNDS; i++) {
    const r = await round(dialect, dir, exportDir);
    rounds.push(r);
    console.log(
      `[changes/${dialect}] round ${i + 1}: import ${ms(r.imported.ms)}, raw ${ms(r.raw.ms)} (${((r.imported.ms / r.raw.ms) * 100).toFixed(0)}%); ` +
        `CPU import ${ms(r.imported.cpuMs)}, raw ${ms(r.raw.cpuMs)} (${((r.imported.cpuMs / r.raw.cpuMs) * 100).toFixed(0)}%); peak RSS ${r.imported.peakMiB.toFixed(0)} MiB, load ${r.load.toFixed(1)}`,
    );
  }
  const importMs = median(rounds.map((r) => r.imported.ms));
  const rawMs = median(rounds.map((r) => r.raw.ms));
  const importCpu = median(rounds.map((r) => r.imported.cpuMs));
  const rawCpu = median(rounds.map((r) => r.raw.cpuMs));
  const peakMiB = Math.max(...rounds.map((r) => r.imported.peakMiB));
  const load = `${Math.min(...rounds.map((r) => r.load)).toFixed(1)}–${Math.max(...rounds.map((r) => r.load)).toFixed(1)}`;
  const c = rounds[0]!.imported.counts;
  const label = `${n(options.pulls)} PRs, ${n(options.deployments)} deployments`;
  const [rawName, target] = dialect === 'sqlite' ? ['raw multi-row insert', 1.25] : ['COPY', 1.1];
  addRow({
    benchmark: `changes import vs ${rawName} (${dialect}, ${label}, median of ${ROUNDS}, load ${load})`,
    figure: ms(importMs),
    baseline: ms(rawMs),
    ratio: `${((importMs / rawMs) * 100).toFixed(0)}% of the time`,
    target: `≤ ${(target * 100).toFixed(0)}% of the time`,
    met: importMs <= rawMs * target,
  });
  addRow({
    benchmark: `changes import peak RSS (${dialect}, ${label}, the importing process, highest of ${ROUNDS})`,
    figure: `${peakMiB.toFixed(0)} MiB`,
    baseline: '—',
    ratio: '—',
    target: '≤ 256 MiB',
    met: peakMiB <= 256,
  });
  console.log(
    `[changes/${dialect}] ${readdirSync(exportDir).length} entries; ${rawName} ${n(rounds[0]!.raw.value)} rows in ${ms(rawMs)} (median); import ${ms(importMs)} (median): ` +
      `${n(c.pulls!)} PRs, ${n(c.reviews!)} reviews, ${n(c.checkRuns!)} check runs, ${n(c.commits!)} commits, ${n(c.deployments!)} deployments → ` +
      `${n(c.releases!)} releases, ${n(c.changes!)} changes, ${n(c.findingsOpened!)} findings (import/raw ${((importMs / rawMs) * 100).toFixed(0)}%, load average ${load}); ` +
      // Under a shared machine's load wall times move with the scheduler; on SQLite every step of both runs is
      // in their own process, so their CPU time (user + system) is the work each did. On PostgreSQL most of
      // the baseline's work is the server's, which this does not count.
      `CPU time import ${ms(importCpu)} vs raw ${ms(rawCpu)} (${((importCpu / rawCpu) * 100).toFixed(0)}%, medians)`,
  );
}
