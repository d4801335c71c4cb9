/** Tables of migration 0022: policies with acknowledgements (docs/decisions/0029). */

/** A policy: a Markdown document with versions, an owner, an approver and a review cadence. */
export interface PoliciesTable {
  id: string;
  org_id: string;
  /** Stable short name (`acceptable-use`), unique in the organization. */
  key: string;
  title: string;
  owner_id: string | null;
  /** The person who approves its versions. */
  approver_id: string | null;
  review_cadence: string;
  created_at: string;
  updated_at: string;
}

/** A control a policy governs. */
export interface PolicyControlsTable {
  policy_id: string;
  org_id: string;
  control_id: string;
}

/** One version of a policy: its text in the blob store (SHA-256), approved or still a draft. */
export interface PolicyVersionsTable {
  id: string;
  org_id: string;
  policy_id: string;
  /** 1, 2, 3… */
  version: number;
  sha256: string;
  size: number;
  /** What changed, in the author's words. */
  summary: string | null;
  created_on: string;
  approved_on: string | null;
  approved_by: string | null;
  created_at: string;
}

/** A person's acknowledgement of one version (at most one per person and version). */
export interface PolicyAcknowledgementsTable {
  id: string;
  org_id: string;
  version_id: string;
  person_id: string;
  acknowledged_on: string;
  /** `in-app` or `import`. */
  source: string;
  /** The imported file's SHA-256 (imports), the user's id (in-app). */
  source_ref: string | null;
  created_at: string;
}

/** A finding a policy rule raised, by rule and subject key. */
export interface PolicyFindingsTable {
  finding_id: string;
  org_id: string;
  rule: string;
  subject_key: string;
}

/** The tables of policies. */
export interface PolicyTables {
  policies: PoliciesTable;
  policy_controls: PolicyControlsTable;
  policy_versions: PolicyVersionsTable;
  policy_acknowledgements: PolicyAcknowledgementsTable;
  policy_findings: PolicyFindingsTable;
}
