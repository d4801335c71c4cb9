import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.js';
import { createTestStore, type TestStore } from '../../../test/database.js';
import {
  changeExportLists,
  type FakeGithub,
  type FakeList,
  startFakeGithub,
} from '../../../test/github-server.js';
import { generateGithubChanges } from '../../importers/changes/generator.js';
import type { GithubConnection } from './connectors.schema.js';

const TOKEN = 'github_pat_11CLITOKEN0123456789abcdefghij';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const KEY_LINE = PEM.split('\n')[3]!;

/** `auditready connectors github set|list|collect|remove` through the real bin/auditready. */
describe('auditready connectors github', () => {
  let store: TestStore;
  let github: FakeGithub;
  const cli = (...args: string[]) => runCli(args, { ...store.env, GITHUB_TOKEN: TOKEN });

  beforeAll(async () => {
    store = await createTestStore();
    expect((await cli('init', '--org', 'Acme Pay')).code).toBe(0);
    const { files } = generateGithubChanges({
      seed: 5,
      repository: 'acme/app',
      pulls: 12,
      deployments: 2,
      start: '2026-09-01',
      violations: false,
    });
    const lists = new Map<string, FakeList>([
      ...changeExportLists('acme/app', files),
      [
        '/orgs/acme/repos',
        [
          { id: 1, full_name: 'acme/app', archived: false },
          { id: 2, full_name: 'acme/old', archived: true },
        ],
      ],
      ['/orgs/acme/personal-access-tokens', []],
      ['/orgs/acme/installations', { key: 'installations', items: [] }],
      ['/orgs/acme/actions/secrets', { key: 'secrets', items: [] }],
      ['/repos/acme/app/keys', []],
      ['/repos/acme/app/actions/secrets', { key: 'secrets', items: [] }],
    ]);
    github = await startFakeGithub({
      token: TOKEN,
      lists,
      app: { appId: '4242', installationId: '777', publicKey },
    });
  });
  afterAll(async () => {
    await github.close();
    await store.cleanup();
  });

  it('connects with the token from the environment (never printed), collects now, lists the last run, disconnects', async () => {
    const set = await cli(
      'connectors',
      'github',
      'set',
      'acme',
      '--token-env',
      'GITHUB_TOKEN',
      '--api-url',
      github.url,
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout + set.stderr).not.toContain(TOKEN);

    const collect = await cli('connectors', 'github', 'collect', 'acme', '--at', '2026-11-02');
    expect(collect.code, collect.stderr).toBe(0);
    expect(collect.stdout).toContain('acme: 1 repositories');
    expect(collect.stdout).toMatch(/imported\s+acme\/app changes \(12 records\)/);
    expect(collect.stdout + collect.stderr).not.toContain(TOKEN);
    // The archived repository is left out.
    expect(github.requests.some((r) => r.includes('/repos/acme/old/'))).toBe(false);

    const list = await cli('--json', 'connectors', 'github', 'list');
    const [c] = JSON.parse(list.stdout) as GithubConnection[];
    expect(list.stdout).not.toContain(TOKEN);
    expect(c).toMatchObject({ account: 'acme', tokenConfigured: true, lastRun: { status: 'succeeded' } });

    expect((await cli('connectors', 'github', 'remove', 'acme')).code).toBe(0);
    expect(JSON.parse((await cli('--json', 'connectors', 'github', 'list')).stdout)).toEqual([]);
  }, 120_000);

  it('connects as a GitHub App from a key file (the key never printed), collects with installation tokens', async () => {
    const keyFile = path.join(store.dataDir, 'app-key.pem');
    writeFileSync(keyFile, PEM, { mode: 0o600 });
    const partial = await cli(
      'connectors',
      'github',
      'set',
      'acme',
      '--app-id',
      '4242',
      '--private-key-file',
      keyFile,
    );
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain('--app-id, --installation-id and --private-key-file together');
    const set = await cli(
      'connectors',
      'github',
      'set',
      'acme',
      '--app-id',
      '4242',
      '--installation-id',
      '777',
      '--private-key-file',
      keyFile,
      '--api-url',
      github.url,
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('as GitHub App 4242, installation 777; key sealed');
    const before = github.requests.length;
    const collect = await cli('connectors', 'github', 'collect', 'acme', '--at', '2026-11-02');
    expect(collect.code, collect.stderr).toBe(0);
    expect(collect.stdout).toMatch(/unchanged\s+acme\/app changes \(12 records\)/);
    expect(github.requests.slice(before)).toContain('POST /app/installations/777/access_tokens');
    const list = await cli('connectors', 'github', 'list');
    expect(list.stdout).toMatch(/app 4242 installation 777/);
    for (const out of [set, collect, list]) expect(out.stdout + out.stderr).not.toContain(KEY_LINE);
  }, 120_000);
});
