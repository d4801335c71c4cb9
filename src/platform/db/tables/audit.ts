/** Tables of migration 0013: samples of an engagement's populations and auditor-raised findings (docs/decisions/0022). */

/** A sample drawn from a population of an engagement, reproducibly from its seed. */
export interface AuditSamplesTable {
  id: string;
  org_id: string;
  engagement_id: string;
  /** The request the sample answers (no foreign key: see the migration). */
  request_id: string | null;
  population_kind: string;
  population_arg: string | null;
  population_count: number;
  /** SHA-256 of the population's canonical JSON in its stable order. */
  population_hash: string;
  frequency: string;
  size: number;
  seed: string;
  created_by: string;
  created_at: string;
}

/** One chosen record of a sample: `ordinal` is the draw order, `position` its place in the population. */
export interface AuditSampleItemsTable {
  sample_id: string;
  org_id: string;
  ordinal: number;
  position: number;
  record_id: string;
  record_date: string;
  label: string;
}

/** The firm's sample size for one frequency of one engagement (overrides the default table). */
export interface AuditSampleSizesTable {
  org_id: string;
  engagement_id: string;
  frequency: string;
  size: number;
}

/** A finding raised by an auditor of an engagement. */
export interface AuditFindingsTable {
  finding_id: string;
  org_id: string;
  engagement_id: string;
}

/** The tables of migration 0013. */
export interface AuditTables {
  audit_samples: AuditSamplesTable;
  audit_sample_items: AuditSampleItemsTable;
  audit_sample_sizes: AuditSampleSizesTable;
  audit_findings: AuditFindingsTable;
}
