/** Tables of migration 0009: OpenID Connect single sign-on (docs/decisions/0015). */

/** One organization's OpenID Connect client. */
export interface SsoConfigsTable {
  org_id: string;
  issuer: string;
  client_id: string;
  /** Sealed by the installation's secret box (`v1.<key id>.…`); never the secret itself. */
  client_secret: string | null;
  /** Space-separated scopes requested (always including `openid`). */
  scopes: string;
  /** The claim that lists the person's groups; null: no mapping. */
  group_claim: string | null;
  /** JSON array of `{ group, role }`. */
  role_mapping: string;
  /** The role of a person none of whose groups is mapped (viewer unless changed). */
  default_role: string;
  /** 1: the organization's members may not sign in with a password (installation admins may). */
  required: number;
  /** 1: people can sign in through it. */
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** An identity at a provider (issuer + subject) linked to a user. */
export interface SsoIdentitiesTable {
  id: string;
  issuer: string;
  subject: string;
  user_id: string;
  email: string | null;
  created_at: string;
  last_sign_in_at: string | null;
}

/** A sign-in in progress: what the callback checks, used once, dead after `expires_at`. */
export interface SsoLoginsTable {
  id: string;
  /** SHA-256 of the `state` sent to the provider. */
  state_hash: string;
  /** SHA-256 of the browser cookie set when the sign-in started. */
  browser_hash: string;
  org_id: string;
  nonce: string;
  code_verifier: string;
  redirect_uri: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** An identity waiting for its user to prove the account with the password. */
export interface SsoPendingLinksTable {
  id: string;
  token_hash: string;
  org_id: string;
  user_id: string;
  issuer: string;
  subject: string;
  email: string;
  /** JSON array of the groups the identity carried. */
  groups: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A session SSO started (for RP-initiated logout). */
export interface SsoSessionsTable {
  session_id: string;
  org_id: string;
  identity_id: string;
  created_at: string;
}

/** The tables of migration 0009. */
export interface SsoTables {
  sso_configs: SsoConfigsTable;
  sso_identities: SsoIdentitiesTable;
  sso_logins: SsoLoginsTable;
  sso_pending_links: SsoPendingLinksTable;
  sso_sessions: SsoSessionsTable;
}
