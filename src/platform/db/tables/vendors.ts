/** Tables of migration 0021: vendor oversight (docs/decisions/0028). */

/** A vendor of the organization's register. */
export interface VendorsTable {
  id: string;
  org_id: string;
  name: string;
  /** The lower-cased name: one vendor per name in an organization (the register import's key). */
  name_key: string;
  /** What the vendor provides (`cloud hosting`, `identity provider`). */
  service: string;
  /** `critical`, `high`, `medium` or `low`. */
  criticality: string;
  /** The data the vendor touches (`customer data, employee PII`). */
  data_touched: string;
  owner_id: string | null;
  contract_start: string | null;
  contract_end: string | null;
  last_assessed_on: string | null;
  next_review_on: string | null;
  created_at: string;
  updated_at: string;
}

/** A SOC 2 or ISO 27001 report received from a vendor; its file is evidence on VM-03-E1. */
export interface VendorReportsTable {
  id: string;
  org_id: string;
  vendor_id: string;
  /** `soc2-type1`, `soc2-type2` or `iso27001`. */
  kind: string;
  period_start: string;
  period_end: string;
  received_on: string;
  evidence_id: string;
  file_name: string;
  sha256: string;
  created_at: string;
}

/** A bridge letter of a vendor covering the days after a report's period; its file is evidence on VM-03-E2. */
export interface VendorBridgeLettersTable {
  id: string;
  org_id: string;
  vendor_id: string;
  covered_from: string;
  covered_to: string;
  received_on: string;
  evidence_id: string;
  file_name: string;
  sha256: string;
  created_at: string;
}

/** A complementary user entity control a vendor's report expects the organization to run. */
export interface VendorCuecsTable {
  id: string;
  org_id: string;
  vendor_id: string;
  /** The report that lists it, when known. */
  report_id: string | null;
  /** The reference in the vendor's report (`CUEC-3`), unique per vendor. */
  ref: string;
  description: string;
  created_at: string;
}

/** A control of ours that runs a CUEC. */
export interface VendorCuecControlsTable {
  cuec_id: string;
  org_id: string;
  control_id: string;
}

/** A recorded review of a vendor; its record is system evidence on VM-03-E1. */
export interface VendorReviewsTable {
  id: string;
  org_id: string;
  vendor_id: string;
  reviewed_on: string;
  reviewer_id: string | null;
  notes: string;
  next_review_on: string;
  evidence_sha256: string;
  created_at: string;
}

/** A finding raised by a vendor rule, with what it is about. */
export interface VendorFindingsTable {
  finding_id: string;
  org_id: string;
  rule: string;
  subject_key: string;
}

/** The tables of migration 0021. */
export interface VendorTables {
  vendors: VendorsTable;
  vendor_reports: VendorReportsTable;
  vendor_bridge_letters: VendorBridgeLettersTable;
  vendor_cuecs: VendorCuecsTable;
  vendor_cuec_controls: VendorCuecControlsTable;
  vendor_reviews: VendorReviewsTable;
  vendor_findings: VendorFindingsTable;
}
