import { mkdtempSync, writeFileSync } from 'node:fs';
import { cp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { deriveHistory } from '../../core/changes/history.js';
import { evaluateChangeRules } from '../../core/changes/rules.js';
import { DEFAULT_CHANGE_SETTINGS } from '../../core/changes/types.js';
import { GithubExportReader, readChangeExport } from './index.js';

const SAMPLE = path.join(import.meta.dirname, 'fixtures', 'github');

async function copyOfSample(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'changes-'));
  await cp(SAMPLE, dir, { recursive: true });
  return dir;
}

describe('readChangeExport', () => {
  it('reads the hand-made set: merged pull requests with reviews and checks, commits, deployments with statuses', async () => {
    const { export: exp } = await readChangeExport(SAMPLE);
    expect(exp.repository).toBe('example-org/payments-api');
    expect(exp.defaultBranch).toBe('main');
    expect(exp.counts).toMatchObject({ pulls: 11, pullsNotMerged: 1, commits: 12, deployments: 7 });
    expect(exp.commits?.[0]?.message).toBe('Change 401 (#401)');
    const staging = exp.deployments.find((d) => d.environment === 'staging');
    expect(staging?.succeeded).toBe(false);
    const failed = exp.deployments.find((d) => d.externalId === '610000407');
    expect(failed).toMatchObject({ succeeded: false, state: 'failure' });
  });

  it('finds the violations of the hand-made set, one finding each, naming the PR or commit', async () => {
    const { export: exp } = await readChangeExport(SAMPLE);
    const derived = deriveHistory(
      {
        repository: exp.repository,
        defaultBranch: exp.defaultBranch,
        commits: exp.commits ?? [],
        pulls: exp.pulls,
        deployments: exp.deployments,
      },
      DEFAULT_CHANGE_SETTINGS,
      '2026-11-30',
    );
    expect(derived.releases.map((r) => [r.externalId, r.changeKeys])).toEqual([
      ['610000402', ['pr:401', 'pr:402']],
      ['610000404', ['pr:403', 'pr:404']],
      ['610000406', ['pr:405', 'pr:406', 'commit:b62cdace298a7415c0b20286a416dddad6e49afb']],
      ['610000408', ['pr:407', 'pr:408']],
      ['610000412', ['pr:409', 'pr:411', 'pr:412']],
    ]);
    const findings = evaluateChangeRules({ repository: exp.repository, ...derived }, DEFAULT_CHANGE_SETTINGS);
    expect(findings.map((f) => [f.rule, f.subjectLabel])).toEqual([
      ['change-checks-failed', 'example-org/payments-api#404'],
      ['change-checks-failed', 'example-org/payments-api#409'],
      ['change-direct-push', 'example-org/payments-api@b62cdac'],
      ['change-emergency-no-retro', 'example-org/payments-api#406'],
      ['change-unapproved', 'example-org/payments-api#403'],
    ]);
  });

  it('a corrupted record aborts with its file, line and JSON path', async () => {
    const dir = await copyOfSample();
    const pulls = JSON.parse(await readFile(path.join(dir, 'pulls.json'), 'utf8'));
    pulls[3].merged_at = 'yesterday';
    writeFileSync(path.join(dir, 'pulls.json'), JSON.stringify(pulls, null, 2));
    await expect(readChangeExport(dir)).rejects.toThrow(
      /pulls\.json, line \d+, at \$\[3\]\.merged_at: expected a timestamp/,
    );
  });

  it('reads the concatenated pages of gh api --paginate, paths counting across pages', async () => {
    const reader = new GithubExportReader({ repository: 'o/r' });
    const page = (n: number, id: number) =>
      JSON.stringify([
        { id, environment: 'production', sha: 'a'.repeat(40), created_at: `2026-10-0${n}T00:00:00Z` },
      ]);
    await reader.add('deployments.json', Readable.from([page(1, 1), '\n', page(2, 2)]));
    expect(reader.finish().deployments.map((d) => d.externalId)).toEqual(['1', '2']);
    const bad = new GithubExportReader({ repository: 'o/r' });
    await expect(
      bad.add(
        'deployments.json',
        Readable.from([page(1, 1), '[{"id": 3, "environment": "x", "created_at": "soon"}]']),
      ),
    ).rejects.toThrow(/line 1, at \$\[1\]\.created_at/);
  });

  it('a git log TSV: commits oldest first; a bad date names line and column', async () => {
    const sha = (c: string) => c.repeat(40);
    const reader = new GithubExportReader({ repository: 'o/r' });
    await reader.add(
      'git-log.tsv',
      Readable.from([
        `${sha('b')}\tBo\tbo@x\t2026-10-02T10:00:00+02:00\tsecond\n${sha('a')}\tAl\tal@x\t2026-10-01T10:00:00Z\tfirst\n`,
      ]),
    );
    const exp = reader.finish();
    expect(exp.commits?.map((c) => [c.message, c.committedAt])).toEqual([
      ['first', '2026-10-01T10:00:00.000Z'],
      ['second', '2026-10-02T08:00:00.000Z'],
    ]);
    const bad = new GithubExportReader({ repository: 'o/r' });
    await expect(
      bad.add('git-log.tsv', Readable.from([`${sha('a')}\tAl\tal@x\tsoon\tfirst\n`])),
    ).rejects.toThrow(/git-log\.tsv, line 1, column 4/);
  });

  it('refuses an unknown file, a record of another repository, and an export naming no repository', async () => {
    await expect(new GithubExportReader().add('notes.txt', Readable.from(['x']))).rejects.toThrow(
      /not a file of a change export/,
    );
    const other = new GithubExportReader({ repository: 'o/r' });
    await expect(
      other.add(
        'deployments.json',
        Readable.from([
          JSON.stringify([
            {
              id: 1,
              environment: 'p',
              created_at: '2026-10-01T00:00:00Z',
              repository_url: 'https://api.github.com/repos/o/x',
            },
          ]),
        ]),
      ),
    ).rejects.toThrow(/belongs to o\/x, not o\/r/);
    const none = new GithubExportReader();
    await none.add(
      'git-log.tsv',
      Readable.from([`${'a'.repeat(40)}\tAl\tal@x\t2026-10-01T10:00:00Z\tfirst\n`]),
    );
    expect(() => none.finish()).toThrow(/--repo/);
  });
});
