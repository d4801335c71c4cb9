/**
 * The words of change management (issue 16 item 2): what an import brings
 * (pull requests with reviews and checks, commits of the default branch,
 * deployments with their latest status, GitHub releases) and what the rules
 * derive from it (changes, releases, findings). Pure data, no I/O.
 */

/** One review of a pull request, as GitHub lists it. */
export interface ReviewFact {
  reviewer: string;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING. */
  state: string;
  submittedAt: string | null;
}

/** One check run of a commit. */
export interface CheckFact {
  name: string;
  /** queued, in_progress, completed. */
  status: string;
  /** success, failure, neutral, skipped, cancelled, timed_out, action_required … (null while running). */
  conclusion: string | null;
}

/** A merged pull request. */
export interface PullFact {
  number: number;
  title: string;
  author: string;
  mergedAt: string;
  mergeCommitSha: string | null;
  headSha: string | null;
  baseRef: string;
  labels: string[];
  url: string | null;
  reviews: ReviewFact[];
  /** The check runs of its head commit; null when the import carried no check runs at all (not judged). */
  checks: CheckFact[] | null;
}

/** A commit of the default branch, oldest first in the history. */
export interface CommitFact {
  sha: string;
  author: string;
  email: string | null;
  committedAt: string;
  message: string;
  /** Parent shas when the export has them (`/commits`), null for `git log` lines. */
  parents: string[] | null;
}

/** A deployment (or a GitHub release) that may be a production release. */
export interface DeploymentFact {
  /** `deployment:<id>` or `github-release:<id>`. */
  source: 'deployment' | 'github-release';
  externalId: string;
  environment: string;
  /** The deployed commit; null when unknown (a release whose target is a branch name). */
  sha: string | null;
  /** When it went out: its first success status, else its creation. */
  deployedAt: string;
  /** The latest status (`success`, `failure`, `inactive` …); null when statuses were not exported. */
  state: string | null;
  /** Some status of it was `success` (or statuses were not exported). */
  succeeded: boolean;
  name: string | null;
}

/** One repository's history as the rules read it. */
export interface RepositoryHistory {
  repository: string;
  defaultBranch: string;
  /** Commits of the default branch, oldest first. */
  commits: CommitFact[];
  pulls: PullFact[];
  deployments: DeploymentFact[];
}

/** How an organization (or one import) judges changes. */
export interface ChangeSettings {
  /** The environment names of production, as a regular expression matched whole and case-insensitively. */
  productionEnv: string;
  /** The label that marks an emergency change (case-insensitive). */
  emergencyLabel: string;
  /** Days after the merge an emergency change has for its retrospective approval. */
  retroDays: number;
  /** Check names that must have passed; empty: at least one check, none failing. */
  requiredChecks: string[];
}

export const DEFAULT_CHANGE_SETTINGS: ChangeSettings = {
  productionEnv: 'production|prod',
  emergencyLabel: 'emergency',
  retroDays: 5,
  requiredChecks: [],
};

/** How a change was approved. */
export type ApprovalStatus =
  | 'approved'
  | 'self-approved'
  | 'unapproved'
  | 'retro-approved'
  | 'retro-pending'
  | 'direct-push';

/** What its checks say. */
export type ChecksStatus = 'passed' | 'failed' | 'missing' | 'not-exported';

/** One change: a merged pull request, or a commit pushed without one. */
export interface Change {
  /** `pr:412` or `commit:<sha>`: stable across imports. */
  key: string;
  kind: 'pull' | 'commit';
  /** The pull request number or the commit sha. */
  ref: string;
  /** `owner/repo#412` or `owner/repo@abc1234`: how findings and lists name it. */
  label: string;
  title: string;
  author: string;
  occurredAt: string;
  /** Its commit on the default branch (null: a PR whose merge commit is unknown). */
  sha: string | null;
  emergency: boolean;
  approval: ApprovalStatus;
  /** Who approved it (other than the author), sorted. */
  approvers: string[];
  checks: ChecksStatus;
  /** The key of the first production release that shipped it, if any. */
  releaseKey: string | null;
}

/** A production deployment with the changes it shipped. */
export interface Release {
  /** `deployment:<id>` or `github-release:<id>`. */
  key: string;
  source: DeploymentFact['source'];
  externalId: string;
  environment: string;
  sha: string | null;
  deployedAt: string;
  name: string | null;
  changeKeys: string[];
  /** Why it has no change, when it has none. */
  emptyReason: string | null;
}

/** Finding severities, lowest first (the findings table's). */
export type ChangeSeverity = 'low' | 'medium' | 'high' | 'critical';

/** One problem found by one rule on one change or release. */
export interface ChangeFinding {
  rule: string;
  /** The change's or release's key. */
  subjectKey: string;
  subjectKind: 'change' | 'release';
  /** How the finding names its subject (`owner/repo#412`). */
  subjectLabel: string;
  title: string;
  severity: ChangeSeverity;
  message: string;
}
