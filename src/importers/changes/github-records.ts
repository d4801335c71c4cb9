/**
 * One GitHub REST record to the fact the change rules read, one function per
 * kind of record (a pull request, a review, a check run, a deployment and
 * its statuses, a commit, a release). Each checks the fields it reads, in
 * the order it reads them, and throws an ImportError naming the record's
 * file, line and JSON path. Where a record names its repository, the
 * caller's `named` hook decides whether it is the export's.
 */
import type { CheckFact, CommitFact, PullFact, ReviewFact } from '../../core/changes/types.js';
import { JsonRecord } from '../nhi/record.js';

/** What each list file holds, as its errors describe it. */
export const LIST_SHAPES = {
  pulls: 'the body of `GET /repos/{owner}/{repo}/pulls?state=closed`: an array of pull requests',
  reviews: 'the body of `GET …/pulls/{number}/reviews`: an array of reviews',
  checkRuns: 'the body of `GET …/commits/{sha}/check-runs`: {total_count, check_runs: […]}',
  deployments: 'the body of `GET /repos/{owner}/{repo}/deployments`: an array of deployments',
  statuses: 'the body of `GET …/deployments/{id}/statuses`: an array of statuses',
  commits: 'the body of `GET /repos/{owner}/{repo}/commits`: an array of commits',
  releases: 'the body of `GET /repos/{owner}/{repo}/releases`: an array of releases',
} as const;

/** Called with the repository a record names (`owner/repo`, or null), the record and the key it is under. */
export type NamesRepository = (found: string | null, rec: JsonRecord, key: string) => void;

/** A merged pull request before its reviews and checks are joined, with where its record was. */
export interface RawPull extends Omit<PullFact, 'reviews' | 'checks'> {
  at: JsonRecord;
}
export interface RawDeployment {
  id: string;
  environment: string;
  sha: string | null;
  createdAt: string;
}
export interface RawStatus {
  state: string;
  createdAt: string;
}
export interface RawRelease {
  id: string;
  name: string | null;
  tag: string;
  target: string | null;
  publishedAt: string;
}

/** A commit sha, short or long. */
export const SHA = /^[0-9a-f]{7,64}$/i;

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

/**
 * A pull request: its base repository named (and its default branch counted
 * by `defaultBranch`), and the merged one's facts, or null for one closed
 * without a merge.
 */
export function pullRecord(
  rec: JsonRecord,
  named: NamesRepository,
  defaultBranch: (name: string) => void,
): RawPull | null {
  rec.object('a pull request {number, user, merged_at, base, head, …}');
  const number = int(rec, 'number');
  const base = rec.child('base');
  base.object('the base {ref, repo}');
  const baseRepo = base.child('repo');
  if (baseRepo.isObject) {
    named(baseRepo.optStr('full_name'), baseRepo, 'full_name');
    const def = baseRepo.optStr('default_branch');
    if (def) defaultBranch(def);
  }
  const mergedAt = rec.optDate('merged_at');
  const baseRef = base.str('ref');
  const mergeSha = rec.optStr('merge_commit_sha');
  if (mergeSha !== null && !SHA.test(mergeSha)) throw rec.error('expected a commit sha', 'merge_commit_sha');
  const head = rec.child('head');
  const headSha = head.isObject ? head.optStr('sha') : null;
  if (mergedAt === null) return null;
  return {
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
  };
}

export function reviewRecord(rec: JsonRecord): ReviewFact {
  rec.object('a review {user, state, submitted_at}');
  return { reviewer: login(rec, 'user'), state: rec.str('state'), submittedAt: rec.optDate('submitted_at') };
}

export function checkRunRecord(rec: JsonRecord): CheckFact {
  rec.object('a check run {name, status, conclusion}');
  return { name: rec.str('name'), status: rec.str('status'), conclusion: rec.optStr('conclusion') };
}

export function deploymentRecord(rec: JsonRecord, named: NamesRepository): RawDeployment {
  rec.object('a deployment {id, environment, sha, created_at}');
  named(repositoryOfApiUrl(rec.optStr('repository_url')), rec, 'repository_url');
  const sha = rec.optStr('sha');
  if (sha !== null && !SHA.test(sha)) throw rec.error('expected a commit sha', 'sha');
  return {
    id: rec.id('id'),
    environment: rec.str('environment'),
    sha: sha?.toLowerCase() ?? null,
    createdAt: date(rec, 'created_at'),
  };
}

export function statusRecord(rec: JsonRecord): RawStatus {
  rec.object('a deployment status {state, created_at}');
  return { state: rec.str('state').toLowerCase(), createdAt: date(rec, 'created_at') };
}

export function commitRecord(rec: JsonRecord, named: NamesRepository): CommitFact {
  rec.object('a commit {sha, commit: {author, message}, parents}');
  const sha = rec.str('sha');
  if (!SHA.test(sha)) throw rec.error('expected a commit sha', 'sha');
  named(repositoryOfApiUrl(rec.optStr('url')), rec, 'url');
  const commit = rec.child('commit');
  commit.object('the commit {author, message}');
  const author = commit.child('author');
  author.object('the commit author {name, email, date}');
  const user = rec.child('author');
  return {
    sha: sha.toLowerCase(),
    author: user.isObject ? user.str('login') : author.str('name'),
    email: author.optStr('email'),
    committedAt: date(author, 'date'),
    message: (commit.optStr('message') ?? '').split('\n')[0]!,
    parents: rec.list('parents').map((p) => {
      p.object('a parent {sha}');
      return p.str('sha').toLowerCase();
    }),
  };
}

/** A published release, or null for a draft or one not published. */
export function releaseRecord(rec: JsonRecord, named: NamesRepository): RawRelease | null {
  rec.object('a release {id, tag_name, target_commitish, published_at}');
  if (rec.optBool('draft') === true) return null;
  const publishedAt = rec.optDate('published_at');
  if (publishedAt === null) return null;
  named(repositoryOfApiUrl(rec.optStr('url')), rec, 'url');
  return {
    id: rec.id('id'),
    name: rec.optStr('name'),
    tag: rec.str('tag_name'),
    target: rec.optStr('target_commitish'),
    publishedAt,
  };
}
