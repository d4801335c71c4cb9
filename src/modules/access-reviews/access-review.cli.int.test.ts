import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../../../test/builders/nhi-store.js';
import { runCli } from '../../../test/cli.js';
import { createTestStore, type TestStore } from '../../../test/database.js';
import type { CampaignSummary, CampaignView } from './access-review.schema.js';

/** `auditready access-reviews …` through the real bin/auditready: a short campaign from import to completion. */
describe('auditready access-reviews', () => {
  let store: TestStore;
  const cli = (...args: string[]) => runCli(args, store.env);
  const file = (name: string, text: string) => {
    const p = path.join(store.dataDir, name);
    writeFileSync(p, text);
    return p;
  };

  beforeAll(async () => {
    store = await createTestStore();
    expect((await cli('init', '--org', 'Acme Cloud')).code).toBe(0);
    expect((await cli('people', 'import', ROSTER)).code).toBe(0);
  });
  afterAll(() => store.cleanup());

  it('imports accounts, refuses a bad row with its line, decides with the keyboard of the CLI and completes', async () => {
    const bad = await cli(
      'access-reviews',
      'accounts',
      'import',
      file(
        'bad.csv',
        'system,account,email,role\ngithub-org,ada,ada@example.com,owner\ngithub-org,,x@example.com,member\n',
      ),
      '--system',
      'github-org',
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/bad\.csv, line 3, column 2 \(account\): the account name is empty/);
    const accounts = file(
      'accounts.csv',
      'system,account,email,role,last_login\ngithub-org,grace,Grace.Kim@example.com,owner,2026-11-01\ngithub-org,maria,maria.garcia@example.com,member,\n',
    );
    const imported = await cli('access-reviews', 'accounts', 'import', accounts, '--system', 'github-org');
    expect(imported.stdout).toMatch(
      /^imported: 2 accounts of github-org as of \d{4}-\d\d-\d\d \(2 joined to people\)/,
    );
    const created = await cli(
      '--json',
      'access-reviews',
      'create',
      '--system',
      'github-org',
      '--reviewer',
      'grace.kim@example.com',
      '--due',
      '2099-01-01',
    );
    expect(created.code).toBe(0);
    const campaign = JSON.parse(created.stdout) as CampaignView;
    const own = await cli(
      'access-reviews',
      'decide',
      campaign.id,
      '--item',
      'grace',
      '--keep',
      '--reviewer',
      'grace.kim@example.com',
    );
    expect(own.code).not.toBe(0);
    expect(own.stderr).toMatch(/grace is the reviewer's own account/);
    const decided = await cli(
      'access-reviews',
      'decisions',
      'import',
      campaign.id.slice(0, 8),
      file('decisions.csv', 'subject,decision,comment\nmaria,revoke,moved to sales\n'),
      '--reviewer',
      'grace.kim@example.com',
    );
    expect(decided.stdout).toMatch(/^1 decisions imported, 1 follow-up\(s\) opened; 1 of 2 decided/);
    const list = JSON.parse((await cli('--json', 'access-reviews', 'list')).stdout) as CampaignSummary[];
    expect(list.map((c) => [c.system, c.decided, c.total, c.revoked])).toEqual([['github-org', 1, 2, 1]]);
    const early = await cli('access-reviews', 'complete', campaign.id);
    expect(early.stderr).toMatch(/1 of 2 items are not decided yet \(first: grace\)/);
    const show = await cli('access-reviews', 'show', campaign.id);
    expect(show.stdout).toMatch(/maria .* revoke/);
  });

  it('imports the Okta users export told by its content or by --format, and names the JSON path of a bad record', async () => {
    const okta = JSON.stringify([
      {
        id: '00u1',
        status: 'ACTIVE',
        lastLogin: '2026-11-30T08:00:00.000Z',
        profile: { login: 'grace.kim@example.com', email: 'grace.kim@example.com' },
      },
      {
        id: '00u2',
        status: 'SUSPENDED',
        lastLogin: null,
        profile: { login: 'maria', email: 'maria.garcia@example.com' },
      },
    ]);
    const imported = await cli(
      'access-reviews',
      'accounts',
      'import',
      file('users.json', okta),
      '--system',
      'okta',
    );
    expect(imported.stdout).toMatch(/^imported: 2 accounts of okta .*; read as okta-users/);
    const wrong = await cli(
      'access-reviews',
      'accounts',
      'import',
      file('members.json', '[{"login": "grace", "id": 1}]'),
      '--system',
      'okta',
      '--format',
      'okta-users',
    );
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/members\.json, line 1, at \$\[0\]\.profile: expected an Okta users export/);
  });
});
