/** Tables of migration 0003: evidence and its reviews, engagements, plan completions, exceptions, findings. */

/** One stored artifact. Immutable once written: corrections are new rows that supersede it. */
export interface EvidenceTable {
  id: string;
  org_id: string;
  control_id: string;
  requirement_id: string;
  /** `file`, `record` (structured JSON, stored as a blob) or `link`. */
  kind: string;
  sha256: string | null;
  size: number | null;
  file_name: string | null;
  media_type: string | null;
  url: string | null;
  description: string | null;
  effective_start: string;
  effective_end: string;
  collected_at: string;
  source_type: string;
  collector_type: string;
  collector_id: string;
  collector_label: string;
  supersedes_id: string | null;
}

/** The one review decision on a piece of evidence (accepted or rejected); absent while submitted. */
export interface EvidenceReviewsTable {
  evidence_id: string;
  org_id: string;
  decision: string;
  reason: string | null;
  reviewer_type: string;
  reviewer_id: string;
  reviewer_label: string;
  reviewed_at: string;
}

/** One audit engagement. */
export interface EngagementsTable {
  id: string;
  org_id: string;
  framework_id: string;
  type: string;
  audit_date: string | null;
  window_start: string | null;
  window_end: string | null;
  fieldwork_start: string;
  report_due: string | null;
  /** Comma-separated trust categories besides security. */
  categories: string;
  firm_name: string | null;
  /** The compliance lead who owns the plan's milestones. */
  lead_id: string | null;
  /** JSON object of milestone offset overrides (days). */
  milestone_offsets: string;
  created_at: string;
  updated_at: string;
}

/** A plan item marked done by hand, keyed by the item's stable key. */
export interface PlanCompletionsTable {
  id: string;
  org_id: string;
  engagement_id: string;
  item_key: string;
  done_on: string;
  done_by: string;
  note: string | null;
}

/** An explicit, approved and expiring deviation from a control. */
export interface ExceptionsTable {
  id: string;
  org_id: string;
  control_id: string;
  summary: string;
  reason: string;
  compensating_control: string | null;
  risk_rating: string;
  /** The requirement it excepts (migration 0006); null with finding_id null: the whole control. */
  requirement_id: string | null;
  /** The finding it excepts (migration 0006). */
  finding_id: string | null;
  approver_id: string | null;
  approved_on: string | null;
  expires_on: string;
  closed_on: string | null;
  /** How often it is reviewed (migration 0023): `monthly`, `quarterly`, `semiannual` or `annual`. */
  review_cadence: string;
  created_at: string;
  updated_at: string;
}

/** One review of an exception (migration 0023): who, when, the decision, a note, a new expiry if any. */
export interface ExceptionReviewsTable {
  id: string;
  org_id: string;
  exception_id: string;
  /** The person who reviewed it. */
  reviewer_id: string;
  reviewed_on: string;
  /** `continue`, `close` or `escalate`. */
  decision: string;
  note: string;
  new_expires_on: string | null;
  created_at: string;
}

/** A problem found by a rule, an auditor or a person. */
export interface FindingsTable {
  id: string;
  org_id: string;
  title: string;
  description: string | null;
  severity: string;
  source: string;
  owner_id: string | null;
  due_on: string | null;
  opened_on: string;
  resolved_on: string | null;
  resolution: string | null;
  created_at: string;
  updated_at: string;
  /**
   * A rule finding's key in the rule link map (migration 0029, docs/decisions/0036): its controls and
   * criteria come from the map; null for every other finding, which has link rows of its own.
   */
  rule_key?: string | null;
}

/** A control a finding touches (manual and auditor findings; rule findings link through their rule key). */
export interface FindingControlsTable {
  finding_id: string;
  org_id: string;
  control_id: string;
}

/** A criterion a finding touches. */
export interface FindingCriteriaTable {
  finding_id: string;
  org_id: string;
  framework_id: string;
  criterion_code: string;
}

/** The tables of migration 0003. */
export interface EvidenceTables {
  evidence: EvidenceTable;
  evidence_reviews: EvidenceReviewsTable;
  engagements: EngagementsTable;
  plan_completions: PlanCompletionsTable;
  exceptions: ExceptionsTable;
  exception_reviews: ExceptionReviewsTable;
  findings: FindingsTable;
  finding_controls: FindingControlsTable;
  finding_criteria: FindingCriteriaTable;
}
