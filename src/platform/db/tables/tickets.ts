/** Tables of migration 0024: ticket histories as evidence (docs/decisions/0031). */

/** A tracker project (Jira project, Linear team); `settings` is the JSON of its TicketProjectSettings. */
export interface TicketProjectsTable {
  id: string;
  org_id: string;
  /** `jira` or `linear`. */
  source: string;
  /** `PAY`. */
  key: string;
  settings: string;
  created_at: string;
  updated_at: string;
}

/** One import of an export (its pages): one ledger entry, with its counts. */
export interface TicketImportsTable {
  id: string;
  org_id: string;
  source: string;
  file_name: string;
  /** SHA-256 of the pages (names and contents) and the settings: the same export twice is "unchanged". */
  sha256: string;
  /** JSON object of counts. */
  counts: string;
  /** JSON array of the evidence ids the import recorded. */
  evidence_ids: string;
  imported_on: string;
  imported_at: string;
  actor_label: string;
}

/** A ticket as last imported, with what the rules read from it (JSON columns noted). */
export interface TicketsTable {
  id: string;
  org_id: string;
  source: string;
  key: string;
  project_id: string;
  type: string;
  title: string;
  status: string;
  /** JSON TicketPerson or null. */
  reporter: string | null;
  url: string | null;
  opened_at: string;
  /** JSON array of TicketTransition, oldest first. */
  transitions: string;
  /** `approved`, `self-approved` or `unapproved`. */
  approval: string;
  approved_by: string | null;
  approved_at: string | null;
  /** JSON array of `owner/repo#n`. */
  pull_links: string;
  /** JSON array of incident keys. */
  incident_keys: string;
  /** JSON array of requirement codes the ticket proves. */
  requirement_codes: string;
  /** SHA-256 of the ticket's facts and its project's settings: an import rewrites only changed tickets. */
  fact_sha256: string;
  /** The import that last changed it. */
  import_id: string;
}

export interface TicketTables {
  ticket_projects: TicketProjectsTable;
  ticket_imports: TicketImportsTable;
  tickets: TicketsTable;
}
