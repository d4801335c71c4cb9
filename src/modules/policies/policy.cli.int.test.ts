import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER } from '../../../test/builders/nhi-store.js';
import { runCli } from '../../../test/cli.js';
import { createTestStore, type TestStore } from '../../../test/database.js';
import { todayIso } from '../../platform/clock.js';
import type { PolicySummary } from './policy.schema.js';

/** `auditready policies …` through the real bin/auditready: add, approve, import acknowledgements, list, show. */
describe('auditready policies', () => {
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

  it('adds, approves and versions a policy, imports acknowledgements all or nothing and lists them', async () => {
    const md = file('aup.md', '# Acceptable use\n\nCompany laptops are for company work.\n');
    const added = await cli(
      'policies',
      'add',
      'acceptable-use',
      md,
      '--title',
      'Acceptable use',
      '--owner',
      'sam.okafor@example.com',
      '--approver',
      'grace.kim@example.com',
      '--control',
      'GOV-08',
    );
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(/added policy acceptable-use, version 1/);
    const approved = await cli('policies', 'approve', 'acceptable-use');
    expect(approved.stdout).toMatch(/version 1 approved on .* by grace\.kim@example\.com; \d+ people asked/);

    const bad = await cli(
      'policies',
      'ack',
      'import',
      file(
        'bad.csv',
        `email,policy,version,acknowledged_at\ngrace.kim@example.com,acceptable-use,7,${todayIso()}\n`,
      ),
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/bad\.csv, line 2, column 3 \(version\): acceptable-use has no version 7/);
    const acks = file(
      'lms.csv',
      `email,policy,version,acknowledged_at\ngrace.kim@example.com,acceptable-use,1,${todayIso()}\nmaria.garcia@example.com,acceptable-use,1,${todayIso()}\n`,
    );
    expect((await cli('policies', 'ack', 'import', acks)).stdout).toMatch(
      /^imported: 2 row\(s\), 2 acknowledgement/,
    );
    expect((await cli('policies', 'ack', 'import', acks)).stdout).toMatch(
      /^unchanged: 2 row\(s\), 0 acknowledgement/,
    );

    const listed = JSON.parse((await cli('--json', 'policies', 'list')).stdout) as PolicySummary[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ key: 'acceptable-use', acknowledged: 2, current: { version: 1 } });
    expect((await cli('policies', 'show', 'acceptable-use')).stdout).toMatch(/acknowledged: 2 of \d+ asked/);

    const v2 = await cli(
      'policies',
      'version',
      'acceptable-use',
      file('aup2.md', '# Acceptable use\n\nv2\n'),
    );
    expect(v2.stdout).toMatch(/version 2 added \(draft\)/);
    expect((await cli('policies', 'show', 'acceptable-use', '--text')).stdout).toContain('company work');
  });
});
