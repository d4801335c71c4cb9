// The CLI SIGKILLed during a large import (roster, NHI export) and during exports: the import is wholly
// present or wholly absent, the same file imports whole afterwards, and the store verifies (docs/decisions/0016).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../cli.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../database.js';
import {
  ageParts,
  cli,
  deployKeys,
  type FaultOrg,
  faultSeed,
  initOrganization,
  misaddressedBlobs,
  type Random,
  seededRandom,
  sqliteIntegrity,
  verifyStore,
} from './harness.js';

/** Starting CLIs (init, a token) and servers takes long on a loaded machine. */
const HOOK_TIMEOUT_MS = 180_000;
const ROSTER_ROWS = 10_000;
const NHI_KEYS = 3_000;

/** Runs the CLI, SIGKILLs it `afterMs` after the start (unless it ended first); how it ended. */
function runKilled(args: string[], env: Record<string, string>, afterMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { env: { ...process.env, DATABASE_URL: '', ...env }, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(
        signal
          ? `killed (${signal}) after ${afterMs} ms`
          : `ended (exit ${code}) before the kill at ${afterMs} ms`,
      );
    });
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

describe(`the CLI killed with SIGKILL during imports and exports (${TEST_DIALECT})`, () => {
  let store: TestStore;
  let org: FaultOrg;
  let dir: string;
  let rnd: Random;
  let seed: number;
  /** How long the CLI takes to load (`--help` loads every command): kills land after it, within the work. */
  let startup = 0;
  const log: string[] = [];
  const killPoint = (whole: number, from = 0.1, to = 0.9) => {
    // Start-up times vary with the machine's load: never count on more than half of the whole run.
    const loaded = Math.min(startup, whole / 2);
    return Math.round(loaded + (whole - loaded) * (from + (to - from) * rnd.next()));
  };

  beforeAll(async () => {
    seed = faultSeed(`CLI SIGKILL on ${TEST_DIALECT}`);
    rnd = seededRandom(seed);
    dir = mkdtempSync(path.join(os.tmpdir(), 'auditready-faults-cli-'));
    store = await createTestStore();
    org = await initOrganization(store);
    startup = await timed(() => cli(['--help'], org.env));
    log.push(`CLI start (--help) ${Math.round(startup)} ms`);
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    console.log(`[faults] CLI SIGKILL on ${TEST_DIALECT} (seed ${seed}):\n  ${log.join('\n  ')}`);
    await store?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, HOOK_TIMEOUT_MS);

  /** After any kill: the file is consistent, no blob is misaddressed, the dead put's temporary file is swept later. */
  function afterKill(what: string) {
    const integrity = sqliteIntegrity(store);
    if (integrity !== null) expect(integrity, what).toBe('ok');
    expect(misaddressedBlobs(store.dataDir), what).toEqual([]);
    ageParts(store.dataDir);
  }

  const peopleNamed = async (prefix: string) =>
    Number(
      (
        await store.database.db
          .selectFrom('people')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('email', 'like', `${prefix}-%`)
          .executeTakeFirstOrThrow()
      ).n,
    );

  const nhiImport = async (scope: string) => {
    const rows = await store.database.db
      .selectFrom('nhi_imports')
      .select('id')
      .where('scope', '=', scope)
      .execute();
    const { n } = await sql<{ n: number | string }>`select count(*) as n from nhis
      where provider = 'github' and external_id like ${`deploy-key/${scope}/%`}`
      .execute(store.database.db)
      .then((r) => r.rows[0]!);
    return { imports: rows.length, keys: Number(n) };
  };

  it('a roster import is wholly present or absent after a kill, and imports whole again', {
    timeout: 180_000,
  }, async () => {
    const roster = (prefix: string) => {
      const file = path.join(dir, `${prefix}.csv`);
      const lines = Array.from(
        { length: ROSTER_ROWS },
        (_, i) => `${prefix}-${i}@example.test,Person ${prefix} ${i},Team ${i % 40}`,
      );
      writeFileSync(file, `email,name,team\n${lines.join('\n')}\n`);
      return file;
    };
    // How long a whole import takes here: the kill lands at a seeded point within it.
    const full = await timed(() => cli(['people', 'import', roster('calibrate')], org.env));
    expect(await peopleNamed('calibrate')).toBe(ROSTER_ROWS);
    const file = roster('killed');
    const outcome = await runKilled(['people', 'import', file], org.env, killPoint(full));
    afterKill('roster import');
    const present = await peopleNamed('killed');
    log.push(
      `roster ${ROSTER_ROWS} rows (whole import ${Math.round(full)} ms): ${outcome}; ${present} of ${ROSTER_ROWS} present`,
    );
    expect([0, ROSTER_ROWS]).toContain(present);
    await cli(['people', 'import', file], org.env);
    expect(await peopleNamed('killed')).toBe(ROSTER_ROWS);
  });

  it('an NHI import is wholly present or absent after a kill, and imports whole again', {
    timeout: 180_000,
  }, async () => {
    const file = path.join(dir, 'keys.json');
    writeFileSync(file, deployKeys(NHI_KEYS));
    const full = await timed(() =>
      cli(['import', 'github-deploy-keys', file, '--scope', 'fault-org/calibrate'], org.env),
    );
    expect(await nhiImport('fault-org/calibrate')).toEqual({ imports: 1, keys: NHI_KEYS });
    const args = ['import', 'github-deploy-keys', file, '--scope', 'fault-org/killed'];
    const outcome = await runKilled(args, org.env, killPoint(full));
    afterKill('NHI import');
    const state = await nhiImport('fault-org/killed');
    log.push(
      `NHI ${NHI_KEYS} keys (whole import ${Math.round(full)} ms): ${outcome}; ${state.imports} import rows, ${state.keys} keys present`,
    );
    expect([
      { imports: 0, keys: 0 },
      { imports: 1, keys: NHI_KEYS },
    ]).toContainEqual(state);
    await cli(args, org.env);
    expect(await nhiImport('fault-org/killed')).toEqual({ imports: 1, keys: NHI_KEYS });
  });

  it('exports killed midway leave the store as it was, and it verifies', { timeout: 300_000 }, async () => {
    const exports = [
      ['controls', 'export'],
      ['checkpoint', 'export', '--out', path.join(dir, 'checkpoints.json')],
    ];
    await cli(['checkpoint', 'create'], org.env);
    for (const args of exports) {
      const full = await timed(() => cli(args, org.env));
      const outcome = await runKilled(args, org.env, killPoint(full, 0.2, 1));
      afterKill(args.join(' '));
      log.push(`${args.slice(0, 2).join(' ')} (whole ${Math.round(full)} ms): ${outcome}`);
    }
    const verify = await verifyStore(org.env);
    expect(verify.code, verify.output).toBe(0);
  });
});
