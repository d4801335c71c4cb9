/** Tables of migration 0012: the audit's requests, their controls, threads and answers' evidence, and request-list column mappings (docs/decisions/0021). */

/** One request of an engagement's request list, unique by its reference in the engagement. */
export interface AuditRequestsTable {
  id: string;
  org_id: string;
  engagement_id: string;
  /** The list's own reference (`PBC-014`, `1.3`). */
  reference: string;
  text: string;
  /** What the list's control / criterion columns said (kept to show why controls were proposed). */
  criteria_text: string | null;
  population_note: string | null;
  /** A person of the roster. */
  assignee_id: string | null;
  due_on: string | null;
  /** `open`, `in-progress`, `submitted`, `returned` or `accepted`. */
  status: string;
  /** How the controls were chosen: `auto` (from the list), `hand`, or null (none yet). */
  mapped_by: string | null;
  /** SHA-256 of the list row's fields as last imported: the same row again changes nothing. */
  list_hash: string | null;
  /** The row (line) of the list it came from. */
  list_row: number | null;
  created_at: string;
  updated_at: string;
}

/** A control a request is mapped to. */
export interface AuditRequestControlsTable {
  request_id: string;
  control_id: string;
  org_id: string;
}

/** One entry of a request's thread: a comment, an answer (with evidence) or a status transition. */
export interface AuditRequestMessagesTable {
  id: string;
  org_id: string;
  request_id: string;
  /** `comment`, `answer` or `transition`. */
  kind: string;
  body: string;
  from_status: string | null;
  to_status: string | null;
  author_type: string;
  author_id: string;
  author_label: string;
  created_at: string;
}

/** The evidence an answer attaches. */
export interface AuditRequestEvidenceTable {
  message_id: string;
  request_id: string;
  evidence_id: string;
  org_id: string;
}

/** A request list's column mapping saved by name (one per audit firm); `columns` is JSON. */
export interface RequestColumnMappingsTable {
  id: string;
  org_id: string;
  name: string;
  columns: string;
  created_at: string;
  updated_at: string;
}

/** The tables of migration 0012. */
export interface RequestTables {
  audit_requests: AuditRequestsTable;
  audit_request_controls: AuditRequestControlsTable;
  audit_request_messages: AuditRequestMessagesTable;
  audit_request_evidence: AuditRequestEvidenceTable;
  request_column_mappings: RequestColumnMappingsTable;
}
