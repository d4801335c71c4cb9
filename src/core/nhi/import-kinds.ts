/**
 * The NHI import kinds (`auditready import <kind> FILE`), one descriptor each:
 * pure data the web may import; `src/importers/nhi/index.ts` binds each to
 * its streaming parser (docs/decisions/0018).
 */
import { type ImportKind, importKindRegistry } from '../imports/import-kind.js';

/** What an NHI import kind adds to every kind's facts. */
export interface NhiImportKind<Name extends string = string> extends ImportKind<Name> {
  /** The export lists every identity of its scope: absence in a newer import means deletion. */
  complete: boolean;
  /** What it yields: inventory identities or secret-scanner leaks. */
  yields: 'identities' | 'leaks';
}

const kinds = [
  {
    name: 'aws-credential-report',
    label: 'AWS IAM credential report',
    description:
      'AWS IAM credential report: raw CSV or the `aws iam get-credential-report` JSON (base64 Content)',
    command: 'aws iam get-credential-report',
    scope: {},
    proves: ['NHI-01-E1', 'NHI-03-E1', 'NHI-10-E1'],
    complete: true,
    yields: 'identities',
  },
  {
    name: 'aws-authorization-details',
    label: 'AWS IAM authorization details',
    description:
      'IAM users and roles with policies and trust, from `aws iam get-account-authorization-details`',
    command: 'aws iam get-account-authorization-details',
    scope: {},
    proves: ['NHI-01-E1', 'NHI-05-E1', 'NHI-07-E1'],
    complete: true,
    yields: 'identities',
  },
  {
    name: 'aws-secrets',
    label: 'AWS Secrets Manager secrets',
    description: 'AWS Secrets Manager secrets from `aws secretsmanager list-secrets`',
    command: 'aws secretsmanager list-secrets',
    scope: {},
    proves: ['NHI-01-E1', 'NHI-12-E1'],
    complete: true,
    yields: 'identities',
  },
  {
    name: 'gcp-service-accounts',
    label: 'GCP service accounts',
    description: 'GCP service accounts from `gcloud iam service-accounts list --format=json`',
    command: 'gcloud iam service-accounts list --format=json',
    scope: {},
    proves: ['NHI-01-E1'],
    complete: true,
    yields: 'identities',
  },
  {
    name: 'gcp-service-account-keys',
    label: 'GCP service-account keys',
    description: 'GCP service-account keys from `gcloud iam service-accounts keys list --format=json`',
    command: 'gcloud iam service-accounts keys list --format=json',
    scope: {},
    proves: ['NHI-01-E1', 'NHI-03-E1'],
    complete: true,
    yields: 'identities',
  },
  {
    name: 'azure-service-principals',
    label: 'Azure (Entra) service principals',
    description: 'Entra service principals and their secrets/certificates from `az ad sp list --all`',
    command: 'az ad sp list --all',
    scope: { hint: 'your tenant id: tells your own apps from third-party ones' },
    proves: ['NHI-01-E1', 'NHI-13-E1'],
    complete: true,
    yields: 'identities',
  },
  {
    name: 'kubernetes',
    label: 'Kubernetes service accounts and bindings',
    description:
      'Kubernetes service accounts, token secrets and bindings from `kubectl get sa,secrets,rolebindings,clusterrolebindings -A -o json`',
    command: 'kubectl get sa,secrets,rolebindings,clusterrolebindings -A -o json',
    scope: { hint: 'the cluster name' },
    proves: ['NHI-01-E1', 'NHI-05-E1'],
    complete: true,
    yields: 'identities',
  },
  {
    name: 'github-pats',
    label: 'GitHub fine-grained personal access tokens',
    description: 'GitHub fine-grained PAT grants from `GET /orgs/{org}/personal-access-tokens`',
    command: 'GET /orgs/{org}/personal-access-tokens',
    scope: {},
    proves: ['NHI-01-E1'],
    complete: true,
    yields: 'identities',
  },
  {
    name: 'github-installations',
    label: 'GitHub App installations',
    description: 'GitHub App installations from `GET /orgs/{org}/installations`',
    command: 'GET /orgs/{org}/installations',
    scope: {},
    proves: ['NHI-01-E1', 'NHI-13-E1'],
    complete: true,
    yields: 'identities',
  },
  {
    name: 'github-deploy-keys',
    label: 'GitHub deploy keys',
    description: 'GitHub deploy keys of a repository from `GET /repos/{owner}/{repo}/keys`',
    command: 'GET /repos/{owner}/{repo}/keys',
    // A repository's deploy keys without a scope: the file names its one repository, which scopes it.
    scope: { fromAttribute: 'repository' },
    proves: ['NHI-01-E1'],
    complete: true,
    yields: 'identities',
  },
  {
    name: 'github-actions-secrets',
    label: 'GitHub Actions secrets',
    description: 'GitHub Actions secrets (names and dates) from `GET /repos/{owner}/{repo}/actions/secrets`',
    command: 'GET /repos/{owner}/{repo}/actions/secrets',
    scope: {
      hint: 'the repository (org/repo) or organization',
      requiredReason: 'name the repository (org/repo) or organization of these secrets',
    },
    proves: ['NHI-01-E1', 'NHI-07-E2'],
    complete: true,
    yields: 'identities',
  },
  {
    name: 'okta-api-tokens',
    label: 'Okta API tokens',
    description: 'Okta API tokens from `GET /api/v1/api-tokens`',
    command: 'GET /api/v1/api-tokens',
    scope: {},
    proves: ['NHI-01-E1'],
    complete: true,
    yields: 'identities',
  },
  {
    name: 'gitleaks',
    label: 'gitleaks report (leaked secrets)',
    description: 'gitleaks JSON report (`--report-format json`): leaked secrets with linking hints',
    command: 'gitleaks … --report-format json',
    scope: {},
    proves: ['NHI-11-E2'],
    complete: false,
    yields: 'leaks',
  },
  {
    name: 'trufflehog',
    label: 'trufflehog results (leaked secrets)',
    description: 'trufflehog JSON lines (`--json`): leaked secrets with verification and linking hints',
    command: 'trufflehog … --json',
    scope: {},
    proves: ['NHI-11-E2'],
    complete: false,
    yields: 'leaks',
  },
] as const satisfies readonly NhiImportKind[];

/** A CLI kind name of an NHI import. */
export type NhiImportKindName = (typeof kinds)[number]['name'];

/** Every NHI import kind in the order the CLI's help and the import dialog list them. */
export const NHI_IMPORT_KIND_LIST: readonly NhiImportKind<NhiImportKindName>[] = kinds;

/** The NHI import kinds by name. */
export const NHI_IMPORT_KIND_INFO = importKindRegistry(NHI_IMPORT_KIND_LIST);

/** The names of the NHI import kinds (for validation). */
export const NHI_IMPORT_KIND_NAMES = NHI_IMPORT_KIND_LIST.map((k) => k.name) as [
  NhiImportKindName,
  ...NhiImportKindName[],
];

/** The sync of auditready's own API tokens: a run of the inventory like an import, from no file. */
export const AUDITREADY_TOKENS_SYNC = {
  name: 'auditready-api-tokens',
  label: 'auditready API tokens (automatic sync)',
} as const;
