/**
 * The GitHub connector's collection (issue 18 item 4, docs/decisions/0033):
 * reads an organization through GitHub's REST API and feeds the answers, in
 * the very layout and shapes the file importers read, to the existing import
 * services — so a collection makes exactly the records a file import of the
 * same data makes, with the same all-or-nothing imports, idempotence,
 * evidence and ledger entries:
 *
 * - per repository, a change export (docs/decisions/0024: `pulls.json`,
 *   `reviews/<n>.json`, `check-runs/<sha>.json`, `deployments.json`,
 *   `deployment-statuses/<id>.json`, `commits.json`, or `releases.json` for a
 *   repository without deployments) → `importChanges`;
 * - the organization's fine-grained PATs, App installations and Actions
 *   secrets, and each repository's deploy keys and Actions secrets → `importNhi`.
 *
 * Each list is streamed page by page (Link pagination) into a temporary
 * directory, removed afterwards. One unit (a repository's changes, its deploy
 * keys …) that GitHub refuses with 403 or 404 is reported as a problem and
 * the rest is collected; a 401, a 5xx or a network error fails the whole
 * collection (its job is retried with backoff, then dead-lettered).
 */
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Octokit } from '@octokit/rest';
import type { Actor } from '../../core/ledger/chain.js';
import { importChanges } from '../changes/changes.import.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { importNhi } from '../nhi/import/import.service.js';
import {
  type GithubClientOptions,
  type GithubClientStats,
  githubClient,
  githubFailure,
} from './github.client.js';

/** What to collect: the organization, and its repositories (null: every repository not archived). */
export interface GithubTarget {
  account: string;
  repositories: readonly string[] | null;
}

/** A unit GitHub refused (403/404): reported, the rest collected. */
export interface GithubProblem {
  unit: string;
  status: number;
  message: string;
}

/** One import the collection made. */
export interface GithubImported {
  unit: string;
  status: 'imported' | 'unchanged';
  records: number;
}

/** What a collection did. */
export interface GithubCollectResult {
  account: string;
  repositories: number;
  imports: GithubImported[];
  problems: GithubProblem[];
  stats: GithubClientStats;
}

/** A list endpoint's pages (Octokit's paginate, which follows `Link: rel="next"`). */
type Pages = AsyncIterable<{ data: unknown }>;

/**
 * Writes a list answer's pages to `file` as one JSON document, page by page:
 * a bare array, or `{"<key>": […], "total_count": n}` where the importer
 * reads GitHub's wrapped shape. Returns the records written.
 */
async function writeList(
  file: string,
  pages: Pages,
  key?: string,
  onRecord?: (record: Record<string, unknown>) => void,
): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  const out = await open(file, 'w');
  let count = 0;
  try {
    await out.write(key ? `{"${key}":[` : '[');
    for await (const page of pages) {
      const records = page.data as Record<string, unknown>[];
      let chunk = '';
      for (const r of records) {
        chunk += `${count === 0 ? '' : ',\n'}${JSON.stringify(r)}`;
        count += 1;
        onRecord?.(r);
      }
      await out.write(chunk);
    }
    await out.write(key ? `],"total_count":${count}}\n` : ']\n');
  } finally {
    await out.close();
  }
  return count;
}

/** Whether GitHub refused a unit (no access, not there) rather than failed: reported, the rest collected. */
function refusal(err: unknown): { status: number; message: string } | null {
  const failure = githubFailure(err);
  return failure && (failure.status === 403 || failure.status === 404) ? failure : null;
}

/** A GitHub error answer that fails the collection, saying what was collected and what GitHub answered. */
function failed(unit: string, err: unknown): unknown {
  const failure = githubFailure(err);
  if (!failure) return err;
  const url = (err as { request?: { method?: string; url?: string } }).request;
  const path = url?.url ? new URL(url.url).pathname : '';
  return new Error(
    `${unit}: GitHub answered ${failure.status} (${failure.message}) to ${url?.method ?? 'GET'} ${path}`,
  );
}

/** Collects one organization (see the module comment). */
export async function collectGithub(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  target: GithubTarget,
  client: GithubClientOptions,
  options: { at: string },
): Promise<GithubCollectResult> {
  const { octokit, stats } = githubClient(client);
  const org = target.account;
  const dir = await mkdtemp(path.join(tmpdir(), 'auditready-github-'));
  const result: GithubCollectResult = { account: org, repositories: 0, imports: [], problems: [], stats };
  const unit = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      const refused = refusal(err);
      if (!refused) throw failed(name, err);
      result.problems.push({ unit: name, status: refused.status, message: refused.message });
    }
  };
  const nhi = async (name: string, kind: string, file: string, scope: string, records: number) => {
    const r = await importNhi(stores, actor, orgId, { kind, file, scope, at: options.at });
    result.imports.push({ unit: name, status: r.status, records });
  };
  try {
    await unit(`${org} fine-grained personal access tokens`, async () => {
      const file = path.join(dir, 'nhi', `github-pats-${org}.json`);
      const n = await writeList(
        file,
        octokit.paginate.iterator('GET /orgs/{org}/personal-access-tokens', { org, per_page: 100 }),
      );
      await nhi(`${org} fine-grained personal access tokens`, 'github-pats', file, org, n);
    });
    await unit(`${org} app installations`, async () => {
      const file = path.join(dir, 'nhi', `github-installations-${org}.json`);
      const n = await writeList(
        file,
        octokit.paginate.iterator('GET /orgs/{org}/installations', { org, per_page: 100 }),
        'installations',
      );
      await nhi(`${org} app installations`, 'github-installations', file, org, n);
    });
    await unit(`${org} Actions secrets`, async () => {
      const file = path.join(dir, 'nhi', `github-actions-secrets-${org}.json`);
      const n = await writeList(
        file,
        octokit.paginate.iterator('GET /orgs/{org}/actions/secrets', { org, per_page: 100 }),
        'secrets',
      );
      await nhi(`${org} Actions secrets`, 'github-actions-secrets', file, org, n);
    });

    const repositories = target.repositories
      ? target.repositories.map((r) => (r.includes('/') ? r : `${org}/${r}`))
      : await listRepositories(octokit, org).catch((err: unknown) => {
          throw failed(`${org} repositories`, err);
        });
    result.repositories = repositories.length;
    for (const [i, fullName] of repositories.entries()) {
      const [owner, repo] = fullName.split('/') as [string, string];
      const repoDir = path.join(dir, `repo-${i}`);
      await unit(`${fullName} changes`, async () => {
        const r = await collectChanges(octokit, owner, repo, path.join(repoDir, 'changes'));
        const imported = await importChanges(stores, actor, orgId, {
          location: path.join(repoDir, 'changes'),
          input: { repository: fullName },
          at: options.at,
        });
        result.imports.push({ unit: `${fullName} changes`, status: imported.status, records: r });
      });
      await unit(`${fullName} deploy keys`, async () => {
        const file = path.join(repoDir, `github-deploy-keys-${owner}-${repo}.json`);
        const n = await writeList(
          file,
          octokit.paginate.iterator('GET /repos/{owner}/{repo}/keys', { owner, repo, per_page: 100 }),
        );
        await nhi(`${fullName} deploy keys`, 'github-deploy-keys', file, fullName, n);
      });
      await unit(`${fullName} Actions secrets`, async () => {
        const file = path.join(repoDir, `github-actions-secrets-${owner}-${repo}.json`);
        const n = await writeList(
          file,
          octokit.paginate.iterator('GET /repos/{owner}/{repo}/actions/secrets', {
            owner,
            repo,
            per_page: 100,
          }),
          'secrets',
        );
        await nhi(`${fullName} Actions secrets`, 'github-actions-secrets', file, fullName, n);
      });
      await rm(repoDir, { recursive: true, force: true });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return result;
}

/** The organization's repositories that are not archived, `owner/name`. */
async function listRepositories(octokit: Octokit, org: string): Promise<string[]> {
  const names: string[] = [];
  for await (const page of octokit.paginate.iterator('GET /orgs/{org}/repos', { org, per_page: 100 })) {
    for (const r of page.data) if (!r.archived) names.push(r.full_name);
  }
  return names.sort();
}

/**
 * One repository's change export in the file importer's layout. Returns the
 * pull requests listed (merged or not).
 */
async function collectChanges(octokit: Octokit, owner: string, repo: string, dir: string): Promise<number> {
  const merged: { number: number; head: string | null }[] = [];
  const pulls = await writeList(
    path.join(dir, 'pulls.json'),
    octokit.paginate.iterator('GET /repos/{owner}/{repo}/pulls', {
      owner,
      repo,
      state: 'closed',
      per_page: 100,
    }),
    undefined,
    (p) => {
      if (p.merged_at) {
        const head = (p.head as { sha?: unknown } | null)?.sha;
        merged.push({ number: Number(p.number), head: typeof head === 'string' ? head.toLowerCase() : null });
      }
    },
  );
  // The directories exist even when empty: their absence would mean "not exported".
  await mkdir(path.join(dir, 'check-runs'), { recursive: true });
  await mkdir(path.join(dir, 'deployment-statuses'), { recursive: true });
  const heads = new Set<string>();
  for (const pr of merged) {
    await writeList(
      path.join(dir, 'reviews', `${pr.number}.json`),
      octokit.paginate.iterator('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
        owner,
        repo,
        pull_number: pr.number,
        per_page: 100,
      }),
    );
    if (pr.head && !heads.has(pr.head)) {
      heads.add(pr.head);
      await writeList(
        path.join(dir, 'check-runs', `${pr.head}.json`),
        octokit.paginate.iterator('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
          owner,
          repo,
          ref: pr.head,
          per_page: 100,
        }),
        'check_runs',
      );
    }
  }
  const deploymentIds: number[] = [];
  const deploymentsFile = path.join(dir, 'deployments.json');
  const deployments = await writeList(
    deploymentsFile,
    octokit.paginate.iterator('GET /repos/{owner}/{repo}/deployments', { owner, repo, per_page: 100 }),
    undefined,
    (d) => deploymentIds.push(Number(d.id)),
  );
  if (deployments === 0) {
    // A repository that ships by tagging: its releases stand for its deployments (as in the file export).
    await rm(deploymentsFile);
    await writeList(
      path.join(dir, 'releases.json'),
      octokit.paginate.iterator('GET /repos/{owner}/{repo}/releases', { owner, repo, per_page: 100 }),
    );
  }
  for (const id of deploymentIds) {
    await writeList(
      path.join(dir, 'deployment-statuses', `${id}.json`),
      octokit.paginate.iterator('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
        owner,
        repo,
        deployment_id: id,
        per_page: 100,
      }),
    );
  }
  await writeList(
    path.join(dir, 'commits.json'),
    octokit.paginate.iterator('GET /repos/{owner}/{repo}/commits', { owner, repo, per_page: 100 }),
  );
  return pulls;
}
