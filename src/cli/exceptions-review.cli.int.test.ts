import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { createTestStore, type TestStore } from '../../test/database.js';

/** `auditready exceptions review` (docs/decisions/0030): one decision, a note, a new expiry; the list shows the next review. */
describe('auditready CLI: exception reviews', () => {
  let store: TestStore;
  let id: string;
  const cli = (...args: string[]) => runCli(args, store.env);

  beforeAll(async () => {
    store = await createTestStore();
    expect((await cli('init', '--org', 'Reviews')).code).toBe(0);
    const roster = path.join(store.dataDir, 'roster.csv');
    writeFileSync(
      roster,
      'email,name,team,manager_email,status,departed_on\nvera@example.com,Vera,,,active,\n',
    );
    expect((await cli('people', 'import', roster)).code).toBe(0);
    const added = await cli(
      'exceptions',
      'add',
      '--control',
      'AC-03',
      '--summary',
      'Reviewer on leave',
      '--reason',
      'Leave',
      '--risk',
      'high',
      '--approver',
      'vera@example.com',
      '--approved-on',
      '2026-10-01',
      '--expires',
      '2027-03-31',
      '--json',
    );
    expect(added.stderr).toBe('');
    id = (JSON.parse(added.stdout) as { id: string }).id;
  });
  afterAll(() => store.cleanup());

  it('refuses no decision or two decisions', async () => {
    const none = await cli('exceptions', 'review', id, '--note', 'x', '--on', '2026-10-20');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('--continue, --close or --escalate');
    const two = await cli('exceptions', 'review', id, '--continue', '--close', '--note', 'x');
    expect(two.code).toBe(1);
  });

  it('records a continue review with a new expiry and lists the next review', async () => {
    const run = await cli(
      'exceptions',
      'review',
      id.slice(0, 8),
      '--continue',
      '--note',
      'Still on leave until March',
      '--expires',
      '2027-04-30',
      '--on',
      '2026-10-20',
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(
      'reviewed (continue): high risk, expires 2027-04-30, next review 2026-11-20',
    );
    const list = await cli('exceptions', 'list');
    expect(list.stdout).toContain('NEXT REVIEW');
    expect(list.stdout).toContain('2026-11-20');
  });
});
