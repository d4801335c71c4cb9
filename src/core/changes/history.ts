/**
 * From one repository's imported facts to its changes and releases: a
 * release is a successful deployment to an environment whose name matches
 * the production pattern; its changes are the commits of the default branch
 * after the previous release's commit up to its own (the commit range), each
 * one the merged pull request whose merge commit it is, or a commit pushed
 * directly. Deterministic whatever the order of the inputs.
 */
import { addDays } from '../dates.js';
import { compareText } from '../nhi/order.js';
import type {
  ApprovalStatus,
  Change,
  ChangeSettings,
  CheckFact,
  ChecksStatus,
  CommitFact,
  DeploymentFact,
  PullFact,
  Release,
  RepositoryHistory,
} from './types.js';

/** Review states that decide (a comment does not). */
const DECISIVE = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);
/** Check conclusions that count as passed. */
const PASSED = new Set(['success', 'neutral', 'skipped']);

/** The production pattern as a predicate on an environment name (whole name, case-insensitive). */
export function productionMatcher(pattern: string): (environment: string) => boolean {
  const re = new RegExp(`^(?:${pattern})$`, 'i');
  return (environment) => re.test(environment);
}

/** Why a production pattern is unusable, or null. */
export function productionPatternProblem(pattern: string): string | null {
  if (pattern.trim() === '') return 'the production environment pattern is empty';
  try {
    productionMatcher(pattern);
    return null;
  } catch (err) {
    return `not a regular expression: ${err instanceof Error ? err.message : String(err)}`;
  }
}

const lower = (s: string) => s.toLowerCase();

/** True when a pull request carries the emergency label. */
export function isEmergency(pull: PullFact, settings: ChangeSettings): boolean {
  const label = lower(settings.emergencyLabel);
  return pull.labels.some((l) => lower(l) === label);
}

/**
 * How a merged pull request was approved at T: by someone else before the
 * merge; for an emergency change, by someone else within `retroDays` after
 * it (pending until then); else self-approved (only its author approved) or
 * unapproved. A reviewer's latest decisive review counts (a dismissed or
 * superseded approval does not).
 */
export function approvalOf(
  pull: PullFact,
  settings: ChangeSettings,
  at: string,
): { approval: ApprovalStatus; approvers: string[] } {
  const author = lower(pull.author);
  const ordered = [...pull.reviews].sort((a, b) => compareText(a.submittedAt ?? '', b.submittedAt ?? ''));
  const latest = new Map<string, string>();
  for (const r of ordered) {
    if (!DECISIVE.has(r.state.toUpperCase())) continue;
    if (r.submittedAt !== null && r.submittedAt > pull.mergedAt) continue;
    latest.set(lower(r.reviewer), r.state.toUpperCase());
  }
  const before = [...latest].filter(([who, s]) => who !== author && s === 'APPROVED').map(([who]) => who);
  if (before.length > 0) return { approval: 'approved', approvers: before.sort(compareText) };
  if (isEmergency(pull, settings)) {
    const deadline = addDays(pull.mergedAt.slice(0, 10), settings.retroDays);
    const retro = ordered.filter(
      (r) =>
        r.state.toUpperCase() === 'APPROVED' &&
        lower(r.reviewer) !== author &&
        r.submittedAt !== null &&
        r.submittedAt > pull.mergedAt &&
        r.submittedAt.slice(0, 10) <= deadline,
    );
    if (retro.length > 0) {
      return {
        approval: 'retro-approved',
        approvers: [...new Set(retro.map((r) => lower(r.reviewer)))].sort(compareText),
      };
    }
    return { approval: at <= deadline ? 'retro-pending' : 'unapproved', approvers: [] };
  }
  return { approval: latest.get(author) === 'APPROVED' ? 'self-approved' : 'unapproved', approvers: [] };
}

/**
 * What a pull request's checks say: per check name, passed when some run of
 * it passed (a re-run), failed when some failed, else missing (still
 * running or never run). With required names, each must have passed;
 * without, at least one check must exist and none may fail.
 */
export function checksOf(checks: CheckFact[] | null, settings: ChangeSettings): ChecksStatus {
  if (checks === null) return 'not-exported';
  const byName = new Map<string, ChecksStatus>();
  for (const c of checks) {
    const done = c.status === 'completed' && c.conclusion !== null;
    const state: ChecksStatus = !done ? 'missing' : PASSED.has(c.conclusion ?? '') ? 'passed' : 'failed';
    const seen = byName.get(c.name);
    if (seen === 'passed') continue;
    if (!seen || state === 'passed' || (state === 'failed' && seen === 'missing')) byName.set(c.name, state);
  }
  const states =
    settings.requiredChecks.length > 0
      ? settings.requiredChecks.map((n) => byName.get(n) ?? 'missing')
      : [...byName.values()];
  if (states.length === 0) return 'missing';
  if (states.includes('failed')) return 'failed';
  if (states.includes('missing')) return 'missing';
  return 'passed';
}

/**
 * The commits of the default branch in order, oldest first: when parents are
 * known, the first-parent chain from the newest listed commit (commits of
 * merged branches are not changes of their own); else the list as given.
 */
export function mainline(commits: CommitFact[]): CommitFact[] {
  if (commits.length === 0 || commits.some((c) => c.parents === null)) return commits;
  const bySha = new Map(commits.map((c) => [c.sha, c]));
  const newest = commits[commits.length - 1]!;
  const chain: CommitFact[] = [];
  const seen = new Set<string>();
  for (let c: CommitFact | undefined = newest; c && !seen.has(c.sha); c = bySha.get(c.parents?.[0] ?? '')) {
    seen.add(c.sha);
    chain.push(c);
  }
  return chain.reverse();
}

/** The short name of a commit. */
export const shortSha = (sha: string) => sha.slice(0, 7);

const byRelease = (a: DeploymentFact, b: DeploymentFact) =>
  compareText(a.deployedAt, b.deployedAt) ||
  compareText(a.source, b.source) ||
  compareText(a.externalId, b.externalId);

/** The changes and releases of one repository at T (see the module comment). */
export function deriveHistory(
  history: RepositoryHistory,
  settings: ChangeSettings,
  at: string,
): { changes: Change[]; releases: Release[] } {
  const repo = history.repository;
  const commits = mainline(history.commits);
  const seqOf = new Map(commits.map((c, i) => [c.sha, i]));
  const merged = history.pulls.filter((p) => p.baseRef === history.defaultBranch);
  const pullBySha = new Map<string, PullFact>();
  for (const p of merged) if (p.mergeCommitSha) pullBySha.set(p.mergeCommitSha, p);

  const changes = new Map<string, Change>();
  for (const p of merged) {
    const emergency = isEmergency(p, settings);
    const { approval, approvers } = approvalOf(p, settings, at);
    const key = `pr:${p.number}`;
    changes.set(key, {
      key,
      kind: 'pull',
      ref: String(p.number),
      label: `${repo}#${p.number}`,
      title: p.title,
      author: p.author,
      occurredAt: p.mergedAt,
      sha: p.mergeCommitSha,
      emergency,
      approval,
      approvers,
      checks: checksOf(p.checks, settings),
      releaseKey: null,
    });
  }
  const changeKeyOfCommit = (c: CommitFact): string => {
    const pull = pullBySha.get(c.sha);
    if (pull) return `pr:${pull.number}`;
    const key = `commit:${c.sha}`;
    if (!changes.has(key)) {
      changes.set(key, {
        key,
        kind: 'commit',
        ref: c.sha,
        label: `${repo}@${shortSha(c.sha)}`,
        title: c.message,
        author: c.author,
        occurredAt: c.committedAt,
        sha: c.sha,
        emergency: false,
        approval: 'direct-push',
        approvers: [],
        checks: 'not-exported',
        releaseKey: null,
      });
    }
    return key;
  };
  const commitKeys = commits.map(changeKeyOfCommit);

  const isProduction = productionMatcher(settings.productionEnv);
  const candidates = history.deployments
    .filter((d) => d.succeeded && isProduction(d.environment))
    .sort(byRelease);
  const releases: Release[] = [];
  let previousSeq = -1;
  let previous: Release | null = null;
  for (const d of candidates) {
    const key = `${d.source}:${d.externalId}`;
    const release: Release = {
      key,
      source: d.source,
      externalId: d.externalId,
      environment: d.environment,
      sha: d.sha,
      deployedAt: d.deployedAt,
      name: d.name,
      changeKeys: [],
      emptyReason: null,
    };
    const seq = d.sha === null ? undefined : seqOf.get(d.sha);
    if (seq === undefined) {
      release.emptyReason = d.sha
        ? `its commit ${shortSha(d.sha)} is not in the imported history of ${history.defaultBranch}`
        : 'its commit is unknown';
    } else if (seq <= previousSeq) {
      release.emptyReason =
        seq === previousSeq && previous
          ? `it deploys the same commit ${shortSha(d.sha!)} as the release of ${previous.deployedAt}`
          : `it deploys ${shortSha(d.sha!)}, a commit older than the previous release's`;
    } else {
      for (let i = previousSeq + 1; i <= seq; i++) {
        const change = changes.get(commitKeys[i]!)!;
        if (change.releaseKey !== null) continue;
        change.releaseKey = key;
        release.changeKeys.push(change.key);
      }
      previousSeq = seq;
    }
    previous = release;
    releases.push(release);
  }
  const sortedChanges = [...changes.values()].sort(
    (a, b) => compareText(a.occurredAt, b.occurredAt) || compareText(a.key, b.key),
  );
  return { changes: sortedChanges, releases };
}

/** The facts one export brings, as {@link mergeFacts} reads them. */
export interface ImportedFacts {
  pulls: PullFact[];
  /** A commit list replaces the stored one; null keeps it. */
  commits: CommitFact[] | null;
  deployments: DeploymentFact[];
}

/**
 * A repository's history after an import, computed in memory instead of
 * written and read back: the stored facts (none for a new repository) with
 * the export's upserted over them by their ids (pull requests by number,
 * deployments by source and id), and the export's commit list, when it has
 * one, in place of the stored one. Pull requests come out by number,
 * deployments by time then id, as the store lists them.
 */
export function mergeFacts(
  stored: Omit<RepositoryHistory, 'repository' | 'defaultBranch'> | null,
  imported: ImportedFacts,
): Omit<RepositoryHistory, 'repository' | 'defaultBranch'> {
  const pulls = new Map<number, PullFact>();
  for (const p of stored?.pulls ?? []) pulls.set(p.number, p);
  for (const p of imported.pulls) pulls.set(p.number, p);
  const deploymentKey = (d: DeploymentFact) => `${d.source}\u0000${d.externalId}`;
  const deployments = new Map<string, DeploymentFact>();
  for (const d of stored?.deployments ?? []) deployments.set(deploymentKey(d), d);
  for (const d of imported.deployments) deployments.set(deploymentKey(d), d);
  return {
    pulls: [...pulls.values()].sort((a, b) => a.number - b.number),
    commits: imported.commits ?? stored?.commits ?? [],
    deployments: [...deployments.values()].sort(
      (a, b) => compareText(a.deployedAt, b.deployedAt) || compareText(a.externalId, b.externalId),
    ),
  };
}
