/** Tables of migration 0002: users, memberships, sessions, API tokens, setup tokens (sign-in attempts: replaced by migration 0007's throttle). */

/** A person who can sign in (installation-wide; roles live on memberships). */
export interface UsersTable {
  id: string;
  /** Lower-cased, unique across the installation. */
  email: string;
  name: string;
  /** Argon2id PHC string; null until the user completes setup. */
  password_hash: string | null;
  /** `active` or `disabled`. */
  status: string;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
  /** 1: exempt from "SSO required" (recovery); added by migration 0009. */
  installation_admin?: number;
}

/** A user's role in one organization, linked to the person of its roster they are. */
export interface MembershipsTable {
  id: string;
  org_id: string;
  user_id: string;
  role: string;
  person_id: string | null;
  /** `active` or `disabled`. */
  status: string;
  created_at: string;
  updated_at: string;
  /** The one engagement an auditor membership is scoped to (migration 0011); null for other roles. */
  engagement_id?: string | null;
}

/** A signed-in browser session; only the SHA-256 of its token is stored. */
export interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  /** Synchronizer token the client echoes in `X-CSRF-Token` on cookie-authenticated writes. */
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  /** Absolute expiry (creation + 12 h). */
  expires_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
  ip: string | null;
  user_agent: string | null;
}

/** An API token for automation: a non-human identity of its organization. */
export interface ApiTokensTable {
  id: string;
  org_id: string;
  name: string;
  /** Public part of the token, shown for recognition. */
  prefix: string;
  token_hash: string;
  role: string;
  /** The person accountable for the token (its NHI owner), when known. */
  owner_person_id: string | null;
  /** Label of the actor who created it (`user e-mail` or `cli:<user>`). */
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** A one-time token to create the first admin or to let an invited user set a password. */
export interface SetupTokensTable {
  id: string;
  token_hash: string;
  /** `first-admin` or `invite`. */
  purpose: string;
  user_id: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** The tables of migration 0002. */
export interface AuthTables {
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  setup_tokens: SetupTokensTable;
}
