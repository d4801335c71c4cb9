import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli.js';
import { createTestStore, type TestStore } from '../../test/database.js';

/** `users invite --role auditor --engagement` and `samples create|list|show` through the real CLI. */
describe('auditready users invite and samples', () => {
  let store: TestStore;
  let engagementId: string;
  const cli = (...args: string[]) => runCli(args, store.env);

  beforeAll(async () => {
    store = await createTestStore();
    expect((await cli('init', '--org', 'Sampled Cloud')).code).toBe(0);
    const created = await cli(
      'engagement',
      'create',
      '--type',
      '2',
      '--window',
      '2026-07-01..2026-12-31',
      '--fieldwork',
      '2027-01-11',
      '--json',
    );
    engagementId = (JSON.parse(created.stdout) as { id: string }).id;
    for (let n = 1; n <= 3; n++) {
      const added = await cli(
        'findings',
        'add',
        '--title',
        `Finding ${n}`,
        '--severity',
        'low',
        '--opened',
        `2026-09-0${n}`,
      );
      expect(added.code).toBe(0);
    }
  }, 120_000);
  afterAll(() => store.cleanup());

  it('invites an auditor only with an engagement', async () => {
    const without = await cli('users', 'invite', 'ada@firm.example', '--role', 'auditor');
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('--engagement');
    const invited = await cli(
      'users',
      'invite',
      'ada@firm.example',
      '--role',
      'auditor',
      '--engagement',
      engagementId.slice(0, 12),
      '--json',
    );
    expect(invited.code).toBe(0);
    expect(JSON.parse(invited.stdout).invitation).toMatchObject({ role: 'auditor', engagementId });
  });

  it('draws the same sample from the same seed, shows and lists it', async () => {
    const draw = async (seed: string) => {
      const run = await cli(
        'samples',
        'create',
        '--population',
        'findings',
        '--size',
        '2',
        '--seed',
        seed,
        '--json',
      );
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as {
        id: string;
        items: { label: string }[];
        population: { count: number };
      };
    };
    const a = await draw('cli-seed');
    const b = await draw('cli-seed');
    expect(a.population.count).toBe(3);
    expect(b.items).toEqual(a.items);
    expect(a.items).toHaveLength(2);
    const shown = await cli('samples', 'show', a.id);
    expect(shown.stdout).toContain('seed cli-seed');
    expect(shown.stdout).toContain(a.items[0]!.label);
    const listed = await cli('samples', 'list');
    expect(listed.stdout).toContain(a.id);
    const bad = await cli('samples', 'create', '--population', 'evidence');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('needs');
  });
});
