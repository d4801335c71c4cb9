// The fault-injection harness (docs/decisions/0016-fault-injection.md): a real `auditready serve` child
// process on its own store, a client that records every write the server acknowledged, SIGKILL at seeded
// random moments, and the checks that must hold after any crash.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { BIN, runCli } from '../cli.js';
import type { TestStore } from '../database.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');

// ─── seeded randomness ────────────────────────────────────────────────────────────────────────────

/** The seed of this run: `AUDITREADY_FAULT_SEED` to replay one, else a fresh one (printed either way). */
export function faultSeed(label: string): number {
  const given = process.env.AUDITREADY_FAULT_SEED;
  const seed = given ? Number(given) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
  console.log(`[faults] ${label}: seed ${seed} (replay with AUDITREADY_FAULT_SEED=${seed})`);
  return seed;
}

/** A small seeded generator (mulberry32): the same seed gives the same kill delays and the same writes. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    bytes: (n: number) => {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i += 4) b.writeUInt32LE((next() * 2 ** 32) >>> 0, Math.min(i, n - 4));
      return b;
    },
  };
}
export type Random = ReturnType<typeof seededRandom>;

// ─── deliberately broken durability (for showing the suite fails; never a production switch) ──────

/**
 * `AUDITREADY_FAULT_BREAK` is read by this harness only. `ack-before-blob` runs the server from a patched
 * copy of the source tree whose blob store answers before the uploaded file is renamed into place (the
 * rename happens three seconds later): an acknowledgement sent before the write is durable. The suite must
 * then fail. Production code has no such switch.
 */
export const BREAK = process.env.AUDITREADY_FAULT_BREAK ?? '';

const BLOB_PATCH = {
  file: 'src/platform/blobs/fs-blob-store.ts',
  from: "      await rename(tmp, target);\n      await fsyncPath(path.dirname(target), 'r');\n",
  to: '      setTimeout(() => void rename(tmp, target).catch(() => undefined), 3000);\n',
};

let brokenBin: string | undefined;
/** The CLI entry the server runs from: this checkout's, or the broken copy's under AUDITREADY_FAULT_BREAK. */
function serverBin(): string {
  if (BREAK === '') return BIN;
  if (BREAK !== 'ack-before-blob')
    throw new Error(`AUDITREADY_FAULT_BREAK=${BREAK}: the one mode is ack-before-blob`);
  if (brokenBin) return brokenBin;
  const copy = mkdtempSync(path.join(os.tmpdir(), 'auditready-broken-'));
  for (const part of ['src', 'bin', 'package.json', 'tsconfig.json']) {
    cpSync(path.join(REPO, part), path.join(copy, part), { recursive: true });
  }
  for (const part of ['node_modules', 'web']) symlinkSync(path.join(REPO, part), path.join(copy, part));
  const file = path.join(copy, BLOB_PATCH.file);
  const text = readFileSync(file, 'utf8');
  if (!text.includes(BLOB_PATCH.from)) throw new Error(`cannot break ${BLOB_PATCH.file}: the source changed`);
  writeFileSync(file, text.replace(BLOB_PATCH.from, BLOB_PATCH.to));
  console.log(
    `[faults] DURABILITY BROKEN ON PURPOSE: serving from ${copy} (blob renamed 3 s after the answer)`,
  );
  brokenBin = path.join(copy, 'bin', 'auditready');
  return brokenBin;
}

// ─── the store and the server process ─────────────────────────────────────────────────────────────

/** An initialized organization in a test store and an admin API token for it. */
export interface FaultOrg {
  store: TestStore;
  env: Record<string, string>;
  slug: string;
  token: string;
  /** A second admin token: reviews come from someone other than the uploader (separation of duties). */
  reviewerToken: string;
}

/** Runs the CLI and fails with its output unless it exits 0. */
export async function cli(args: string[], env: Record<string, string>): Promise<string> {
  const r = await runCli(args, env);
  if (r.code !== 0) throw new Error(`auditready ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** `init` and an admin token through the real CLI. */
export async function initOrganization(
  store: TestStore,
  extraEnv: Record<string, string> = {},
): Promise<FaultOrg> {
  const env = { ...store.env, ...extraEnv };
  await cli(['init', '--org', 'Fault Org'], env);
  const token = (
    await cli(['tokens', 'create', '--name', 'faults', '--role', 'admin', '--expires', '1d'], env)
  ).trim();
  const reviewerToken = (
    await cli(['tokens', 'create', '--name', 'faults-review', '--role', 'admin', '--expires', '1d'], env)
  ).trim();
  return { store, env, slug: 'fault-org', token, reviewerToken };
}

/** A running `auditready serve` child. */
export interface Server {
  base: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `auditready serve --port 0` on the store and waits for its "listening" line. */
export async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(serverBin(), ['serve', '--port', '0'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      AUDITREADY_RATE_LIMIT: '0',
      AUDITREADY_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in 60 s:\n${out}`)), 60_000);
    const look = () => {
      const m = /auditready listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code} before listening:\n${out}`));
    });
  });
  return { base, child, output: () => out, exited };
}

/** SIGKILL: no cleanup, no flush, no close. */
export async function killServer(server: Server): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

/** SIGTERM and wait: the orderly stop. */
export async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  await server.exited;
}

// ─── the recording client ─────────────────────────────────────────────────────────────────────────

/** Every write the server acknowledged (a 2xx answer received whole), and the imports it may have begun. */
export interface Ledger {
  uploads: { id: string; sha256: string; size: number }[];
  reviews: { evidenceId: string; decision: 'accepted' | 'rejected' }[];
  findings: { id: string; title: string }[];
  matrixImports: { codes: string[]; acknowledged: boolean }[];
  nhiImports: { scope: string; keys: number; acknowledged: boolean }[];
  /** Answers that are neither 2xx nor a documented 503: a defect whatever the kill did. */
  unexpected: string[];
  attempted: number;
  /** Evidence a review was sent for (acknowledged or not): never reviewed twice. */
  reviewSent: Set<string>;
}

export function emptyLedger(): Ledger {
  return {
    uploads: [],
    reviews: [],
    findings: [],
    matrixImports: [],
    nhiImports: [],
    unexpected: [],
    attempted: 0,
    reviewSent: new Set(),
  };
}

const REQUIREMENTS = [
  ['AC-01', 'AC-01-E1'],
  ['AC-02', 'AC-02-E1'],
  ['AC-03', 'AC-03-E2'],
] as const;

/** A GitHub deploy-keys export of `keys` keys (the scope names the repository). */
export function deployKeys(keys: number): string {
  return JSON.stringify(
    Array.from({ length: keys }, (_, i) => ({
      id: i + 1,
      title: `deploy key ${i + 1}`,
      read_only: true,
      created_at: '2026-01-05T10:00:00Z',
      added_by: null,
      last_used: '2026-11-20T08:00:00Z',
    })),
  );
}

/**
 * Drives writes against `base` from `workers` concurrent clients until `stop()` says so: evidence uploads
 * (random content), reviews of acknowledged uploads, findings, control matrix imports and NHI imports.
 * Records what was acknowledged; a request cut by the kill is simply not acknowledged.
 */
export async function driveWrites(
  base: string,
  org: FaultOrg,
  rnd: Random,
  ledger: Ledger,
  tag: string,
  stop: () => boolean,
  workers = 4,
): Promise<void> {
  const api = `${base}/api/v1/orgs/${org.slug}`;
  const auth = { authorization: `Bearer ${org.token}` };
  const reviewable = ledger.uploads.filter((u) => !ledger.reviewSent.has(u.id)).map((u) => u.id);
  let n = 0;
  const answer = async (what: string, res: Response): Promise<unknown | undefined> => {
    const text = await res.text();
    if (res.ok) return JSON.parse(text) as unknown;
    if (res.status === 503 && res.headers.get('retry-after')) return undefined;
    ledger.unexpected.push(`${what}: ${res.status} ${text}`);
    return undefined;
  };
  const one = async () => {
    const i = n++;
    const roll = rnd.next();
    ledger.attempted++;
    if (roll < 0.5) {
      const content = rnd.bytes(rnd.int(512, 96 * 1024));
      const sha256 = createHash('sha256').update(content).digest('hex');
      const form = new FormData();
      const [controlCode, requirementCode] = rnd.pick(REQUIREMENTS);
      form.set('controlCode', controlCode);
      form.set('requirementCode', requirementCode);
      form.set('effective', '2026-11-01');
      form.set('file', new Blob([content]), `${tag}-${i}.bin`);
      const body = (await answer(
        'upload',
        await fetch(`${api}/evidence`, { method: 'POST', headers: auth, body: form }),
      )) as { id: string; sha256: string } | undefined;
      if (!body) return;
      if (body.sha256 !== sha256)
        ledger.unexpected.push(`upload ${body.id}: answered ${body.sha256}, sent ${sha256}`);
      ledger.uploads.push({ id: body.id, sha256, size: content.length });
      reviewable.push(body.id);
    } else if (roll < 0.7 && reviewable.length > 0) {
      const evidenceId = reviewable.splice(rnd.int(0, reviewable.length - 1), 1)[0]!;
      ledger.reviewSent.add(evidenceId);
      const decision = rnd.next() < 0.7 ? ('accepted' as const) : ('rejected' as const);
      const res = await fetch(`${api}/evidence/${evidenceId}/review`, {
        method: 'POST',
        headers: { authorization: `Bearer ${org.reviewerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(decision === 'accepted' ? { decision } : { decision, reason: 'fault test' }),
      });
      if (await answer('review', res)) ledger.reviews.push({ evidenceId, decision });
    } else if (roll < 0.85) {
      const title = `fault ${tag} ${i}`;
      const res = await fetch(`${api}/findings`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ title, severity: 'medium', openedOn: '2026-11-01' }),
      });
      const body = (await answer('finding', res)) as { id: string } | undefined;
      if (body) ledger.findings.push({ id: body.id, title });
    } else if (roll < 0.93) {
      const codes = Array.from({ length: 40 }, (_, k) => `FM-${tag}-${i}-${k}`);
      const entry = { codes, acknowledged: false };
      ledger.matrixImports.push(entry);
      const form = new FormData();
      form.set(
        'file',
        new Blob([`code,title,cadence\n${codes.map((c) => `${c},Imported ${c},quarterly`).join('\n')}\n`]),
        'matrix.csv',
      );
      const res = await fetch(`${api}/controls/import`, { method: 'POST', headers: auth, body: form });
      if (await answer('matrix import', res)) entry.acknowledged = true;
    } else {
      const scope = `fault-org/${tag}-${i}`;
      const keys = rnd.int(20, 120);
      const entry = { scope, keys, acknowledged: false };
      ledger.nhiImports.push(entry);
      const form = new FormData();
      form.set('kind', 'github-deploy-keys');
      form.set('scope', scope);
      form.set('file', new Blob([deployKeys(keys)]), 'keys.json');
      const res = await fetch(`${api}/nhi/imports`, { method: 'POST', headers: auth, body: form });
      if (await answer('nhi import', res)) entry.acknowledged = true;
    }
  };
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!stop()) {
        // A request the kill cuts rejects (reset, refused): not acknowledged, nothing to record.
        await one().catch(() => undefined);
      }
    }),
  );
}

// ─── the checks after a crash ─────────────────────────────────────────────────────────────────────

/** The `.part` files in the blob store's temporary folder. */
export function partFiles(dataDir: string): string[] {
  const tmp = path.join(dataDir, 'blobs', 'tmp');
  return existsSync(tmp) ? readdirSync(tmp).filter((f) => f.endsWith('.part')) : [];
}

/**
 * Dates the `.part` files back past the store's ten-minute staleness (a put still running in another
 * process is never swept: the age is how a sweep tells a dead put from a live one), so that the next start
 * must remove them. Returns how many there were.
 */
export function ageParts(dataDir: string): number {
  const parts = partFiles(dataDir);
  const past = new Date(Date.now() - 11 * 60_000);
  for (const p of parts) utimesSync(path.join(dataDir, 'blobs', 'tmp', p), past, past);
  return parts.length;
}

/** Every stored blob's content hashes to its own address (no partial file under a content address). */
export function misaddressedBlobs(dataDir: string): string[] {
  const root = path.join(dataDir, 'blobs', 'sha256');
  if (!existsSync(root)) return [];
  const bad: string[] = [];
  for (const shard of readdirSync(root)) {
    for (const rest of readdirSync(path.join(root, shard))) {
      const actual = createHash('sha256')
        .update(readFileSync(path.join(root, shard, rest)))
        .digest('hex');
      if (actual !== shard + rest) bad.push(shard + rest);
    }
  }
  return bad;
}

/** SQLite's own consistency check of the store file ('ok' when whole); null on PostgreSQL. */
export function sqliteIntegrity(store: TestStore): string | null {
  if (store.databaseUrl) return null;
  const db = new SQLite(path.join(store.dataDir, 'auditready.sqlite'), { readonly: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ');
  } finally {
    db.close();
  }
}

/** What went wrong with the acknowledged writes and the imports: empty when every promise held. */
export async function lostWrites(base: string, org: FaultOrg, ledger: Ledger): Promise<string[]> {
  const problems: string[] = [];
  const db = org.store.database.db;
  const auth = { authorization: `Bearer ${org.token}` };
  for (const u of ledger.uploads) {
    const res = await fetch(`${base}/api/v1/orgs/${org.slug}/evidence/${u.id}/content`, { headers: auth });
    if (!res.ok) {
      problems.push(`acknowledged upload ${u.id}: content answered ${res.status}`);
      await res.arrayBuffer();
      continue;
    }
    const got = createHash('sha256')
      .update(Buffer.from(await res.arrayBuffer()))
      .digest('hex');
    if (got !== u.sha256)
      problems.push(`acknowledged upload ${u.id}: content hashes to ${got}, sent ${u.sha256}`);
  }
  for (const r of ledger.reviews) {
    const row = await db
      .selectFrom('evidence_reviews')
      .select('decision')
      .where('evidence_id', '=', r.evidenceId)
      .executeTakeFirst();
    if (row?.decision !== r.decision)
      problems.push(`acknowledged review of ${r.evidenceId}: ${row?.decision ?? 'missing'}`);
  }
  for (const f of ledger.findings) {
    const row = await db.selectFrom('findings').select('title').where('id', '=', f.id).executeTakeFirst();
    if (row?.title !== f.title) problems.push(`acknowledged finding ${f.id}: ${row ? 'changed' : 'missing'}`);
  }
  for (const m of ledger.matrixImports) {
    const { n } = await db
      .selectFrom('controls')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('code', 'in', m.codes)
      .executeTakeFirstOrThrow();
    const count = Number(n);
    if (m.acknowledged ? count !== m.codes.length : count !== 0 && count !== m.codes.length) {
      problems.push(
        `${m.acknowledged ? 'acknowledged' : 'cut'} matrix import: ${count} of ${m.codes.length} controls`,
      );
    }
  }
  for (const i of ledger.nhiImports) {
    const rows = await db.selectFrom('nhi_imports').select('id').where('scope', '=', i.scope).execute();
    const { n } = await sql<{ n: number | string }>`select count(*) as n from nhis
      where provider = 'github' and external_id like ${`deploy-key/${i.scope}/%`}`
      .execute(db)
      .then((r) => r.rows[0]!);
    const keys = Number(n);
    const whole = rows.length === 1 && keys === i.keys;
    const absent = rows.length === 0 && keys === 0;
    if (i.acknowledged ? !whole : !whole && !absent) {
      problems.push(
        `${i.acknowledged ? 'acknowledged' : 'cut'} NHI import ${i.scope}: ${rows.length} import rows, ${keys} of ${i.keys} keys`,
      );
    }
  }
  return problems;
}

/** `auditready verify` on the store: its exit code and output. */
export async function verifyStore(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const r = await runCli(['verify'], env);
  return { code: r.code, output: `${r.stdout}${r.stderr}`.trim() };
}

/** Removes a temporary folder (the broken copy), ignoring what is already gone. */
export function removeTree(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
