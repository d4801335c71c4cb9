/** The formats an account list may come in (docs/decisions/0026). */
export const ACCOUNT_LIST_FORMATS = ['csv', 'okta-users', 'github-members'] as const;
/** One format of account list. */
export type AccountListFormat = (typeof ACCOUNT_LIST_FORMATS)[number];

/** Each format in words, for choosers and help. */
export const ACCOUNT_LIST_FORMAT_LABELS: Record<AccountListFormat, string> = {
  csv: 'CSV: system,account,email,role,last_login',
  'okta-users': 'Okta users export (GET /api/v1/users)',
  'github-members': 'GitHub organization members (GET /orgs/{org}/members + memberships)',
};
