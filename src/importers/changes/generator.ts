/**
 * A realistic GitHub export of one repository, in the documented REST shapes
 * the change importer reads (the files of docs/decisions/0024): squash-merged
 * pull requests reviewed by a colleague with two check runs, production and
 * staging deployments with their statuses, the default branch's commits.
 * Deterministic for a seed. Violations are planted on request, one each: a
 * self-approved pull request, one merged with a failing check, a direct push
 * and an emergency change without a retrospective approval (an emergency
 * change approved in time is planted too, as a non-violation). Used by
 * `scripts/generate-github-changes.ts`, the tests and the demo.
 */
import { createHash } from 'node:crypto';
import { prng } from '../seeded-random.js';

export interface GeneratorOptions {
  seed: number;
  repository: string;
  /** Merged pull requests (a few closed unmerged ones come on top). */
  pulls: number;
  /** Production deployments (each ships at least one change). */
  deployments: number;
  /** The day the first pull request merges. */
  start: string;
  violations: boolean;
}

/** What was planted, for tests to check the findings against. */
export interface PlantedViolations {
  selfApproved: number | null;
  failingCheck: number | null;
  directPush: string | null;
  emergencyWithoutRetro: number | null;
  emergencyWithRetro: number | null;
}

const PEOPLE = ['alice-nguyen', 'bob-okafor', 'carol-ito', 'dmitri-volkov', 'emma-schulz', 'farid-haddad'];

const shaOf = (text: string) => createHash('sha1').update(text).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const user = (login: string, id: number) => ({
  login,
  id,
  node_id: `U_${id}`,
  type: 'User',
  site_admin: false,
});

/** The files of the export (relative name → content). */
export function generateGithubChanges(options: GeneratorOptions): {
  files: Map<string, string>;
  planted: PlantedViolations;
} {
  const random = prng(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const repo = options.repository;
  const api = `https://api.github.com/repos/${repo}`;
  const files = new Map<string, string>();
  const n = options.pulls;
  const at = (k: number) => Math.floor((n * k) / 7);
  const planted: PlantedViolations = {
    selfApproved: options.violations ? 1000 + at(1) : null,
    failingCheck: options.violations ? 1000 + at(2) : null,
    directPush: null,
    emergencyWithoutRetro: options.violations ? 1000 + at(4) : null,
    emergencyWithRetro: options.violations ? 1000 + at(5) : null,
  };
  const directPushAfter = options.violations ? 1000 + at(3) : null;

  let time = Date.parse(`${options.start}T09:00:00Z`);
  let parent = shaOf(`${repo} root`);
  // History before the first generated pull request is not part of the export.
  const commits: unknown[] = [];
  const pulls: unknown[] = [];
  const heads: { sha: string; at: number }[] = [];
  const perDeployment = Math.max(1, Math.floor(n / options.deployments));
  const deployments: unknown[] = [];
  let deploymentId = 710_000_000;
  const deploy = (sha: string, when: number, environment: string, state: string) => {
    const id = ++deploymentId;
    deployments.push({
      url: `${api}/deployments/${id}`,
      id,
      node_id: `DE_${id}`,
      task: 'deploy',
      original_environment: environment,
      environment,
      description: 'Deploy by pipeline',
      created_at: iso(when),
      updated_at: iso(when + 540_000),
      statuses_url: `${api}/deployments/${id}/statuses`,
      repository_url: api,
      creator: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
      sha,
      ref: 'main',
      payload: {},
      transient_environment: false,
      production_environment: environment === 'production',
    });
    files.set(
      `deployment-statuses/${id}.json`,
      JSON.stringify(
        [
          {
            id: id * 10 + 2,
            state,
            environment,
            created_at: iso(when + 540_000),
            creator: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
          },
          {
            id: id * 10 + 1,
            state: 'in_progress',
            environment,
            created_at: iso(when + 60_000),
            creator: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
          },
        ],
        null,
        1,
      ),
    );
  };

  let productionDeployments = 0;
  for (let i = 0; i < n; i++) {
    const number = 1000 + i;
    time += Math.floor((6 + random() * 30) * 3_600_000);
    const author = pick(PEOPLE);
    const reviewer = pick(PEOPLE.filter((p) => p !== author));
    const head = shaOf(`${repo} head ${number}`);
    const merge = shaOf(`${repo} merge ${number}`);
    const merged = time;
    const emergency = number === planted.emergencyWithoutRetro || number === planted.emergencyWithRetro;
    const labels = emergency
      ? [{ id: 1, name: 'emergency', color: 'd73a4a' }]
      : random() < 0.2
        ? [{ id: 2, name: 'dependencies', color: '0366d6' }]
        : [];
    pulls.push({
      url: `${api}/pulls/${number}`,
      id: 2_200_000_000 + number,
      html_url: `https://github.com/${repo}/pull/${number}`,
      number,
      state: 'closed',
      title: `${pick(['Add', 'Fix', 'Refactor', 'Speed up', 'Document'])} ${pick(['checkout', 'refunds', 'webhooks', 'ledger', 'retry logic', 'audit log'])} (${number})`,
      user: user(author, 1100 + PEOPLE.indexOf(author)),
      body: null,
      labels,
      created_at: iso(merged - 20 * 3_600_000),
      updated_at: iso(merged + 180_000),
      closed_at: iso(merged),
      merged_at: iso(merged),
      merge_commit_sha: merge,
      draft: false,
      head: {
        label: `${repo.split('/')[0]}:feature-${number}`,
        ref: `feature-${number}`,
        sha: head,
        user: user(author, 1100 + PEOPLE.indexOf(author)),
      },
      base: {
        label: `${repo.split('/')[0]}:main`,
        ref: 'main',
        sha: parent,
        repo: { id: 700_200, full_name: repo, default_branch: 'main' },
      },
    });
    const review = (login: string, state: string, when: number, k: number) => ({
      id: 3_400_000_000 + number * 10 + k,
      user: user(login, 1100 + PEOPLE.indexOf(login)),
      body: '',
      state,
      html_url: `https://github.com/${repo}/pull/${number}#pullrequestreview-${number * 10 + k}`,
      pull_request_url: `${api}/pulls/${number}`,
      submitted_at: iso(when),
      commit_id: head,
    });
    let reviews: unknown[];
    if (number === planted.selfApproved) reviews = [review(author, 'APPROVED', merged - 3_600_000, 1)];
    else if (number === planted.emergencyWithoutRetro) reviews = [];
    else if (number === planted.emergencyWithRetro)
      reviews = [review(reviewer, 'APPROVED', merged + 30 * 3_600_000, 1)];
    else if (random() < 0.15)
      reviews = [
        review(reviewer, 'CHANGES_REQUESTED', merged - 8 * 3_600_000, 1),
        review(reviewer, 'APPROVED', merged - 2 * 3_600_000, 2),
      ];
    else reviews = [review(reviewer, 'APPROVED', merged - 2 * 3_600_000, 1)];
    files.set(`reviews/${number}.json`, JSON.stringify(reviews, null, 1));
    const run = (name: string, conclusion: string, k: number) => ({
      id: 9_800_000_000 + number * 10 + k,
      name,
      head_sha: head,
      status: 'completed',
      conclusion,
      started_at: iso(merged - 5 * 3_600_000),
      completed_at: iso(merged - 4.8 * 3_600_000),
      app: { id: 15368, slug: 'github-actions', name: 'GitHub Actions' },
    });
    files.set(
      `check-runs/${head}.json`,
      JSON.stringify(
        {
          total_count: 2,
          check_runs: [
            run('build', 'success', 1),
            run('test', number === planted.failingCheck ? 'failure' : 'success', 2),
          ],
        },
        null,
        1,
      ),
    );
    commits.push({
      sha: merge,
      url: `${api}/commits/${merge}`,
      commit: {
        author: { name: author, email: `${author}@users.noreply.github.com`, date: iso(merged) },
        message: `${(pulls[pulls.length - 1] as { title: string }).title} (#${number})`,
      },
      author: user(author, 1100 + PEOPLE.indexOf(author)),
      parents: [{ sha: parent }],
    });
    parent = merge;
    if (number === directPushAfter) {
      time += 3_600_000;
      const push = shaOf(`${repo} direct push`);
      planted.directPush = push;
      commits.push({
        sha: push,
        url: `${api}/commits/${push}`,
        commit: {
          author: { name: 'dmitri-volkov', email: 'dmitri-volkov@users.noreply.github.com', date: iso(time) },
          message: 'hotfix: raise the connection pool size',
        },
        author: user('dmitri-volkov', 1103),
        parents: [{ sha: parent }],
      });
      parent = push;
    }
    heads.push({ sha: parent, at: time });
    // A closed, unmerged pull request now and then (not a change).
    if (random() < 0.05) {
      pulls.push({
        url: `${api}/pulls/${number + 5000}`,
        id: 2_200_000_000 + number + 5000,
        number: number + 5000,
        state: 'closed',
        title: 'Abandoned experiment',
        user: user(author, 1100 + PEOPLE.indexOf(author)),
        labels: [],
        created_at: iso(merged - 3_600_000),
        closed_at: iso(merged),
        merged_at: null,
        merge_commit_sha: null,
        head: { ref: `spike-${number}`, sha: shaOf(`${repo} spike ${number}`) },
        base: { ref: 'main', repo: { id: 700_200, full_name: repo, default_branch: 'main' } },
      });
    }
    const last = i === n - 1;
    if ((i + 1) % perDeployment === 0 && (productionDeployments < options.deployments - 1 || last)) {
      time += 2 * 3_600_000;
      deploy(parent, time - 3_600_000, 'staging', 'success');
      deploy(parent, time, 'production', 'success');
      productionDeployments++;
    } else if (last) {
      time += 2 * 3_600_000;
      deploy(parent, time, 'production', 'success');
      productionDeployments++;
    }
  }
  // Pages of 100 as `gh api --paginate` writes them (concatenated arrays), newest first.
  const pages = (list: unknown[]) => {
    const out: string[] = [];
    for (let i = 0; i < list.length; i += 100) out.push(JSON.stringify(list.slice(i, i + 100), null, 1));
    return out.join('\n');
  };
  files.set('pulls.json', pages(pulls.reverse()));
  files.set('commits.json', pages(commits.reverse()));
  files.set('deployments.json', pages(deployments.reverse()));
  return { files, planted };
}
