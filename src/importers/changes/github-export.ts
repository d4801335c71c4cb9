/**
 * Reads a repository's change history from GitHub REST exports (the files
 * of one directory, see docs/decisions/0024) into the facts the change rules
 * read. Each file is streamed once, in any order, and dispatched by its name:
 *
 *   pulls.json                   GET /repos/{o}/{r}/pulls?state=closed
 *   reviews/<number>.json        GET /repos/{o}/{r}/pulls/{number}/reviews
 *   check-runs/<sha>.json        GET /repos/{o}/{r}/commits/{sha}/check-runs (the PR's head sha)
 *   deployments.json             GET /repos/{o}/{r}/deployments
 *   deployment-statuses/<id>.json GET /repos/{o}/{r}/deployments/{id}/statuses
 *   commits.json                 GET /repos/{o}/{r}/commits (the default branch)
 *   releases.json                GET /repos/{o}/{r}/releases
 *   git-log.tsv                  git log --first-parent --format='%H%x09%an%x09%ae%x09%aI%x09%s'
 *
 * JSON files may hold the concatenated pages `gh api --paginate` writes. A
 * bad record throws an ImportError naming the file, the line and the JSON
 * path (`pulls.json, line 812, at $[17].merged_at`); nothing is kept of a
 * partial read, the caller stores nothing. This module routes the files and
 * joins what they say; each record becomes a fact in github-records.ts, a
 * git log in git-log.ts.
 */
import type { Readable } from 'node:stream';
import type {
  CheckFact,
  CommitFact,
  DeploymentFact,
  PullFact,
  ReviewFact,
} from '../../core/changes/types.js';
import { ImportError } from '../../platform/errors.js';
import type { JsonRecord } from '../nhi/record.js';
import { readGitLog } from './git-log.js';
import {
  checkRunRecord,
  commitRecord,
  deploymentRecord,
  LIST_SHAPES,
  type NamesRepository,
  pullRecord,
  type RawDeployment,
  type RawPull,
  type RawRelease,
  type RawStatus,
  releaseRecord,
  reviewRecord,
  SHA,
  statusRecord,
} from './github-records.js';
import { readPagedList, withRecordLine } from './json-lists.js';

export { repositoryOfApiUrl } from './github-records.js';

/** The file names of an export directory, as documented above. */
export const CHANGE_EXPORT_FILES = [
  'pulls.json',
  'reviews/<number>.json',
  'check-runs/<sha>.json',
  'deployments.json',
  'deployment-statuses/<id>.json',
  'commits.json',
  'releases.json',
  'git-log.tsv',
] as const;

/** What one export says about one repository. */
export interface GithubExport {
  repository: string;
  defaultBranch: string;
  /** Pull requests merged (into any branch); closed unmerged ones are counted only. */
  pulls: PullFact[];
  /** Commits of the default branch, oldest first; null when the export has none. */
  commits: CommitFact[] | null;
  /** Deployments (with their statuses resolved), and GitHub releases when there are no deployments. */
  deployments: DeploymentFact[];
  counts: {
    files: number;
    pulls: number;
    pullsNotMerged: number;
    reviews: number;
    checkRuns: number;
    deployments: number;
    deploymentStatuses: number;
    commits: number;
    githubReleases: number;
  };
}

/** Collects the files of one export; `finish` joins them. */
export class GithubExportReader {
  private repository: string | null;
  private repositoryFrom: string | null = null;
  private readonly pulls: RawPull[] = [];
  private pullsNotMerged = 0;
  private readonly reviews = new Map<number, ReviewFact[]>();
  private checks: Map<string, CheckFact[]> | null = null;
  private deployments: RawDeployment[] | null = null;
  private statuses: Map<string, RawStatus[]> | null = null;
  private commitsJson: CommitFact[] | null = null;
  private gitLog: CommitFact[] | null = null;
  private releases: RawRelease[] = [];
  private readonly defaultBranches = new Map<string, number>();
  private readonly seen = new Set<string>();
  private counts = { reviews: 0, checkRuns: 0, deploymentStatuses: 0 };

  constructor(private readonly options: { repository?: string | null; defaultBranch?: string | null } = {}) {
    this.repository = options.repository ?? null;
    if (this.repository) this.repositoryFrom = 'the repository option';
  }

  /**
   * Reads one file of the export; `name` is its path relative to the export's
   * root. A small file may come whole as text (parsed at once, errors still
   * naming the line).
   */
  async add(name: string, input: Readable | string, reopen?: () => Readable): Promise<void> {
    const file = name.replaceAll('\\', '/').replace(/^(\.\/)+/, '');
    this.seen.add(file);
    const [dir, base] = file.includes('/')
      ? [file.slice(0, file.lastIndexOf('/')), file.slice(file.lastIndexOf('/') + 1)]
      : ['', file];
    if (typeof input === 'string') {
      const text = input;
      return withRecordLine(text, file, dir === 'check-runs' ? 'check_runs' : undefined, () =>
        this.route(file, dir, base, text),
      );
    }
    return this.route(file, dir, base, input, reopen);
  }

  private async route(
    file: string,
    dir: string,
    base: string,
    input: Readable | string,
    reopen?: () => Readable,
  ): Promise<void> {
    const stem = base.replace(/\.json$/i, '');
    if (dir === '' && base === 'pulls.json') return this.readPulls(input, file, reopen);
    if (dir === '' && base === 'deployments.json') return this.readDeployments(input, file, reopen);
    if (dir === '' && base === 'commits.json') return this.readCommits(input, file, reopen);
    if (dir === '' && base === 'releases.json') return this.readReleases(input, file, reopen);
    if (dir === '' && base === 'git-log.tsv') return this.readGitLog(input, file);
    if (dir === 'reviews' && /^\d+\.json$/i.test(base))
      return this.readReviews(input, file, Number(stem), reopen);
    if (dir === 'check-runs' && /\.json$/i.test(base) && SHA.test(stem))
      return this.readChecks(input, file, stem.toLowerCase(), reopen);
    if (dir === 'deployment-statuses' && /^\d+\.json$/i.test(base))
      return this.readStatuses(input, file, stem, reopen);
    if (typeof input !== 'string') input.resume();
    throw new ImportError(
      { file },
      `not a file of a change export; expected ${CHANGE_EXPORT_FILES.join(', ')}`,
    );
  }

  /** Notes that a directory of the export exists (even empty): its absence means "not exported". */
  addDirectory(name: string): void {
    if (name === 'check-runs') this.checks ??= new Map();
    if (name === 'deployment-statuses') this.statuses ??= new Map();
  }

  private sameRepository(found: string | null, rec: JsonRecord, key: string): void {
    if (!found) return;
    if (this.repository === null) {
      this.repository = found;
      this.repositoryFrom = `${rec.file} ${rec.path}`;
    } else if (found.toLowerCase() !== this.repository.toLowerCase()) {
      throw rec.error(`belongs to ${found}, not ${this.repository} (named by ${this.repositoryFrom})`, key);
    }
  }

  private readonly named: NamesRepository = (found, rec, key) => this.sameRepository(found, rec, key);

  private async readPulls(input: Readable | string, file: string, reopen?: () => Readable): Promise<void> {
    const countBranch = (name: string) =>
      this.defaultBranches.set(name, (this.defaultBranches.get(name) ?? 0) + 1);
    await readPagedList(
      input,
      file,
      LIST_SHAPES.pulls,
      (rec) => {
        const pull = pullRecord(rec, this.named, countBranch);
        if (pull) this.pulls.push(pull);
        else this.pullsNotMerged++;
      },
      { reopen },
    );
  }

  private async readReviews(
    input: Readable | string,
    file: string,
    number: number,
    reopen?: () => Readable,
  ): Promise<void> {
    const list: ReviewFact[] = [];
    await readPagedList(input, file, LIST_SHAPES.reviews, (rec) => list.push(reviewRecord(rec)), { reopen });
    this.counts.reviews += list.length;
    this.reviews.set(number, [...(this.reviews.get(number) ?? []), ...list]);
  }

  private async readChecks(
    input: Readable | string,
    file: string,
    sha: string,
    reopen?: () => Readable,
  ): Promise<void> {
    const list: CheckFact[] = [];
    await readPagedList(input, file, LIST_SHAPES.checkRuns, (rec) => list.push(checkRunRecord(rec)), {
      key: 'check_runs',
      reopen,
    });
    this.counts.checkRuns += list.length;
    this.checks ??= new Map();
    this.checks.set(sha, [...(this.checks.get(sha) ?? []), ...list]);
  }

  private async readDeployments(
    input: Readable | string,
    file: string,
    reopen?: () => Readable,
  ): Promise<void> {
    this.deployments ??= [];
    const deployments = this.deployments;
    await readPagedList(
      input,
      file,
      LIST_SHAPES.deployments,
      (rec) => deployments.push(deploymentRecord(rec, this.named)),
      { reopen },
    );
  }

  private async readStatuses(
    input: Readable | string,
    file: string,
    id: string,
    reopen?: () => Readable,
  ): Promise<void> {
    const list: RawStatus[] = [];
    await readPagedList(input, file, LIST_SHAPES.statuses, (rec) => list.push(statusRecord(rec)), { reopen });
    this.counts.deploymentStatuses += list.length;
    this.statuses ??= new Map();
    this.statuses.set(id, [...(this.statuses.get(id) ?? []), ...list]);
  }

  private async readCommits(input: Readable | string, file: string, reopen?: () => Readable): Promise<void> {
    const list: CommitFact[] = [];
    await readPagedList(input, file, LIST_SHAPES.commits, (rec) => list.push(commitRecord(rec, this.named)), {
      reopen,
    });
    this.commitsJson = [...(this.commitsJson ?? []), ...list];
  }

  private async readReleases(input: Readable | string, file: string, reopen?: () => Readable): Promise<void> {
    await readPagedList(
      input,
      file,
      LIST_SHAPES.releases,
      (rec) => {
        const release = releaseRecord(rec, this.named);
        if (release) this.releases.push(release);
      },
      { reopen },
    );
  }

  private async readGitLog(input: Readable | string, file: string): Promise<void> {
    const list = await readGitLog(input, file);
    this.gitLog = [...(this.gitLog ?? []), ...list];
  }

  /** Joins the files read: reviews and checks onto pull requests, statuses onto deployments. */
  finish(): GithubExport {
    const repository = this.repository;
    if (!repository) {
      throw new ImportError(
        { file: '.' },
        'the export does not say which repository it is: name it (--repo owner/name)',
      );
    }
    if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) {
      throw new ImportError({ file: '.' }, `"${repository}" is not a repository name owner/name`);
    }
    if (this.seen.size === 0)
      throw new ImportError({ file: '.' }, `no export file; expected ${CHANGE_EXPORT_FILES.join(', ')}`);
    const defaultBranch =
      this.options.defaultBranch ??
      [...this.defaultBranches].sort((a, b) => b[1] - a[1])[0]?.[0] ??
      mostCommon(this.pulls.map((p) => p.baseRef)) ??
      'main';
    const reviewsExported = [...this.seen].some((f) => f.startsWith('reviews/'));
    const pulls: PullFact[] = this.pulls.map((raw) => {
      const { at } = raw;
      const p = {
        number: raw.number,
        title: raw.title,
        author: raw.author,
        mergedAt: raw.mergedAt,
        mergeCommitSha: raw.mergeCommitSha,
        headSha: raw.headSha,
        baseRef: raw.baseRef,
        labels: raw.labels,
        url: raw.url,
      };
      const reviews = this.reviews.get(p.number);
      if (!reviews && p.baseRef === defaultBranch) {
        throw at.error(
          reviewsExported || this.pulls.length > 0
            ? `merged into ${defaultBranch} but reviews/${p.number}.json is missing: export the reviews of every merged pull request`
            : 'no reviews exported',
          'number',
        );
      }
      let checks: CheckFact[] | null = null;
      if (this.checks !== null) {
        checks = p.headSha ? (this.checks.get(p.headSha) ?? null) : null;
        if (checks === null && p.baseRef === defaultBranch) {
          throw at.error(
            `check-runs/${p.headSha ?? '?'}.json is missing: export the check runs of every merged pull request's head commit`,
            'head',
          );
        }
      }
      return { ...p, reviews: reviews ?? [], checks };
    });
    // Newest first in both exports: oldest first here.
    const commits = (this.commitsJson ?? this.gitLog)?.slice().reverse() ?? null;
    const deployments: DeploymentFact[] = (this.deployments ?? []).map((d) => {
      const statuses = this.statuses === null ? null : (this.statuses.get(d.id) ?? []);
      const ordered =
        statuses
          ?.slice()
          .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)) ?? null;
      const success = ordered?.find((s) => s.state === 'success');
      return {
        source: 'deployment',
        externalId: d.id,
        environment: d.environment,
        sha: d.sha,
        deployedAt: success?.createdAt ?? d.createdAt,
        state: ordered === null ? null : (ordered[ordered.length - 1]?.state ?? 'pending'),
        succeeded: ordered === null || success !== undefined,
        name: null,
      };
    });
    if (this.deployments === null) {
      // A repository that ships by tagging: its published GitHub releases are its production releases.
      for (const r of this.releases) {
        const sha =
          r.target && /^[0-9a-f]{40}$/i.test(r.target)
            ? r.target.toLowerCase()
            : commits
              ? latestBefore(commits, r.publishedAt)
              : null;
        deployments.push({
          source: 'github-release',
          externalId: r.id,
          environment: 'production',
          sha,
          deployedAt: r.publishedAt,
          state: 'published',
          succeeded: true,
          name: r.name ?? r.tag,
        });
      }
    }
    return {
      repository,
      defaultBranch,
      pulls,
      commits,
      deployments,
      counts: {
        files: this.seen.size,
        pulls: pulls.length,
        pullsNotMerged: this.pullsNotMerged,
        reviews: this.counts.reviews,
        checkRuns: this.counts.checkRuns,
        deployments: this.deployments?.length ?? 0,
        deploymentStatuses: this.counts.deploymentStatuses,
        commits: commits?.length ?? 0,
        githubReleases: this.releases.length,
      },
    };
  }
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}

/** The newest commit made at or before a time (commits oldest first). */
function latestBefore(commits: CommitFact[], at: string): string | null {
  let found: string | null = null;
  for (const c of commits) if (c.committedAt <= at) found = c.sha;
  return found;
}
