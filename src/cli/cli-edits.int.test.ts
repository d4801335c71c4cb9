import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../test/database.js';
import { getControl } from '../modules/controls/control.service.js';
import { addEvidence, getEvidence } from '../modules/evidence/evidence.service.js';
import { blobStoreFor } from '../platform/blobs/fs-blob-store.js';

const ROSTER = path.resolve(import.meta.dirname, '../../test/fixtures/roster.csv');

/** The single-edit verbs of the CLI, run as real child processes against one store. */
// Each CLI run starts a process (seconds on a loaded machine): more time per test than the default.
describe('auditready CLI: single edits', { timeout: 240_000 }, () => {
  let store: TestStore;
  let orgId: string;
  const cli = (...args: string[]) => runCli(args, store.env);

  beforeAll(async () => {
    store = await createTestStore();
    expect((await cli('init', '--org', 'Edits Org')).code).toBe(0);
    expect((await cli('people', 'import', ROSTER)).code).toBe(0);
    orgId = (await store.database.db.selectFrom('organizations').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => store.cleanup());

  const control = (code: string) => getControl(store.database, orgId, code);

  it('controls set changes status, justification, cadence and source through the edit service', async () => {
    const set = await cli(
      'controls',
      'set',
      'AC-01',
      '--status',
      'not-applicable',
      '--na-justification',
      'No customer data is stored',
      '--cadence',
      'monthly',
      '--source',
      'Okta',
    );
    expect(set.stderr).toBe('');
    expect(set.stdout).toBe(
      'AC-01: status not-applicable (No customer data is stored), cadence monthly, source Okta\n',
    );
    expect(await control('AC-01')).toMatchObject({
      status: 'not-applicable',
      naJustification: 'No customer data is stored',
      cadence: 'monthly',
      sourceOfTruth: 'Okta',
    });
    const entry = await store.database.db
      .selectFrom('activity')
      .select(['action', 'change'])
      .where('record_type', '=', 'control')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.action).toBe('update');
    expect(Object.keys(JSON.parse(entry.change)).sort()).toEqual([
      'cadence',
      'naJustification',
      'sourceOfTruth',
      'status',
    ]);
  });

  it('controls set clears fields, and refuses what a hand edit refuses without changing anything', async () => {
    // Leaving not-applicable drops the justification; an empty source clears it.
    expect((await cli('controls', 'set', 'AC-01', '--status', 'implemented', '--source', '')).code).toBe(0);
    expect(await control('AC-01')).toMatchObject({
      status: 'implemented',
      naJustification: null,
      sourceOfTruth: null,
    });

    const unjustified = await cli('controls', 'set', 'AC-01', '--status', 'not-applicable');
    expect(unjustified.code).toBe(1);
    expect(unjustified.stderr).toContain('a not-applicable control needs a justification');
    expect((await cli('controls', 'set', 'AC-01', '--cadence', 'hourly')).code).toBe(2);
    const nothing = await cli('controls', 'set', 'AC-01');
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('give at least one of --status');
    const unknown = await cli('controls', 'set', 'NOPE-1', '--cadence', 'monthly');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('control NOPE-1 not found');
    expect((await control('AC-01')).status).toBe('implemented');
  });

  it('evidence review takes several ids, all or nothing, naming every id it cannot review', async () => {
    const stores = { database: store.database, blobs: blobStoreFor(store.dataDir) };
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const added = await addEvidence(stores, TEST_ACTOR, orgId, {
        metadata: { controlCode: 'AC-02', requirementCode: 'AC-02-E1', effective: '2026-10-01' },
        content: { kind: 'file', stream: Readable.from([`idp export ${n}`]), fileName: `idp-${n}.csv` },
      });
      ids.push(added.id);
    }
    const [a, b, c] = ids as [string, string, string];

    // A prefix past the UUIDv7 timestamp (13 characters match every id of the same millisecond) and
    // past the low bits of its counter (ids made one after the other in one millisecond, or after a
    // later time seen earlier in the same process, differ from the 25th character on).
    const accepted = await cli('evidence', 'review', a, b.slice(0, 26), '--accept');
    expect(accepted.stderr).toBe('');
    expect(accepted.stdout).toBe(`${a}: accepted\n${b}: accepted\n`);

    const mixed = await cli('evidence', 'review', c, a, 'no-such-id', '--reject', 'blurry');
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain('nothing reviewed');
    expect(mixed.stderr).toContain(`evidence ${a} was already accepted`);
    expect(mixed.stderr).toContain('evidence no-such-id not found');
    expect((await getEvidence(store.database, orgId, c)).reviewState).toBe('submitted');

    const rejected = await cli('evidence', 'review', c, '--reject', 'blurry', '--json');
    expect(rejected.code).toBe(0);
    expect(JSON.parse(rejected.stdout)).toMatchObject({ id: c, reviewState: 'rejected' });
  });

  it('readiness --no-engagement assesses without the engagement that exists', async () => {
    const created = await cli(
      'engagement',
      'create',
      '--type',
      '1',
      '--date',
      '2027-03-01',
      '--fieldwork',
      '2027-03-01',
    );
    expect(created.code).toBe(0);
    const latest = JSON.parse((await cli('readiness', '--json')).stdout);
    expect(latest.engagementId).toEqual(expect.any(String));
    const none = await cli('readiness', '--no-engagement');
    expect(none.code).toBe(0);
    expect(none.stdout.split('\n')[0]).toMatch(
      /^Readiness on \d{4}-\d\d-\d\d \(no engagement: every control in scope\)$/,
    );
    expect(none.stdout).not.toContain(latest.engagementId);
  });

  it('controls import reads the delimiter it is told; the export neutralizes formulas and re-imports exactly', async () => {
    const file = path.join(store.dataDir, 'semicolon.csv');
    writeFileSync(file, "code;title;cadence\nAC-03;=cmd|' /C calc'!A0;quarterly\n");
    const guessed = await cli('controls', 'import', file);
    expect(guessed.code).toBe(1);
    expect(guessed.stderr).toContain('is the file separated by semicolon?');
    const told = await cli('controls', 'import', file, '--delimiter', 'semicolon');
    expect(told.stdout).toBe('1 rows: 0 created, 1 updated, 0 unchanged\n');
    expect((await control('AC-03')).title).toBe("=cmd|' /C calc'!A0");

    const exported = await cli('controls', 'export');
    expect(exported.stdout.split('\n').find((l) => l.startsWith('AC-03,'))).toMatch(
      /^AC-03,'=cmd\|' \/C calc'!A0,/,
    );
    const again = path.join(store.dataDir, 'again.csv');
    writeFileSync(again, exported.stdout);
    expect((await cli('controls', 'import', again)).stdout).toMatch(
      /^\d+ rows: 0 created, 0 updated, \d+ unchanged\n$/,
    );
    expect((await control('AC-03')).title).toBe("=cmd|' /C calc'!A0");
  });
});
