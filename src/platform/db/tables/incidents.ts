/** Tables of migration 0020: incidents and incident-response tests (docs/decisions/0027). */

/** One incident of the register. */
export interface IncidentsTable {
  id: string;
  org_id: string;
  /** The incident's id in the tracker it came from (`INC-42`), or one given in-app; unique per organization. */
  external_id: string;
  title: string;
  /** `low`, `medium`, `high`, `critical`. */
  severity: string;
  /** `open`, `contained`, `resolved`, `closed`. */
  status: string;
  /** A date `YYYY-MM-DD` or an ISO-8601 time with its zone, as given. */
  detected_at: string;
  contained_at: string | null;
  resolved_at: string | null;
  root_cause: string | null;
  customer_impact: string | null;
  /** The incident commander (a person of the roster). */
  owner_id: string | null;
  created_at: string;
  updated_at: string;
}

/** One entry of an incident's timeline. */
export interface IncidentTimelineTable {
  id: string;
  org_id: string;
  incident_id: string;
  /** When it happened: a date or an ISO-8601 time with its zone. */
  at: string;
  entry: string;
  created_at: string;
}

/** An incident-response test (a tabletop or a live exercise), recorded once held. */
export interface IrTestsTable {
  id: string;
  org_id: string;
  /** `tabletop` or `live`. */
  kind: string;
  held_on: string;
  scenario: string;
  /** JSON array of the participants' e-mails. */
  participants: string;
  results: string;
  /** The SHA-256 of the test's record stored as evidence. */
  evidence_sha256: string | null;
  created_at: string;
}

/** A follow-up action of an incident or of an IR test (exactly one of the two). */
export interface IncidentFollowUpsTable {
  id: string;
  org_id: string;
  incident_id: string | null;
  ir_test_id: string | null;
  action: string;
  owner_id: string | null;
  due_on: string;
  done_on: string | null;
  /** The reference proving it done (a ticket, a change). */
  evidence: string | null;
  created_at: string;
}

/** A finding raised by an incident rule, with what it is about. */
export interface IncidentFindingsTable {
  finding_id: string;
  org_id: string;
  rule: string;
  subject_key: string;
}

/** The tables of migration 0020. */
export interface IncidentTables {
  incidents: IncidentsTable;
  incident_timeline: IncidentTimelineTable;
  ir_tests: IrTestsTable;
  incident_follow_ups: IncidentFollowUpsTable;
  incident_findings: IncidentFindingsTable;
}
