import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { createTestStore, type TestStore } from '../../test/database.js';

const ROSTER = path.resolve(import.meta.dirname, '../../test/fixtures/roster.csv');

describe('auditready CLI', () => {
  let store: TestStore;
  const cli = (...args: string[]) => runCli(args, store.env);

  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(() => store.cleanup());

  it('init creates the organization, catalogs and starter controls', async () => {
    const run = await cli('init', '--org', 'Acme Cloud');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('organization: Acme Cloud (acme-cloud)');
    expect(run.stdout).toMatch(
      /checkpoint signing key: auditready-[0-9a-f]{8}\+[0-9a-f]{8}\+\S+ \(.*signing-key\)/,
    );
    expect(statSync(path.join(store.dataDir, 'signing-key')).mode & 0o777).toBe(0o600);
    const again = await cli('init');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already initialized: Acme Cloud');
  });

  it('frameworks --json lists the five catalogs with their counts', async () => {
    const run = await cli('frameworks', '--json');
    expect(run.code).toBe(0);
    const frameworks = JSON.parse(run.stdout) as { id: string; criteria: number }[];
    expect(frameworks.map((f) => [f.id, f.criteria])).toEqual([
      ['soc2', 61],
      ['nist-csf', 106],
      ['iso27001', 93],
      ['owasp-nhi', 10],
      ['nist-ai-rmf', 19],
    ]);
  });

  it('criteria lists one framework and rejects an unknown one with exit 1', async () => {
    const run = await cli('criteria', 'nist-csf', '--json');
    const criteria = JSON.parse(run.stdout) as { code: string; description: string }[];
    expect(criteria.find((c) => c.code === 'GV.RM-01')?.description).toBe(
      'Risk management objectives are established and agreed to by organizational stakeholders',
    );
    const bad = await cli('criteria', 'cobit');
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('framework cobit not found');
  });

  it('exits 2 on usage errors', async () => {
    expect((await cli('controls', 'frobnicate')).code).toBe(2);
    expect((await cli('controls', 'assign')).code).toBe(2);
    expect((await cli('--help')).code).toBe(0);
  });

  it('lists at least 80 starter controls, all unowned at first', async () => {
    const run = await cli('controls', 'list', '--json');
    const controls = JSON.parse(run.stdout) as { code: string; owner: unknown }[];
    expect(controls.length).toBeGreaterThanOrEqual(80);
    const unowned = JSON.parse((await cli('controls', 'list', '--unowned', '--json')).stdout) as unknown[];
    expect(unowned.length).toBe(controls.length);
  });

  it('imports people and assigns owners by e-mail', async () => {
    const imported = await cli('people', 'import', ROSTER);
    expect(imported.stdout).toContain('5 people: 5 created');
    const again = await cli('people', 'import', ROSTER);
    expect(again.stdout).toContain('0 created, 0 updated, 5 unchanged');
    const [first] = JSON.parse((await cli('controls', 'list', '--json')).stdout) as { code: string }[];
    const assigned = await cli(
      'controls',
      'assign',
      first!.code,
      'Grace@example.com',
      '--backup',
      'ada@example.com',
    );
    expect(assigned.code).toBe(0);
    const mine = JSON.parse((await cli('controls', 'list', '--owner', 'grace@example.com', '--json')).stdout);
    expect(mine.map((c: { code: string }) => c.code)).toEqual([first!.code]);
    // --needs-owner (and its alias --unowned) no longer lists the control grace now owns.
    for (const flag of ['--needs-owner', '--unowned']) {
      const needs = JSON.parse((await cli('controls', 'list', flag, '--json')).stdout) as { code: string }[];
      expect(needs.map((c) => c.code)).not.toContain(first!.code);
    }
    const departed = await cli('controls', 'assign', first!.code, 'ken@example.com');
    expect(departed.code).toBe(1);
    expect(departed.stderr).toContain('has departed');
  });

  it('round-trips the control matrix: export → import → export is byte-identical', async () => {
    const exported = await cli('controls', 'export', '--format', 'csv');
    expect(exported.code).toBe(0);
    const file = path.join(store.dataDir, 'matrix.csv');
    writeFileSync(file, exported.stdout);
    const imported = await cli('controls', 'import', file);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/0 created, 0 updated, \d+ unchanged/);
    const again = await cli('controls', 'export', '--format', 'csv');
    expect(again.stdout).toBe(exported.stdout);
    const json = await cli('controls', 'export', '--format', 'json');
    expect(JSON.parse(json.stdout).length).toBeGreaterThanOrEqual(80);
  });

  it('aborts a matrix import on a bad row with line, column and reason, writing nothing', async () => {
    const exported = (await cli('controls', 'export')).stdout;
    const lines = exported.split('\n');
    // Change one control's title (a valid change) and then break a later row's owner.
    const edited = exported
      .replace(/^(AC-01,)[^,]*/m, '$1Changed title')
      .concat('ZZ-99,Broken,,draft,,nobody@example.com,,,monthly,,,,,,,\n');
    const file = path.join(store.dataDir, 'bad.csv');
    writeFileSync(file, edited);
    const run = await cli('controls', 'import', file);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /bad\.csv, line \d+, column 6 \(owner_email\): no person with e-mail nobody@example.com/,
    );
    expect((await cli('controls', 'export')).stdout).toBe(exported);
    expect(lines.length).toBeGreaterThan(80);
  });

  it('verify says ok, then names an entry edited in the database and exits 1', async () => {
    const ok = await cli('verify');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /^OK {5}Activity log chain entries: [\d,]+ entries in 2 chains re-hashed from their first entry/,
    );
    expect(ok.stdout).toContain('OK     Evidence files: 0 evidence files re-hashed');
    expect(ok.stdout).toMatch(/verify: all 5 checks OK, everything matches\n$/);
    const victim = await store.database.db
      .selectFrom('activity')
      .select(['id', 'seq', 'chain'])
      .where('record_type', '=', 'control')
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    await sql`update activity set actor_label = ${'someone else'} where id = ${victim.id}`.execute(
      store.database.db,
    );
    const broken = await cli('verify');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`FAILED Activity log chain entries:`);
    expect(broken.stderr).toContain(`entry ${victim.seq} (id ${victim.id})`);
  });
});
