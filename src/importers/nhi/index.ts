/**
 * The NHI importers by CLI kind (`auditready import <kind> FILE`): each
 * kind's streaming parser, whether its export is complete (an identity
 * absent from a newer import of the same source was deleted), and a
 * one-line description.
 */
import { parseAwsAuthorizationDetails } from './aws-authorization-details.js';
import { parseAwsCredentialReport } from './aws-credential-report.js';
import { parseAwsSecrets } from './aws-secrets.js';
import { parseAzureServicePrincipals } from './azure-service-principals.js';
import { parseGcpServiceAccountKeys } from './gcp-service-account-keys.js';
import { parseGcpServiceAccounts } from './gcp-service-accounts.js';
import { parseGithubActionsSecrets } from './github-actions-secrets.js';
import { parseGithubDeployKeys } from './github-deploy-keys.js';
import { parseGithubInstallations } from './github-installations.js';
import { parseGithubPats } from './github-pats.js';
import { parseGitleaks } from './gitleaks.js';
import { parseKubernetes } from './kubernetes.js';
import { parseOktaApiTokens } from './okta-api-tokens.js';
import { parseTrufflehog } from './trufflehog.js';
import type { NhiParser } from './types.js';

export type { NhiObservation, NhiParseOptions, NhiParser } from './types.js';
export { isObservedLeak } from './types.js';

/** One importer kind. */
export interface NhiImportKind {
  parse: NhiParser;
  /** The export lists every identity of its scope: absence in a newer import means deletion. */
  complete: boolean;
  /** What it yields: inventory identities or secret-scanner leaks. */
  yields: 'identities' | 'leaks';
  description: string;
}

/** Every NHI import kind, by its CLI name. */
export const NHI_IMPORT_KINDS = {
  'aws-credential-report': {
    parse: parseAwsCredentialReport,
    complete: true,
    yields: 'identities',
    description:
      'AWS IAM credential report: raw CSV or the `aws iam get-credential-report` JSON (base64 Content)',
  },
  'aws-authorization-details': {
    parse: parseAwsAuthorizationDetails,
    complete: true,
    yields: 'identities',
    description:
      'IAM users and roles with policies and trust, from `aws iam get-account-authorization-details`',
  },
  'aws-secrets': {
    parse: parseAwsSecrets,
    complete: true,
    yields: 'identities',
    description: 'AWS Secrets Manager secrets from `aws secretsmanager list-secrets`',
  },
  'gcp-service-accounts': {
    parse: parseGcpServiceAccounts,
    complete: true,
    yields: 'identities',
    description: 'GCP service accounts from `gcloud iam service-accounts list --format=json`',
  },
  'gcp-service-account-keys': {
    parse: parseGcpServiceAccountKeys,
    complete: true,
    yields: 'identities',
    description: 'GCP service-account keys from `gcloud iam service-accounts keys list --format=json`',
  },
  'azure-service-principals': {
    parse: parseAzureServicePrincipals,
    complete: true,
    yields: 'identities',
    description: 'Entra service principals and their secrets/certificates from `az ad sp list --all`',
  },
  kubernetes: {
    parse: parseKubernetes,
    complete: true,
    yields: 'identities',
    description:
      'Kubernetes service accounts, token secrets and bindings from `kubectl get sa,secrets,rolebindings,clusterrolebindings -A -o json`',
  },
  'github-pats': {
    parse: parseGithubPats,
    complete: true,
    yields: 'identities',
    description: 'GitHub fine-grained PAT grants from `GET /orgs/{org}/personal-access-tokens`',
  },
  'github-installations': {
    parse: parseGithubInstallations,
    complete: true,
    yields: 'identities',
    description: 'GitHub App installations from `GET /orgs/{org}/installations`',
  },
  'github-deploy-keys': {
    parse: parseGithubDeployKeys,
    complete: true,
    yields: 'identities',
    description: 'GitHub deploy keys of a repository from `GET /repos/{owner}/{repo}/keys`',
  },
  'github-actions-secrets': {
    parse: parseGithubActionsSecrets,
    complete: true,
    yields: 'identities',
    description: 'GitHub Actions secrets (names and dates) from `GET /repos/{owner}/{repo}/actions/secrets`',
  },
  'okta-api-tokens': {
    parse: parseOktaApiTokens,
    complete: true,
    yields: 'identities',
    description: 'Okta API tokens from `GET /api/v1/api-tokens`',
  },
  gitleaks: {
    parse: parseGitleaks,
    complete: false,
    yields: 'leaks',
    description: 'gitleaks JSON report (`--report-format json`): leaked secrets with linking hints',
  },
  trufflehog: {
    parse: parseTrufflehog,
    complete: false,
    yields: 'leaks',
    description: 'trufflehog JSON lines (`--json`): leaked secrets with verification and linking hints',
  },
} as const satisfies Record<string, NhiImportKind>;

/** A CLI kind name of an NHI import. */
export type NhiImportKindName = keyof typeof NHI_IMPORT_KINDS;

/** True when `name` is an NHI import kind. */
export function isNhiImportKind(name: string): name is NhiImportKindName {
  return Object.hasOwn(NHI_IMPORT_KINDS, name);
}
