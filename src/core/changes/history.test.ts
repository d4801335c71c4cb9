import { describe, expect, it } from 'vitest';
import { mergeFacts } from './history.js';
import type { CommitFact, DeploymentFact, PullFact } from './types.js';

const pull = (number: number, title: string): PullFact => ({
  number,
  title,
  author: 'ann',
  mergedAt: '2026-10-01T10:00:00.000Z',
  mergeCommitSha: null,
  headSha: null,
  baseRef: 'main',
  labels: [],
  url: null,
  reviews: [],
  checks: null,
});
const commit = (sha: string): CommitFact => ({
  sha,
  author: 'ann',
  email: null,
  committedAt: '2026-10-01T10:00:00.000Z',
  message: sha,
  parents: null,
});
const deployment = (id: string, at: string, environment = 'production'): DeploymentFact => ({
  source: 'deployment',
  externalId: id,
  environment,
  sha: null,
  deployedAt: at,
  state: 'success',
  succeeded: true,
  name: null,
});

describe('mergeFacts', () => {
  it('a new repository: the export alone, pull requests by number and deployments by time then id', () => {
    const merged = mergeFacts(null, {
      pulls: [pull(3, 'c'), pull(1, 'a')],
      commits: null,
      deployments: [deployment('9', '2026-10-02T00:00:00Z'), deployment('10', '2026-10-01T00:00:00Z')],
    });
    expect(merged.pulls.map((p) => p.number)).toEqual([1, 3]);
    expect(merged.commits).toEqual([]);
    expect(merged.deployments.map((d) => d.externalId)).toEqual(['10', '9']);
  });

  it('a revised export updates by id, keeps what it does not repeat, and its commit list replaces the stored one', () => {
    const stored = {
      pulls: [pull(1, 'old title'), pull(2, 'kept')],
      commits: [commit('aaa1111'), commit('bbb2222')],
      deployments: [
        deployment('5', '2026-10-01T00:00:00Z', 'staging'),
        deployment('6', '2026-10-03T00:00:00Z'),
      ],
    };
    const merged = mergeFacts(stored, {
      pulls: [pull(1, 'new title'), pull(4, 'added')],
      commits: [commit('ccc3333')],
      deployments: [deployment('5', '2026-10-01T00:00:00Z', 'production')],
    });
    expect(merged.pulls.map((p) => [p.number, p.title])).toEqual([
      [1, 'new title'],
      [2, 'kept'],
      [4, 'added'],
    ]);
    expect(merged.commits.map((c) => c.sha)).toEqual(['ccc3333']);
    expect(merged.deployments.map((d) => [d.externalId, d.environment])).toEqual([
      ['5', 'production'],
      ['6', 'production'],
    ]);
    // An export without a commit list keeps the stored one.
    expect(mergeFacts(stored, { pulls: [], commits: null, deployments: [] }).commits).toBe(stored.commits);
  });
});
