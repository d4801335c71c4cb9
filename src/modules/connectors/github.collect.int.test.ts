import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpOrganization } from '../../../test/builders/nhi-store.js';
import { createTestStore, TEST_ACTOR, type TestStore } from '../../../test/database.js';
import {
  changeExportLists,
  type FakeGithub,
  type FakeList,
  recordsOf,
  startFakeGithub,
} from '../../../test/github-server.js';
import { generateGithubChanges } from '../../importers/changes/generator.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { importChanges } from '../changes/changes.import.js';
import { importNhi } from '../nhi/import/import.service.js';
import { collectGithub } from './github.collect.js';

const T = '2026-11-02';
const ORG = 'example-org';
const REPO = `${ORG}/payments-api`;
const LOCKED = `${ORG}/vault-config`;
const TOKEN = 'github_pat_11TESTTOKEN0123456789abcdefghijklmnop';
const NHI_FIXTURES = path.join(import.meta.dirname, '..', '..', 'importers', 'nhi', 'fixtures');
const fixture = (name: string) => readFileSync(path.join(NHI_FIXTURES, name), 'utf8');

/** The records of the tables a collection and a file import both write, without ids, organizations and write times. */
async function records(database: Database, orgId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const tables = [
    'nhis',
    'change_pulls',
    'change_commits',
    'change_deployments',
    'releases',
    'changes',
    'findings',
  ];
  for (const table of tables) {
    const rows = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(table)} where org_id = ${orgId}`.execute(database.db);
    out[table] = rows.rows
      .map((r) =>
        JSON.stringify(
          Object.fromEntries(
            Object.entries(r)
              .filter(
                ([k]) =>
                  k !== 'id' &&
                  k !== 'created_at' &&
                  k !== 'updated_at' &&
                  (!k.endsWith('_id') || k.endsWith('external_id')),
              )
              .sort(([a], [b]) => (a < b ? -1 : 1)),
          ),
        ),
      )
      .sort();
  }
  return out;
}

describe('the GitHub connector', () => {
  let store: TestStore;
  let github: FakeGithub;
  const generated = generateGithubChanges({
    seed: 7,
    repository: REPO,
    pulls: 1895,
    deployments: 40,
    start: '2025-06-01',
    violations: true,
  });
  const orgSecrets = JSON.stringify({ total_count: 0, secrets: [] });

  beforeAll(async () => {
    store = await createTestStore();
    const lists = new Map<string, FakeList>([
      ...changeExportLists(REPO, generated.files),
      [
        `/orgs/${ORG}/repos`,
        [REPO, LOCKED].map((full_name, i) => ({ id: 700_200 + i, full_name, archived: false })),
      ],
      [`/orgs/${ORG}/personal-access-tokens`, recordsOf(fixture('github_org_personal_access_tokens.json'))],
      [
        `/orgs/${ORG}/installations`,
        { key: 'installations', items: recordsOf(fixture('github_org_installations.json'), 'installations') },
      ],
      [`/orgs/${ORG}/actions/secrets`, { key: 'secrets', items: [] }],
      [`/repos/${REPO}/keys`, recordsOf(fixture('github_repo_deploy_keys.json'))],
      [
        `/repos/${REPO}/actions/secrets`,
        { key: 'secrets', items: recordsOf(fixture('github_repo_actions_secrets.json'), 'secrets') },
      ],
    ]);
    github = await startFakeGithub({
      token: TOKEN,
      lists,
      // Midway through the reviews and check runs of the 2,000 pull requests.
      secondaryLimitAt: [2100],
      forbidden: (p) => p.startsWith(`/repos/${LOCKED}/`),
    });
  });
  afterAll(async () => {
    await github.close();
    await store.cleanup();
  });

  it('collects 2,000 pull requests over 20 pages through a secondary rate limit into the records the file importers make; a forbidden repository is reported, the rest collected', async () => {
    // The file importers' organization: the same data as files.
    const byFile = await setUpOrganization(store, { name: 'By File' });
    const dir = mkdtempSync(path.join(tmpdir(), 'github-export-'));
    for (const [name, content] of generated.files) {
      await mkdir(path.dirname(path.join(dir, 'changes', name)), { recursive: true });
      writeFileSync(path.join(dir, 'changes', name), content);
    }
    await importChanges(byFile.stores, TEST_ACTOR, byFile.orgId, {
      location: path.join(dir, 'changes'),
      input: { repository: REPO },
      at: T,
    });
    writeFileSync(path.join(dir, 'org-secrets.json'), orgSecrets);
    for (const [kind, file, scope] of [
      ['github-pats', path.join(NHI_FIXTURES, 'github_org_personal_access_tokens.json'), ORG],
      ['github-installations', path.join(NHI_FIXTURES, 'github_org_installations.json'), ORG],
      ['github-actions-secrets', path.join(dir, 'org-secrets.json'), ORG],
      ['github-deploy-keys', path.join(NHI_FIXTURES, 'github_repo_deploy_keys.json'), REPO],
      ['github-actions-secrets', path.join(NHI_FIXTURES, 'github_repo_actions_secrets.json'), REPO],
    ] as const)
      await importNhi(byFile.stores, TEST_ACTOR, byFile.orgId, { kind, file, scope, at: T });

    // The connector's organization, through the API.
    const connected = await setUpOrganization(store, { name: 'By Connector' });
    let now = Date.parse(`${T}T07:00:00Z`);
    const clock: Clock = { now: () => new Date(now) };
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      now += ms;
    };
    const result = await collectGithub(
      connected.stores,
      TEST_ACTOR,
      connected.orgId,
      { account: ORG, repositories: null },
      { apiUrl: github.url, token: TOKEN, clock, sleep },
      { at: T },
    );

    // 2,000 pull requests on 20 pages, following the Link headers.
    const pullPages = github.requests.filter((r) => r.startsWith(`GET /repos/${REPO}/pulls?`));
    expect(recordsOf(generated.files.get('pulls.json')!)).toHaveLength(2000);
    expect(pullPages).toHaveLength(20);
    expect(pullPages.at(-1)).toContain('page=20');
    // The secondary rate limit was waited out (retry-after: 60) and the refused request sent again.
    expect(waits).toEqual([60_000]);
    expect(result.stats.rateLimitWaits).toBe(1);
    expect(github.requests[2099]).toBe(github.requests[2100]);
    // The forbidden repository is reported unit by unit; everything else was collected.
    expect(result.repositories).toBe(2);
    expect(result.problems.map((p) => `${p.unit}:${p.status}`)).toEqual([
      `${LOCKED} changes:403`,
      `${LOCKED} deploy keys:403`,
      `${LOCKED} Actions secrets:403`,
    ]);
    expect(result.imports.map((i) => `${i.unit}:${i.status}`)).toEqual([
      `${ORG} fine-grained personal access tokens:imported`,
      `${ORG} app installations:imported`,
      `${ORG} Actions secrets:imported`,
      `${REPO} changes:imported`,
      `${REPO} deploy keys:imported`,
      `${REPO} Actions secrets:imported`,
    ]);

    // The same records as the file importers made.
    const expected = await records(store.database, byFile.orgId);
    const actual = await records(store.database, connected.orgId);
    expect(expected.change_pulls).toHaveLength(1895);
    expect(expected.nhis!.length).toBeGreaterThan(30);
    expect(expected.findings!.length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);

    // A second collection of unchanged data changes nothing.
    const again = await collectGithub(
      connected.stores,
      TEST_ACTOR,
      connected.orgId,
      { account: ORG, repositories: [REPO] },
      { apiUrl: github.url, token: TOKEN, clock, sleep },
      { at: T },
    );
    expect(again.imports.every((i) => i.status === 'unchanged')).toBe(true);
    expect(await records(store.database, connected.orgId)).toEqual(actual);
  }, 420_000);
});
