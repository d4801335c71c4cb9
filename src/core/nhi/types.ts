/**
 * The words of the non-human identity inventory (SPEC §3, §7): what an
 * importer observed in one export, before it is matched to stored records.
 */

/** Every kind of non-human identity auditready tracks. */
export const NHI_KINDS = [
  'iam-user',
  'access-key',
  'role',
  'service-account',
  'service-account-key',
  'service-principal',
  'client-secret',
  'certificate',
  'k8s-service-account',
  'k8s-token',
  'github-pat',
  'github-app-installation',
  'deploy-key',
  'actions-secret',
  'api-token',
  'secret',
  'oauth-app',
] as const;
/** A kind of non-human identity. */
export type NhiKind = (typeof NHI_KINDS)[number];

/** Where an identity lives. */
export const NHI_PROVIDERS = ['aws', 'gcp', 'azure', 'kubernetes', 'github', 'okta', 'auditready'] as const;
/** A provider of non-human identities. */
export type NhiProvider = (typeof NHI_PROVIDERS)[number];

/** How an identity authenticates. */
export const AUTH_METHODS = [
  'static-key',
  'federated',
  'oidc',
  'password',
  'certificate',
  'unknown',
] as const;
/** An identity's authentication method. */
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** Lifecycle status of an identity as last observed. */
export const NHI_STATUSES = ['active', 'disabled', 'deleted'] as const;
/** An identity's status. */
export type NhiStatus = (typeof NHI_STATUSES)[number];

/** Where an owner hint was found in an export. */
export type OwnerSource =
  | 'tag'
  | 'label'
  | 'annotation'
  | 'github-owner'
  | 'azure-owner'
  | 'added-by'
  | 'created-by'
  /** Free text such as a GCP description or an Entra `notes` field (`Owner: x`). */
  | 'description';

/**
 * One identity as one export shows it. `externalId` is stable and unique
 * within the provider (ARN, access key id, service-account e-mail, key name,
 * `namespace/name`, GitHub id …) so two exports can be compared.
 */
export interface ObservedNhi {
  kind: NhiKind;
  provider: NhiProvider;
  externalId: string;
  name: string;
  /** The externalId of the identity this one belongs to (a key's user or service account). */
  parentExternalId: string | null;
  /** An owner as found in the export (e-mail or user name), with where it was found. */
  ownerHint: string | null;
  ownerSource: OwnerSource | null;
  purpose: string | null;
  /** `prod`, `staging`, `dev` … as tagged or inferred from names/namespaces/projects; null when unknown. */
  environment: string | null;
  privileged: boolean;
  /** Short human summary: `AdministratorAccess`, `cluster-admin`, `contents:write on 12 repos`. */
  privilegeSummary: string | null;
  authMethod: AuthMethod;
  status: NhiStatus;
  /** ISO-8601 timestamps (UTC) or null when the export does not say. */
  createdAt: string | null;
  lastUsedAt: string | null;
  lastRotatedAt: string | null;
  expiresAt: string | null;
  /** Provider-specific facts the rules need (e.g. `passwordEnabled`, `scopes`, `workloadIdentity`). JSON only. */
  attributes: Record<string, unknown>;
}

/**
 * One finding of a secret scanner. The secret itself is never kept: only
 * what identifies the credential (`hints`) and where it leaked.
 */
export interface ObservedLeak {
  scanner: 'gitleaks' | 'trufflehog';
  /** Stable id of the finding across runs (scanner fingerprint, or a hash of rule+location). */
  fingerprint: string;
  rule: string;
  /** Where it leaked: repository, file, line, commit. */
  location: { repository: string | null; file: string | null; line: number | null; commit: string | null };
  /** When the leak happened (commit time), ISO-8601, or null. */
  leakedAt: string | null;
  verified: boolean | null;
  /** What identifies the leaked credential, when the data allows: AWS key id / ARN, GCP private_key_id, GitHub token fingerprint. */
  hints: { awsAccessKeyId?: string; awsArn?: string; gcpPrivateKeyId?: string; githubTokenSha256?: string };
  /** A redacted preview (first 4 characters and length), never the secret. */
  redacted: string | null;
}

/** What one file of one importer kind yields: header facts plus a stream of observations. */
export interface ExportFacts {
  /** The export's own timestamp when it carries one (credential report `GeneratedTime` …), ISO-8601. */
  exportedAt: string | null;
  /** True when the export lists every identity of its scope, so absence means deletion. */
  complete: boolean;
}
