/** Tables of migration 0007: invitations to an organization and the sign-in throttle (docs/decisions/0009). */

/** An organization's invitation of an e-mail address to a role; only the SHA-256 of its secret is stored. */
export interface InvitationsTable {
  id: string;
  org_id: string;
  /** Lower-cased. */
  email: string;
  /** The name the inviting admin typed (never the account's own name). */
  name: string;
  role: string;
  person_id: string | null;
  token_hash: string;
  /** `pending`, `accepted`, `declined` or `revoked` (expiry is read from `expires_at`). */
  status: string;
  /** Label of the actor who invited. */
  invited_by: string;
  created_at: string;
  expires_at: string;
  responded_at: string | null;
  /** The account that accepted or declined. */
  user_id: string | null;
  /** The engagement an auditor invitation is scoped to (migration 0011); null for other roles. */
  engagement_id?: string | null;
}

/**
 * Failed sign-ins per key (`acct:<e-mail>|<address>` or `addr:<address>`):
 * counted in the same transaction as the check; a key with too many
 * failures is blocked until `blocked_until`, a delay that doubles with each
 * further failure.
 */
export interface SignInThrottleTable {
  key: string;
  failures: number;
  /** When the current run of failures began; a run older than the window starts again. */
  window_start: string;
  blocked_until: string | null;
  updated_at: string;
}

/** The tables of migration 0007. */
export interface InvitationsTables {
  invitations: InvitationsTable;
  sign_in_throttle: SignInThrottleTable;
}
