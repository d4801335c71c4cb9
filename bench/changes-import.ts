/**
 * Change import benchmark (issue 16): a generated repository export of N
 * pull requests (each with its reviews and two check runs) and D production
 * deployments (each with a staging one and their statuses), imported into a
 * fresh SQLite store through `importChanges` (parse, upsert, derive releases
 * and changes, rules, evidence, ledger) against a raw baseline in the same
 * run: the same files parsed with JSON.parse and the same fact rows written
 * with multi-row INSERTs (2,000 parameters each) in one transaction into
 * plain tables. The import runs in a child process
 * (bench/changes-import-child.ts) that reports its own time and peak RSS,
 * so the memory figure is the import's and not that of this process, which
 * generated the export in memory. SQLite only (the PostgreSQL COPY
 * comparison is not built yet).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import type { Actor } from '../src/core/ledger/chain.js';
import { generateGithubChanges } from '../src/importers/changes/generator.js';
import { initializeInstallation } from '../src/modules/installation/initialize.js';
import { openDatabase } from '../src/platform/db/database.js';
import { time } from './measure.js';
import { addRow, ms } from './table.js';

const ACTOR: Actor = { type: 'system', id: 'bench', label: 'bench' };
const n = (x: number) => Math.round(x).toLocaleString('en-US');

const CHILD = fileURLToPath(new URL('./changes-import-child.ts', import.meta.url));

/** What the child import reported. */
interface ChildImport {
  ms: number;
  peakMiB: number;
  status: string;
  counts: Record<string, number>;
}

/** Runs the import in a child process and returns what it reported. */
function importInChild(exportDir: string, dataDir: string, at: string): Promise<ChildImport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, exportDir, dataDir, at], {
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

export function rawInsert(dir: string, file: string): number {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.exec(`create table pulls (number integer primary key, title text, author text, merged_at text, merge_sha text, head_sha text, base_ref text, labels text, url text, reviews text, checks text);
    create table commits (sha text primary key, seq integer, author text, email text, committed_at text, message text, parents text);
    create table deployments (id text primary key, environment text, sha text, deployed_at text, state text)`);
  type Row = unknown[];
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
    // biome-ignore lint/suspicious/noExplicitAny: raw baseline over GitHub's JSON
    const pulls = pages(readFileSync(path.join(dir, 'pulls.json'), 'utf8')) as any[];
    const rows = pulls
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
      ]);
    insert('pulls', 11, rows);
    // biome-ignore lint/suspicious/noExplicitAny: raw baseline over GitHub's JSON
    const commits = pages(readFileSync(path.join(dir, 'commits.json'), 'utf8')) as any[];
    insert(
      'commits',
      7,
      commits.map((c, i) => [
        c.sha,
        i,
        c.author.login,
        c.commit.author.email,
        c.commit.author.date,
        c.commit.message,
        JSON.stringify(c.parents.map((p: { sha: string }) => p.sha)),
      ]),
    );
    // biome-ignore lint/suspicious/noExplicitAny: raw baseline over GitHub's JSON
    const deployments = pages(readFileSync(path.join(dir, 'deployments.json'), 'utf8')) as any[];
    insert(
      'deployments',
      5,
      deployments.map((d) => {
        const statuses = JSON.parse(
          readFileSync(path.join(dir, 'deployment-statuses', `${d.id}.json`), 'utf8'),
        );
        return [String(d.id), d.environment, d.sha, d.created_at, statuses[0]?.state ?? null];
      }),
    );
    count = rows.length + commits.length + deployments.length;
  })();
  db.close();
  return count;
}

export async function benchChangesImport(options: { pulls: number; deployments: number }): Promise<void> {
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
    const raw = await time(async () => rawInsert(exportDir, path.join(dir, 'raw.sqlite')));
    const dataDir = path.join(dir, 'store');
    mkdirSync(dataDir);
    const database = await openDatabase({ dataDir });
    try {
      await initializeInstallation(database, ACTOR, 'Changes bench');
    } finally {
      await database.close();
    }
    const imported = await importInChild(exportDir, dataDir, '2026-12-01');
    const c = imported.counts;
    const ratio = raw.ms / imported.ms;
    const label = `${n(options.pulls)} PRs, ${n(options.deployments)} deployments`;
    addRow({
      benchmark: `changes import vs raw multi-row insert (sqlite, ${label})`,
      figure: ms(imported.ms),
      baseline: ms(raw.ms),
      ratio: `${((imported.ms / raw.ms) * 100).toFixed(0)}% of the time`,
      target: '≤ 125% of the time',
      met: imported.ms <= raw.ms * 1.25,
    });
    addRow({
      benchmark: `changes import peak RSS (sqlite, ${label}, the importing process)`,
      figure: `${imported.peakMiB.toFixed(0)} MiB`,
      baseline: '—',
      ratio: '—',
      target: '≤ 256 MiB',
      met: imported.peakMiB <= 256,
    });
    console.log(
      `[changes] ${readdirSync(exportDir).length} entries; raw ${n(raw.value)} rows in ${ms(raw.ms)}; import ${ms(imported.ms)}: ` +
        `${n(c.pulls!)} PRs, ${n(c.reviews!)} reviews, ${n(c.checkRuns!)} check runs, ${n(c.commits!)} commits, ${n(c.deployments!)} deployments → ` +
        `${n(c.releases!)} releases, ${n(c.changes!)} changes, ${n(c.findingsOpened!)} findings (raw/import ${(ratio * 100).toFixed(0)}%)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
