import { describe, expect, it } from 'vitest';
import { deriveHistory } from './history.js';
import { evaluateChangeRules, planChangeFindingSync } from './rules.js';
import {
  type CommitFact,
  DEFAULT_CHANGE_SETTINGS,
  type DeploymentFact,
  type PullFact,
  type RepositoryHistory,
} from './types.js';

const T = '2026-11-30';
const sha = (n: number) => n.toString(16).padStart(40, 'a');

function pull(n: number, over: Partial<PullFact> = {}): PullFact {
  return {
    number: n,
    title: `Change ${n}`,
    author: 'alice',
    mergedAt: `2026-10-${String(n).padStart(2, '0')}T06:00:00Z`,
    mergeCommitSha: sha(n),
    headSha: `head${n}`,
    baseRef: 'main',
    labels: [],
    url: null,
    reviews: [
      { reviewer: 'bob', state: 'APPROVED', submittedAt: `2026-10-${String(n).padStart(2, '0')}T05:00:00Z` },
    ],
    checks: [{ name: 'test', status: 'completed', conclusion: 'success' }],
    ...over,
  };
}
const commit = (n: number, message = `Change ${n} (#${n})`): CommitFact => ({
  sha: sha(n),
  author: 'alice',
  email: null,
  committedAt: `2026-10-${String(n).padStart(2, '0')}T06:00:00Z`,
  message,
  parents: null,
});
const deploy = (id: number, commitN: number, over: Partial<DeploymentFact> = {}): DeploymentFact => ({
  source: 'deployment',
  externalId: String(id),
  environment: 'production',
  sha: sha(commitN),
  deployedAt: `2026-10-${String(commitN).padStart(2, '0')}T09:00:00Z`,
  state: 'success',
  succeeded: true,
  name: null,
  ...over,
});

function run(over: Partial<RepositoryHistory>, settings = DEFAULT_CHANGE_SETTINGS, at = T) {
  const history: RepositoryHistory = {
    repository: 'acme/api',
    defaultBranch: 'main',
    commits: [commit(1), commit(2)],
    pulls: [pull(1), pull(2)],
    deployments: [deploy(100, 2)],
    ...over,
  };
  const derived = deriveHistory(history, settings, at);
  return { ...derived, findings: evaluateChangeRules({ repository: 'acme/api', ...derived }, settings) };
}
const rulesOf = (r: ReturnType<typeof run>) => r.findings.map((f) => [f.rule, f.subjectLabel]);

describe('change rules', () => {
  it('a clean history raises nothing', () => {
    expect(run({}).findings).toEqual([]);
  });

  it('unapproved: only comments, or an approval after the merge, fires; an approval by another does not', () => {
    const r = run({
      pulls: [
        pull(1, { reviews: [{ reviewer: 'bob', state: 'COMMENTED', submittedAt: '2026-10-01T05:00:00Z' }] }),
        pull(2, { reviews: [{ reviewer: 'bob', state: 'APPROVED', submittedAt: '2026-10-03T05:00:00Z' }] }),
      ],
    });
    expect(rulesOf(r)).toEqual([
      ['change-unapproved', 'acme/api#1'],
      ['change-unapproved', 'acme/api#2'],
    ]);
    expect(r.findings[0]!.title).toBe('Change merged without independent approval: acme/api#1');
  });

  it('unapproved: a dismissed approval does not count', () => {
    const r = run({
      pulls: [
        pull(1, {
          reviews: [
            { reviewer: 'bob', state: 'APPROVED', submittedAt: '2026-10-01T01:00:00Z' },
            { reviewer: 'bob', state: 'DISMISSED', submittedAt: '2026-10-01T02:00:00Z' },
          ],
        }),
        pull(2),
      ],
    });
    expect(rulesOf(r)).toEqual([['change-unapproved', 'acme/api#1']]);
  });

  it('self-approved: the author approved alone fires once (not also unapproved); with another approval it does not', () => {
    const self = { reviewer: 'Alice', state: 'APPROVED', submittedAt: '2026-10-01T01:00:00Z' };
    const r = run({
      pulls: [pull(1, { reviews: [self] }), pull(2, { reviews: [self, { ...self, reviewer: 'bob' }] })],
    });
    expect(rulesOf(r)).toEqual([['change-self-approved', 'acme/api#1']]);
  });

  it('checks: a failing check or none fires; a failed run passed on re-run does not; not exported is not judged', () => {
    const r = run({
      commits: [commit(1), commit(2), commit(3), commit(4)],
      pulls: [
        pull(1, { checks: [{ name: 'test', status: 'completed', conclusion: 'failure' }] }),
        pull(2, { checks: [] }),
        pull(3, {
          checks: [
            { name: 'test', status: 'completed', conclusion: 'failure' },
            { name: 'test', status: 'completed', conclusion: 'success' },
          ],
        }),
        pull(4, { checks: null }),
      ],
      deployments: [deploy(100, 4)],
    });
    expect(rulesOf(r)).toEqual([
      ['change-checks-failed', 'acme/api#1'],
      ['change-checks-failed', 'acme/api#2'],
    ]);
    expect(r.findings[0]!.title).toBe('Change merged with failing checks: acme/api#1');
  });

  it('checks: a required check absent fires even when others passed', () => {
    const r = run({}, { ...DEFAULT_CHANGE_SETTINGS, requiredChecks: ['secret-scan'] });
    expect(rulesOf(r)).toEqual([
      ['change-checks-failed', 'acme/api#1'],
      ['change-checks-failed', 'acme/api#2'],
    ]);
  });

  it('direct push: a commit of the default branch without a pull request fires, named by its sha', () => {
    const r = run({ commits: [commit(1), commit(3, 'hotfix'), commit(2)] });
    expect(rulesOf(r)).toEqual([['change-direct-push', `acme/api@${sha(3).slice(0, 7)}`]]);
    expect(r.changes.find((c) => c.kind === 'commit')?.releaseKey).toBe('deployment:100');
  });

  it('direct push: commits of merged branches (not first-parent) are not changes', () => {
    const withParents = (c: CommitFact, parents: string[]) => ({ ...c, parents });
    const r = run({
      commits: [
        withParents(commit(1), []),
        withParents(commit(9, 'work in branch'), [sha(1)]),
        withParents(commit(2), [sha(1), sha(9)]),
      ],
    });
    expect(r.findings).toEqual([]);
  });

  it('emergency: no approval and no retro approval within N days fires; a retro approval in time does not; pending before the deadline', () => {
    const label = { labels: ['Emergency'], reviews: [] };
    const late = run({ pulls: [pull(1, label), pull(2)] });
    expect(rulesOf(late)).toEqual([['change-emergency-no-retro', 'acme/api#1']]);
    const retro = run({
      pulls: [
        pull(1, {
          ...label,
          reviews: [{ reviewer: 'bob', state: 'APPROVED', submittedAt: '2026-10-05T10:00:00Z' }],
        }),
        pull(2),
      ],
    });
    expect(retro.findings).toEqual([]);
    expect(retro.changes[0]!.approval).toBe('retro-approved');
    const tooLate = run({
      pulls: [
        pull(1, {
          ...label,
          reviews: [{ reviewer: 'bob', state: 'APPROVED', submittedAt: '2026-10-07T10:00:00Z' }],
        }),
        pull(2),
      ],
    });
    expect(rulesOf(tooLate)).toEqual([['change-emergency-no-retro', 'acme/api#1']]);
    const pending = run({ pulls: [pull(1, label), pull(2)] }, DEFAULT_CHANGE_SETTINGS, '2026-10-04');
    expect(pending.findings).toEqual([]);
    expect(pending.changes[0]!.approval).toBe('retro-pending');
  });

  it('release with no change: a redeploy of the same commit fires, named by its deployment', () => {
    const r = run({ deployments: [deploy(100, 2), deploy(101, 2, { deployedAt: '2026-10-03T09:00:00Z' })] });
    expect(rulesOf(r)).toEqual([['release-no-change', `acme/api deployment 101 (${sha(2).slice(0, 7)})`]]);
    expect(r.findings[0]!.severity).toBe('medium');
  });
});

describe('releases', () => {
  it('each production release takes the commits after the previous one; failed and staging deployments are none', () => {
    const r = run({
      commits: [commit(1), commit(2), commit(3)],
      pulls: [pull(1), pull(2), pull(3)],
      deployments: [
        deploy(100, 1),
        deploy(101, 2, { environment: 'staging' }),
        deploy(102, 2, { succeeded: false, state: 'failure' }),
        deploy(103, 3, { environment: 'Prod' }),
      ],
    });
    expect(r.releases.map((x) => [x.key, x.changeKeys])).toEqual([
      ['deployment:100', ['pr:1']],
      ['deployment:103', ['pr:2', 'pr:3']],
    ]);
    expect(r.findings).toEqual([]);
  });

  it('the production pattern is configurable', () => {
    const r = run(
      { deployments: [deploy(100, 2, { environment: 'live-eu' })] },
      { ...DEFAULT_CHANGE_SETTINGS, productionEnv: 'live-.*' },
    );
    expect(r.releases).toHaveLength(1);
    expect(run({ deployments: [deploy(100, 2, { environment: 'live-eu' })] }).releases).toHaveLength(0);
  });

  it('does not depend on the order of its inputs', () => {
    const a = run({ pulls: [pull(1), pull(2)], deployments: [deploy(100, 1), deploy(101, 2)] });
    const b = run({ pulls: [pull(2), pull(1)], deployments: [deploy(101, 2), deploy(100, 1)] });
    expect(b).toEqual(a);
  });
});

describe('planChangeFindingSync', () => {
  it('opens the new, resolves the gone and duplicates, updates a changed severity, leaves the rest', () => {
    const detected = run({
      pulls: [pull(1, { reviews: [] }), pull(2, { checks: [] })],
    }).findings;
    const open = [
      { findingId: 'f1', subjectKey: 'pr:1', rule: 'change-unapproved', severity: 'high', openedOn: T },
      { findingId: 'f2', subjectKey: 'pr:1', rule: 'change-unapproved', severity: 'high', openedOn: T },
      { findingId: 'f3', subjectKey: 'pr:9', rule: 'change-unapproved', severity: 'high', openedOn: T },
      { findingId: 'f4', subjectKey: 'pr:2', rule: 'change-checks-failed', severity: 'low', openedOn: T },
    ];
    const plan = planChangeFindingSync(open, detected);
    expect(plan.open).toEqual([]);
    expect(plan.resolve.map((f) => f.findingId)).toEqual(['f2', 'f3']);
    expect(plan.update.map((u) => u.existing.findingId)).toEqual(['f4']);
  });
});
