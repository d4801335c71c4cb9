/**
 * The contract between the NHI importers and the pure rules: the names of the
 * provider-specific facts that importers put in `ObservedNhi.attributes` and
 * that linking and the rules read. Both sides import these constants so that
 * a rename cannot silently switch a rule off. Every attribute is optional; a
 * rule that lacks one stays quiet rather than guessing. Names follow what
 * src/importers/nhi already writes (`root`, `passwordLastUsed`, `adminVia`,
 * `oidcProviders`, `serviceLinked`, `likelyHuman`, `tags`).
 */
import type { ObservedNhi } from './types.js';

/** Attribute keys (values are JSON) that the rules read from `ObservedNhi.attributes`. */
export const NHI_ATTRIBUTES = {
  /** boolean — a console/interactive password is set (AWS credential report `password_enabled`). */
  passwordEnabled: 'passwordEnabled',
  /** ISO timestamp — last interactive/console sign-in (AWS `password_last_used`). */
  passwordLastUsed: 'passwordLastUsed',
  /** boolean — a person-type account used as a machine identity (GitHub machine user, Okta user token bot). */
  humanAccount: 'humanAccount',
  /** boolean — an IAM user that looks like a person (`alice.nguyen`) rather than a machine: not an NHI for owner and human-use rules. */
  likelyHuman: 'likelyHuman',
  /** boolean — the AWS account root user (or one of its keys): `<root_account>`, `arn:aws:iam::N:root`. */
  root: 'root',
  /** boolean — created and rotated by the provider (service-linked role, RDS-managed secret, GCP system-managed key, managed-identity cert): exempt from owner, usage, rotation and expiry rules. */
  providerManaged: 'providerManaged',
  /** boolean — an AWS service-linked role (path `/aws-service-role/`); provider-managed too. */
  serviceLinked: 'serviceLinked',
  /** boolean — whether the export reports last use for this identity; when true, a null `lastUsedAt` means never used. */
  usageTracked: 'usageTracked',
  /** string — AWS access key id (`AKIA…`) when it is not the external id. */
  accessKeyId: 'accessKeyId',
  /** string — the identity's ARN when it is not the external id. */
  arn: 'arn',
  /** string — AWS account id, GCP project, Azure tenant or cluster: the isolation boundary. */
  accountId: 'accountId',
  /** string — GCP service-account key id (= `private_key_id` of the key file) when it is not the external id. */
  keyId: 'keyId',
  /** string — lowercase hex SHA-256 of a token, when auditready knows it (its own API tokens). */
  tokenSha256: 'tokenSha256',
  /** string — a service account's e-mail when it is not the external id. */
  email: 'email',
  /** object — Kubernetes `metadata.annotations`, as exported. */
  annotations: 'annotations',
  /** string — the AWS role a Kubernetes service account assumes (from the IRSA annotation). */
  awsRoleArn: 'awsRoleArn',
  /** string — the GCP service account a Kubernetes service account impersonates (GKE workload identity). */
  gcpServiceAccount: 'gcpServiceAccount',
  /** boolean — owned by another organization (vendor app, foreign tenant, vendor-tagged IAM user/role). */
  thirdParty: 'thirdParty',
  /** string[] — grants the importer judged broad (`iam:PassRole on * (ci-deployers)`). */
  broadGrants: 'broadGrants',
  /** string[] — OAuth scopes granted. */
  scopes: 'scopes',
  /** object name → level — GitHub-style permissions (`{ contents: 'write' }`). */
  permissions: 'permissions',
  /** string — GitHub `repository_selection` (`all`, `selected`, `subset`, `none`). */
  repositorySelection: 'repositorySelection',
  /** boolean — the export says the credential never expires (GitHub `token_expires_at: null`, GCP 9999-12-31, Azure 2299). */
  noExpiry: 'noExpiry',
  /** ISO timestamp — when the grant's permissions were last accepted or changed (GitHub installation `updated_at`). */
  permissionsUpdatedAt: 'permissionsUpdatedAt',
  /** string[] — OIDC providers a role's trust policy names (`token.actions.githubusercontent.com`, `oidc.eks…`). */
  oidcProviders: 'oidcProviders',
  /** object key → value — provider tags (AWS `Tags`), where a `consumer` tag says who uses the credential. */
  tags: 'tags',
  /** string — who consumes the credential when not in tags (`github-actions:org/repo`). */
  consumer: 'consumer',
  /** string[] — every environment the identity was seen in, when more than `environment`. */
  environments: 'environments',
  /** string — a hash of the credential value, equal across places that hold the same secret. */
  credentialFingerprint: 'credentialFingerprint',
  /** string[] — where full admin (`*` on `*`) comes from (`AdministratorAccess`, `legacy-full-access via group legacy-power`, `cluster-admin`). */
  adminVia: 'adminVia',
} as const;

/** The Kubernetes annotations that bind a service account to a cloud identity (workload identity). */
export const K8S_WORKLOAD_ANNOTATIONS = {
  /** EKS IAM Roles for Service Accounts: value is the role ARN. */
  awsRoleArn: 'eks.amazonaws.com/role-arn',
  /** GKE Workload Identity: value is the GCP service-account e-mail. */
  gcpServiceAccount: 'iam.gke.io/gcp-service-account',
} as const;

type Attributed = Pick<ObservedNhi, 'attributes'>;

/** A boolean attribute; `'true'`/`'false'` strings are accepted because CSV exports carry them. */
export function attrBool(identity: Attributed, key: string): boolean | null {
  const value = identity.attributes[key];
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) {
    return value.trim().toLowerCase() === 'true';
  }
  return null;
}

/** A non-empty string attribute, trimmed. */
export function attrString(identity: Attributed, key: string): string | null {
  const value = identity.attributes[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** A list-of-strings attribute; a comma-separated string counts as a list. */
export function attrStrings(identity: Attributed, key: string): string[] {
  const value = identity.attributes[key];
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return raw.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

/** An object attribute with string values (annotations, permissions); other values are dropped. */
export function attrStringRecord(identity: Attributed, key: string): Record<string, string> {
  const value = identity.attributes[key];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** Whether the provider manages this identity itself (exempt from ownership and hygiene rules). */
export function isProviderManaged(identity: Attributed): boolean {
  return (
    attrBool(identity, NHI_ATTRIBUTES.providerManaged) === true ||
    attrBool(identity, NHI_ATTRIBUTES.serviceLinked) === true
  );
}
