/** Tables of migration 0004: the non-human identity inventory, its imports, lifecycle, leaks and findings. */

/** One non-human identity of an organization, keyed by provider + external id: what the inventory shows. */
export interface NhisTable {
  id: string;
  org_id: string;
  provider: string;
  external_id: string;
  kind: string;
  name: string;
  /** External id of the identity this one belongs to (a key's user), same provider. */
  parent_external_id: string | null;
  /** `parent ?? external id`: an identity and its keys share one family (see familyOf). */
  family: string;
  owner_person_id: string | null;
  /** `inferred` (matched from the export's hint) or `assigned` (by a person); null when nobody. */
  owner_source: string | null;
  /** The owner as the export names it, and where (`tag`, `added-by` …). */
  owner_hint: string | null;
  owner_hint_source: string | null;
  purpose: string | null;
  environment: string | null;
  privilege_summary: string | null;
  /** 0/1. */
  privileged: number;
  auth_method: string;
  /** When the provider created it (ISO-8601), as the export says. */
  provider_created_at: string | null;
  last_used_at: string | null;
  last_rotated_at: string | null;
  expires_at: string | null;
  rotation_policy_days: number | null;
  /** `active`, `disabled` or `deleted`. */
  status: string;
  first_seen_import_id: string | null;
  /** The last import that wrote the row while listing it; a complete export's unchanged listing is derived (docs/decisions/0035). */
  last_seen_import_id: string | null;
  /** JSON object of provider-specific facts (see NHI_ATTRIBUTES). */
  attributes: string;
  created_at: string;
  updated_at: string;
}

/** The last observation of one identity by one source (import kind + scope), as canonical JSON. */
export interface NhiObservationsTable {
  nhi_id: string;
  org_id: string;
  /** `kind` or `kind:scope`. */
  source: string;
  family: string;
  /**
   * The import that last wrote it: changed it, marked it absent, or (an
   * incomplete export) listed it. A complete export's unchanged listing writes
   * nothing; `observationSeen` (core/nhi/seen.ts) derives it (docs/decisions/0035).
   */
  import_id: string;
  /** The export's time (or the import's, when the export has none). */
  observed_at: string;
  status: string;
  /** The ObservedNhi, canonical JSON. */
  data: string;
}

/** One import of one export file (or one sync of auditready's own API tokens). */
export interface NhiImportsTable {
  id: string;
  org_id: string;
  kind: string;
  scope: string | null;
  source: string;
  file_name: string | null;
  sha256: string | null;
  size: number | null;
  /** The evidence row of the stored export on NHI-01-E1 (or NHI-11-E2 for scanners). */
  evidence_id: string | null;
  exported_at: string | null;
  /** The evidence's effective date: the export's day, else the import's. */
  effective_on: string;
  /** 0/1: the export lists every identity of its scope (absence means deletion). */
  complete: number;
  /** JSON object of what the import did (records, created, updated, events …). */
  counts: string;
  started_at: string;
  finished_at: string;
  actor_label: string;
}

/** One lifecycle event of one identity. */
export interface NhiEventsTable {
  id: string;
  org_id: string;
  nhi_id: string;
  /** The import that revealed it; null for events raised by a person (owner assigned, reviewed). */
  import_id: string | null;
  type: string;
  at: string;
  /** JSON object: what changed. */
  details: string;
  /** The import or inventory refresh whose one ledger entry commits to it (migration 0025); null before, and for events a person raised. */
  batch_id: string | null;
  /** Its position in the batch's list of events, from 0. */
  seq: number | null;
  /** SHA-256 (hex) of its canonical content (`nhiEventHash`): a leaf of the batch's Merkle tree. */
  hash: string | null;
}

/**
 * One change an import or inventory refresh made besides its lifecycle events (a finding opened, resolved or
 * re-rated, a leak's link, a workload link), committed to by the batch's ledger entry (migration 0025).
 */
export interface NhiChangesTable {
  batch_id: string;
  /** Its position in the batch's list of changes, from 0. */
  seq: number;
  org_id: string;
  record_type: string;
  record_id: string;
  action: string;
  /** Canonical JSON of the change. */
  change: string;
  /** SHA-256 (hex) of its canonical content (`nhiChangeHash`): a leaf of the batch's Merkle tree. */
  hash: string;
}

/** One secret-scanner finding: where a credential leaked, and the identity it leaks when known. */
export interface NhiLeaksTable {
  id: string;
  org_id: string;
  scanner: string;
  fingerprint: string;
  rule: string;
  nhi_id: string | null;
  /** Which hint linked it (`aws-access-key-id` …). */
  link_via: string | null;
  /** `open` or `resolved` at the last evaluation. */
  status: string;
  leaked_at: string | null;
  /** 0/1, null when the scanner did not verify. */
  verified: number | null;
  /** JSON: repository, file, line, commit. */
  location: string;
  /** JSON: the linking hints (ids and hashes, never the secret). */
  hints: string;
  redacted: string | null;
  first_seen_import_id: string;
  last_seen_import_id: string;
  created_at: string;
  updated_at: string;
}

/** A Kubernetes service account's workload-identity binding to a cloud identity. */
export interface NhiWorkloadLinksTable {
  nhi_id: string;
  org_id: string;
  provider: string;
  annotation: string;
  reference: string;
  /** The AWS role / GCP service account bound, null when the inventory has none (dangling). */
  target_nhi_id: string | null;
}

/** A rule finding (row in `findings`) and the identity and rule it is about. */
export interface NhiFindingsTable {
  finding_id: string;
  org_id: string;
  nhi_id: string;
  rule: string;
  /** JSON: OWASP NHI ids, CIS references, the facts that triggered it. */
  details: string;
}

/** An organization's overrides of the NHI rule thresholds (JSON, validated by nhiThresholdsSchema). */
export interface NhiThresholdsTable {
  org_id: string;
  thresholds: string;
  updated_at: string;
}

/** Observations of an import in progress, in family order; always empty outside an import transaction. */
export interface NhiImportStagingTable {
  import_id: string;
  seq: number;
  family: string;
  data: string;
}

/** The tables of migration 0004. */
export interface NhiTables {
  nhis: NhisTable;
  nhi_observations: NhiObservationsTable;
  nhi_imports: NhiImportsTable;
  nhi_events: NhiEventsTable;
  nhi_leaks: NhiLeaksTable;
  nhi_workload_links: NhiWorkloadLinksTable;
  nhi_findings: NhiFindingsTable;
  nhi_thresholds: NhiThresholdsTable;
  nhi_import_staging: NhiImportStagingTable;
  nhi_changes: NhiChangesTable;
  /**
   * Where an import stages its observations: a temporary table of the import's own connection, created by
   * the import and gone at its end (never in the store's files nor its write-ahead log; docs/decisions/0035).
   */
  nhi_staging_temp: NhiImportStagingTable;
  nhi_evaluations: NhiEvaluationsTable;
}

/** An organization's last evaluation of its inventory (migration 0032, docs/decisions/0035). */
export interface NhiEvaluationsTable {
  org_id: string;
  /** The date T the rules judged at. */
  at: string;
  /** The organization's ledger head once the evaluation's writes were appended (before its own closing entry). */
  org_seq: number;
  installation_seq: number;
  /** The import or refresh whose closing entry may follow `org_seq`. */
  batch_id: string;
  /** Order-independent digest of every identity's (id, family). */
  families_digest: string;
  /** Digest of the identities every batch reads (`isSharedAcrossFamilies`' families), as the rules saw them. */
  shared_digest: string;
  /** The organization's threshold overrides as stored. */
  thresholds: string;
  rules_version: string;
  updated_at: string;
}
