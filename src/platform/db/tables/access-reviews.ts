/** Tables of migration 0019: access reviews (docs/decisions/0026). */

/** One imported snapshot of one system's accounts at a date (every list is kept). */
export interface AccessAccountListsTable {
  id: string;
  org_id: string;
  system: string;
  /** The date the list describes (`YYYY-MM-DD`). */
  as_of: string;
  /** `csv`. */
  format: string;
  file_name: string;
  sha256: string;
  account_count: number;
  imported_at: string;
}

/** One account of an account list, joined to a person by e-mail (case-insensitive) when one matches. */
export interface AccessAccountsTable {
  list_id: string;
  org_id: string;
  account: string;
  /** Lower-cased. */
  email: string | null;
  person_id: string | null;
  role: string;
  last_login: string | null;
}

/** An access-review campaign over one system. */
export interface AccessReviewCampaignsTable {
  id: string;
  org_id: string;
  system: string;
  cadence: string;
  opened_on: string;
  due_on: string;
  account_list_id: string | null;
  nhi_provider: string | null;
  nhi_kind: string | null;
  /** `open` or `completed`. */
  status: string;
  completed_on: string | null;
  /** The SHA-256 of the campaign record stored as evidence at completion. */
  evidence_sha256: string | null;
  /** The SHA-256 of the follow-ups' closure record stored as evidence once every follow-up is closed. */
  follow_ups_evidence_sha256: string | null;
  created_at: string;
  updated_at: string;
}

/** A person named as a reviewer of a campaign. */
export interface AccessReviewReviewersTable {
  campaign_id: string;
  org_id: string;
  person_id: string;
}

/** One subject of a campaign (a people account or an NHI) and its decision. */
export interface AccessReviewItemsTable {
  id: string;
  campaign_id: string;
  org_id: string;
  position: number;
  /** `account` or `nhi`. */
  subject_type: string;
  /** The account name, or the NHI's external id. */
  subject: string;
  label: string;
  email: string | null;
  /** The person the account belongs to. */
  person_id: string | null;
  nhi_id: string | null;
  /** The NHI's owner. */
  owner_person_id: string | null;
  /** Role, group or privilege at campaign creation. */
  access: string;
  /** `keep`, `revoke`, `change`; null until decided. */
  decision: string | null;
  comment: string | null;
  decided_by: string | null;
  decided_at: string | null;
}

/** The follow-up of a revoke or change decision, tracked to closure. */
export interface AccessReviewFollowUpsTable {
  id: string;
  org_id: string;
  campaign_id: string;
  item_id: string;
  /** `revoke` or `change`. */
  action: string;
  owner_id: string | null;
  due_on: string;
  closed_on: string | null;
  /** `account-list`, `nhi-inventory` or `evidence`. */
  closed_by: string | null;
  /** The account list id, NHI id or evidence reference proving closure. */
  closure_ref: string | null;
  created_at: string;
}

/** A finding raised by an access-review rule, with what it is about. */
export interface AccessReviewFindingsTable {
  finding_id: string;
  org_id: string;
  rule: string;
  subject_key: string;
}

/** The tables of migration 0019. */
export interface AccessReviewTables {
  access_account_lists: AccessAccountListsTable;
  access_accounts: AccessAccountsTable;
  access_review_campaigns: AccessReviewCampaignsTable;
  access_review_reviewers: AccessReviewReviewersTable;
  access_review_items: AccessReviewItemsTable;
  access_review_follow_ups: AccessReviewFollowUpsTable;
  access_review_findings: AccessReviewFindingsTable;
}
