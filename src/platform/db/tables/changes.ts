/** Tables of migration 0015: change management tied to production releases (docs/decisions/0024). */

/** A repository whose changes an organization imports; `settings` is the JSON of its ChangeSettings. */
export interface ChangeRepositoriesTable {
  id: string;
  org_id: string;
  /** `owner/name`. */
  name: string;
  default_branch: string;
  settings: string;
  created_at: string;
  updated_at: string;
}

/** One import of a repository's export: one ledger entry, with its counts. */
export interface ChangeImportsTable {
  id: string;
  org_id: string;
  repository_id: string;
  file_name: string;
  /** SHA-256 of the export's files (names and contents) and the settings: the same export twice is "unchanged". */
  sha256: string;
  /** JSON object of counts. */
  counts: string;
  evidence_id: string | null;
  imported_on: string;
  imported_at: string;
  actor_label: string;
}

/** A merged pull request as imported; `reviews`, `labels` and `checks` are JSON (checks null: not exported). */
export interface ChangePullsTable {
  repository_id: string;
  number: number;
  org_id: string;
  title: string;
  author: string;
  merged_at: string;
  merge_sha: string | null;
  head_sha: string | null;
  base_ref: string;
  labels: string;
  url: string | null;
  reviews: string;
  checks: string | null;
}

/** A commit of the default branch; `seq` orders them (0 the oldest); `parents` JSON or null. */
export interface ChangeCommitsTable {
  repository_id: string;
  sha: string;
  org_id: string;
  seq: number;
  author: string;
  email: string | null;
  committed_at: string;
  message: string;
  parents: string | null;
}

/** A deployment (or GitHub release) as imported, with its status resolved. */
export interface ChangeDeploymentsTable {
  repository_id: string;
  /** `deployment` or `github-release`. */
  source: string;
  external_id: string;
  org_id: string;
  environment: string;
  sha: string | null;
  deployed_at: string;
  state: string | null;
  /** 0/1. */
  succeeded: number;
  name: string | null;
}

/** A production release as the rules derive it (`key`: `deployment:<id>`). */
export interface ReleasesTable {
  id: string;
  org_id: string;
  repository_id: string;
  key: string;
  source: string;
  external_id: string;
  environment: string;
  sha: string | null;
  deployed_at: string;
  name: string | null;
  change_count: number;
  empty_reason: string | null;
}

/** A change (merged pull request or direct push) as derived, linked to the release that shipped it. */
export interface ChangesTable {
  id: string;
  org_id: string;
  repository_id: string;
  /** `pr:<number>` or `commit:<sha>`. */
  key: string;
  kind: string;
  ref: string;
  label: string;
  title: string;
  author: string;
  occurred_at: string;
  sha: string | null;
  /** 0/1. */
  emergency: number;
  approval: string;
  /** JSON array of logins. */
  approvers: string;
  checks: string;
  release_id: string | null;
}

/** A finding raised by a change rule on a change or release of a repository. */
export interface ChangeFindingsTable {
  finding_id: string;
  org_id: string;
  repository_id: string;
  subject_key: string;
  rule: string;
}

export interface ChangeTables {
  change_repositories: ChangeRepositoriesTable;
  change_imports: ChangeImportsTable;
  change_pulls: ChangePullsTable;
  change_commits: ChangeCommitsTable;
  change_deployments: ChangeDeploymentsTable;
  releases: ReleasesTable;
  changes: ChangesTable;
  change_findings: ChangeFindingsTable;
}
