/**
 * Tables of migration 0005: the evidence facts readiness reads, kept with every
 * evidence, review and engagement write (docs/decisions/0006). Type aliases,
 * not interfaces, so that they stay assignable to plain records.
 */

/**
 * Per requirement and review state, the most recent current (not superseded)
 * evidence: greatest effective end, then collection day, then effective
 * start; with the greatest evidence id and rejection reason of that group.
 */
export type EvidenceLatestTable = {
  requirement_id: string;
  /** `submitted`, `accepted` or `rejected`. */
  state: string;
  org_id: string;
  effective_start: string;
  effective_end: string;
  /** Collection day (`YYYY-MM-DD`, the date part of `collected_at`). */
  collected_on: string;
  evidence_id: string;
  reason: string | null;
};

/**
 * Per requirement and effective period, the earliest collection day of
 * current accepted evidence with exactly that period, and the greatest
 * evidence id collected that day: enough to say when any date range was
 * first covered.
 */
export type EvidenceCoverageTable = {
  requirement_id: string;
  effective_start: string;
  effective_end: string;
  org_id: string;
  collected_on: string;
  evidence_id: string;
};

/**
 * Per engagement, requirement and range of the engagement's `coverageRanges`
 * (a cadence period of a Type II window, the fresh span before a Type I
 * date), the earliest cover: the accepted fact with the earliest collection
 * among those covering it. Only covered ranges have a row; the cadence the
 * ranges were taken from is in `engagement_coverage_requirements`.
 */
export type EngagementCoverageTable = {
  engagement_id: string;
  requirement_id: string;
  range_start: string;
  org_id: string;
  range_end: string;
  collected_on: string;
  effective_start: string;
  effective_end: string;
  evidence_id: string;
};

/** Which cadence each requirement's kept covers of an engagement were computed for. */
export type EngagementCoverageRequirementsTable = {
  engagement_id: string;
  requirement_id: string;
  org_id: string;
  cadence: string;
};

/** Which ranges an engagement's kept covers were computed for (a hash of them and of the computation's version). */
export type EngagementCoverageStateTable = {
  engagement_id: string;
  org_id: string;
  ranges_key: string;
};

/** The tables of migration 0005. */
export interface ReadinessFactsTables {
  evidence_latest: EvidenceLatestTable;
  evidence_coverage: EvidenceCoverageTable;
  engagement_coverage: EngagementCoverageTable;
  engagement_coverage_requirements: EngagementCoverageRequirementsTable;
  engagement_coverage_state: EngagementCoverageStateTable;
}
