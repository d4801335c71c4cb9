import type { Generated } from 'kysely';
/** Tables of migration 0001: organizations, people, catalogs, controls, requirements, ledger (with the columns 0010 adds to frameworks and criteria). */

/** An organization (tenant): every other record belongs to exactly one. */
export interface OrganizationsTable {
  id: string;
  name: string;
  slug: string;
  created_at: string;
  /** 1 (default): the uploader of evidence may not accept it (migration 0017). */
  separate_review: Generated<number>;
}

/** A human in an organization's roster. */
export interface PeopleTable {
  id: string;
  org_id: string;
  email: string;
  name: string;
  team: string | null;
  manager_email: string | null;
  status: string;
  departed_on: string | null;
  created_at: string;
  updated_at: string;
}

/** A shipped framework and the catalog version installed for it. */
export interface FrameworksTable {
  id: string;
  name: string;
  version: string;
  publisher: string;
  attribution: string;
  url: string;
  catalog_version: string;
  installed_at: string;
  /** `shipped` (a catalog of auditready) or `oscal` (imported from an OSCAL catalog). */
  source: Generated<string>;
  /** The UUID of the imported OSCAL catalog (null for a shipped one). */
  oscal_uuid: string | null;
}

/** A grouping level of a framework (SOC 2 category, CSF function or category). */
export interface CriterionGroupsTable {
  framework_id: string;
  code: string;
  title: string;
  parent_code: string | null;
  description: string | null;
  sort_order: number;
}

/** One criterion (requirement) of a framework. */
export interface CriteriaTable {
  framework_id: string;
  code: string;
  group_code: string;
  title: string;
  description: string | null;
  sort_order: number;
  /** The criterion this one enhances (an OSCAL control enhancement's control), or null. */
  parent_code: string | null;
}

/** An organization's control. */
export interface ControlsTable {
  id: string;
  org_id: string;
  code: string;
  title: string;
  description: string;
  owner_id: string | null;
  backup_owner_id: string | null;
  source_of_truth: string | null;
  cadence: string;
  status: string;
  na_justification: string | null;
  suggested_owner_role: string | null;
  created_at: string;
  updated_at: string;
}

/** A control → criterion mapping (the crosswalk). */
export interface ControlMappingsTable {
  org_id: string;
  control_id: string;
  framework_id: string;
  criterion_code: string;
}

/** What artifact proves a control operated, and how often. */
export interface EvidenceRequirementsTable {
  id: string;
  org_id: string;
  control_id: string;
  code: string;
  artifact: string;
  cadence: string;
  source_type: string;
  collection: string;
  created_at: string;
  updated_at: string;
}

/** The head of one hash chain: its last sequence number and hash (locked while appending). */
export interface LedgerHeadsTable {
  chain: string;
  seq: number;
  hash: string;
}

/** One append-only, hash-chained activity entry. */
export interface ActivityTable {
  id: string;
  chain: string;
  seq: number;
  org_id: string | null;
  at: string;
  actor_type: string;
  actor_id: string;
  actor_label: string;
  action: string;
  record_type: string;
  record_id: string;
  change: string;
  prev_hash: string;
  hash: string;
}

/** The tables of migration 0001. */
export interface FoundationTables {
  organizations: OrganizationsTable;
  people: PeopleTable;
  frameworks: FrameworksTable;
  criterion_groups: CriterionGroupsTable;
  criteria: CriteriaTable;
  controls: ControlsTable;
  control_mappings: ControlMappingsTable;
  evidence_requirements: EvidenceRequirementsTable;
  ledger_heads: LedgerHeadsTable;
  activity: ActivityTable;
}
