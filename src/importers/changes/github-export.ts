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
 * partial read, the caller stores nothing.
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
import { parseTimestamp } from '../nhi/dates.js';
import { JsonRecord } from '../nhi/record.js';
import { readPagedList, withRecordLine } from './json-lists.js';

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

interface RawPull extends Omit<PullFact, 'reviews' | 'checks'> {
  at: JsonRecord;
}
interface RawDeployment {
  id: string;
  environment: string;
  sha: string | null;
  createdAt: string;
}
interface RawStatus {
  state: string;
  createdAt: string;
}
interface RawRelease {
  id: string;
  name: string | null;
  tag: string;
  target: string | null;
  publishedAt: string;
}

const SHA = /^[0-9a-f]{7,64}$/i;

function int(rec: JsonRecord, key: string): number {
  const v = rec.raw(key);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw rec.error(`expected a whole number, found ${v === undefined ? 'nothing' : JSON.stringify(v)}`, key);
  return v;
}
function date(rec: JsonRecord, key: string): string {
  const v = rec.optDate(key);
  if (v === null) throw rec.error('expected a timestamp, found nothing', key);
  return v;
}
function login(rec: JsonRecord, key: string): string {
  const user = rec.child(key);
  // A deleted account shows as null (GitHub's "ghost").
  if (user.value === null || user.value === undefined) return 'ghost';
  user.object('a user {login, …}');
  return user.str('login');
}
/** `owner/repo` from an API URL (`https://api.github.com/repos/o/r/…`). */
export function repositoryOfApiUrl(url: string | null): string | null {
  const m = url ? /\/repos\/([^/]+\/[^/]+?)(?:\/|$)/.exec(url) : null;
  return m ? m[1]! : null;
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

  private async readPulls(input: Readable | string, file: string, reopen?: () => Readable): Promise<void> {
    const shape = 'the body of `GET /repos/{owner}/{repo}/pulls?state=closed`: an array of pull requests';
    await readPagedList(
      input,
      file,
      shape,
      (rec) => {
        rec.object('a pull request {number, user, merged_at, base, head, …}');
        const number = int(rec, 'number');
        const base = rec.child('base');
        base.object('the base {ref, repo}');
        const baseRepo = base.child('repo');
        if (baseRepo.isObject) {
          this.sameRepository(baseRepo.optStr('full_name'), baseRepo, 'full_name');
          const def = baseRepo.optStr('default_branch');
          if (def) this.defaultBranches.set(def, (this.defaultBranches.get(def) ?? 0) + 1);
        }
        const mergedAt = rec.optDate('merged_at');
        const baseRef = base.str('ref');
        const mergeSha = rec.optStr('merge_commit_sha');
        if (mergeSha !== null && !SHA.test(mergeSha))
          throw rec.error('expected a commit sha', 'merge_commit_sha');
        const head = rec.child('head');
        const headSha = head.isObject ? head.optStr('sha') : null;
        if (mergedAt === null) {
          this.pullsNotMerged++;
          return;
        }
        this.pulls.push({
          number,
          title: rec.optStr('title') ?? '',
          author: login(rec, 'user'),
          mergedAt,
          mergeCommitSha: mergeSha?.toLowerCase() ?? null,
          headSha: headSha?.toLowerCase() ?? null,
          baseRef,
          labels: rec.list('labels').map((l) => {
            if (typeof l.value === 'string') return l.value;
            l.object('a label {name}');
            return l.str('name');
          }),
          url: rec.optStr('html_url'),
          // Where the record was, without holding its whole parsed body until the export is joined.
          at: new JsonRecord(null, rec.file, rec.path, rec.line),
        });
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
    const shape = 'the body of `GET …/pulls/{number}/reviews`: an array of reviews';
    await readPagedList(
      input,
      file,
      shape,
      (rec) => {
        rec.object('a review {user, state, submitted_at}');
        list.push({
          reviewer: login(rec, 'user'),
          state: rec.str('state'),
          submittedAt: rec.optDate('submitted_at'),
        });
      },
      { reopen },
    );
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
    const shape = 'the body of `GET …/commits/{sha}/check-runs`: {total_count, check_runs: […]}';
    await readPagedList(
      input,
      file,
      shape,
      (rec) => {
        rec.object('a check run {name, status, conclusion}');
        list.push({ name: rec.str('name'), status: rec.str('status'), conclusion: rec.optStr('conclusion') });
      },
      { key: 'check_runs', reopen },
    );
    this.counts.checkRuns += list.length;
    this.checks ??= new Map();
    this.checks.set(sha, [...(this.checks.get(sha) ?? []), ...list]);
  }

  private async readDeployments(
    input: Readable | string,
    file: string,
    reopen?: () => Readable,
  ): Promise<void> {
    const shape = 'the body of `GET /repos/{owner}/{repo}/deployments`: an array of deployments';
    this.deployments ??= [];
    const deployments = this.deployments;
    await readPagedList(
      input,
      file,
      shape,
      (rec) => {
        rec.object('a deployment {id, environment, sha, created_at}');
        this.sameRepository(repositoryOfApiUrl(rec.optStr('repository_url')), rec, 'repository_url');
        const sha = rec.optStr('sha');
        if (sha !== null && !SHA.test(sha)) throw rec.error('expected a commit sha', 'sha');
        deployments.push({
          id: rec.id('id'),
          environment: rec.str('environment'),
          sha: sha?.toLowerCase() ?? null,
          createdAt: date(rec, 'created_at'),
        });
      },
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
    const shape = 'the body of `GET …/deployments/{id}/statuses`: an array of statuses';
    await readPagedList(
      input,
      file,
      shape,
      (rec) => {
        rec.object('a deployment status {state, created_at}');
        list.push({ state: rec.str('state').toLowerCase(), createdAt: date(rec, 'created_at') });
      },
      { reopen },
    );
    this.counts.deploymentStatuses += list.length;
    this.statuses ??= new Map();
    this.statuses.set(id, [...(this.statuses.get(id) ?? []), ...list]);
  }

  private async readCommits(input: Readable | string, file: string, reopen?: () => Readable): Promise<void> {
    const shape = 'the body of `GET /repos/{owner}/{repo}/commits`: an array of commits';
    const list: CommitFact[] = [];
    await readPagedList(
      input,
      file,
      shape,
      (rec) => {
        rec.object('a commit {sha, commit: {author, message}, parents}');
        const sha = rec.str('sha');
        if (!SHA.test(sha)) throw rec.error('expected a commit sha', 'sha');
        this.sameRepository(repositoryOfApiUrl(rec.optStr('url')), rec, 'url');
        const commit = rec.child('commit');
        commit.object('the commit {author, message}');
        const author = commit.child('author');
        author.object('the commit author {name, email, date}');
        const user = rec.child('author');
        list.push({
          sha: sha.toLowerCase(),
          author: user.isObject ? user.str('login') : author.str('name'),
          email: author.optStr('email'),
          committedAt: date(author, 'date'),
          message: (commit.optStr('message') ?? '').split('\n')[0]!,
          parents: rec.list('parents').map((p) => {
            p.object('a parent {sha}');
            return p.str('sha').toLowerCase();
          }),
        });
      },
      { reopen },
    );
    this.commitsJson = [...(this.commitsJson ?? []), ...list];
  }

  private async readReleases(input: Readable | string, file: string, reopen?: () => Readable): Promise<void> {
    const shape = 'the body of `GET /repos/{owner}/{repo}/releases`: an array of releases';
    await readPagedList(
      input,
      file,
      shape,
      (rec) => {
        rec.object('a release {id, tag_name, target_commitish, published_at}');
        if (rec.optBool('draft') === true) return;
        const publishedAt = rec.optDate('published_at');
        if (publishedAt === null) return;
        this.sameRepository(repositoryOfApiUrl(rec.optStr('url')), rec, 'url');
        this.releases.push({
          id: rec.id('id'),
          name: rec.optStr('name'),
          tag: rec.str('tag_name'),
          target: rec.optStr('target_commitish'),
          publishedAt,
        });
      },
      { reopen },
    );
  }

  private async readGitLog(input: Readable | string, file: string): Promise<void> {
    const list: CommitFact[] = [];
    let rest = '';
    let line = 0;
    const decoder = new TextDecoder('utf-8');
    const take = (text: string) => {
      line++;
      const clean = text.replace(/\r$/, '');
      if (clean.trim() === '') return;
      const fields = clean.split('\t');
      if (fields.length < 5) {
        throw new ImportError(
          { file, line, column: fields.length + 1 },
          `expected 5 tab-separated fields (%H %an %ae %aI %s), found ${fields.length}`,
        );
      }
      const [sha, author, email, when] = fields as [string, string, string, string];
      if (!/^[0-9a-f]{40,64}$/i.test(sha))
        throw new ImportError(
          { file, line, column: 1 },
          `expected a full commit sha, found "${sha.slice(0, 80)}"`,
        );
      if (author.trim() === '')
        throw new ImportError({ file, line, column: 2 }, 'expected the author name, found nothing');
      const committedAt = parseTimestamp(when);
      if (committedAt === undefined)
        throw new ImportError(
          { file, line, column: 4 },
          `expected an ISO 8601 date (%aI), found "${when.slice(0, 80)}"`,
        );
      list.push({
        sha: sha.toLowerCase(),
        author,
        email: email || null,
        committedAt,
        message: fields.slice(4).join('\t'),
        parents: null,
      });
    };
    for await (const chunk of (typeof input === 'string' ? [input] : input) as AsyncIterable<
      Buffer | string
    >) {
      rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      let nl = rest.indexOf('\n');
      while (nl !== -1) {
        take(rest.slice(0, nl));
        rest = rest.slice(nl + 1);
        nl = rest.indexOf('\n');
      }
    }
    rest += decoder.decode();
    if (rest !== '') take(rest);
    if (list.length === 0) throw new ImportError({ file }, 'the file is empty: expected git log lines');
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
