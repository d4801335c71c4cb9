/** Tables of migration 0026: connectors (and 0028: GitHub App credentials). */

/** A GitHub organization the weekly run collects from through the API. */
export interface GithubConnectionsTable {
  id: string;
  org_id: string;
  /** The GitHub organization's login. */
  account: string;
  /** The REST API's base URL (`https://api.github.com`, or a GitHub Enterprise Server's `/api/v3`). */
  api_url: string;
  /** JSON array of repository names (`name` or `owner/name`); null: every repository of the account not archived. */
  repositories: string | null;
  /** The secret, sealed with the installation's secret box; never returned: the token, or the App's private key (PEM). */
  token: string;
  /** `token` (a personal access token) or `app` (a GitHub App installation; migration 0028). */
  credential_kind: string;
  /** The GitHub App's id (`app` only). */
  app_id: string | null;
  /** The App installation's id on the account (`app` only). */
  installation_id: string | null;
  enabled: number;
  last_run_at: string | null;
  /** `succeeded`, `partial` or `failed`. */
  last_status: string | null;
  /** JSON of the last run's counts and problems. */
  last_detail: string | null;
  created_at: string;
  updated_at: string;
}

/** The tables of migration 0026. */
export interface ConnectorTables {
  github_connections: GithubConnectionsTable;
}
