/**
 * The NHI importers by CLI kind (`auditready import <kind> FILE`): each
 * kind's descriptor (label, producing command, scope rule, the requirements
 * it proves, whether its export is complete; src/core/nhi/import-kinds.ts)
 * bound to its streaming parser (docs/decisions/0018).
 */
import { importKindRegistry } from '../../core/imports/import-kind.js';
import {
  NHI_IMPORT_KIND_LIST,
  type NhiImportKind,
  type NhiImportKindName,
} from '../../core/nhi/import-kinds.js';
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

/** One NHI import kind: its descriptor (src/core/nhi/import-kinds.ts) bound to its streaming parser. */
export interface NhiImportKindWithParser<Name extends NhiImportKindName = NhiImportKindName>
  extends NhiImportKind<Name> {
  parse: NhiParser;
}

const PARSERS: Record<NhiImportKindName, NhiParser> = {
  'aws-credential-report': parseAwsCredentialReport,
  'aws-authorization-details': parseAwsAuthorizationDetails,
  'aws-secrets': parseAwsSecrets,
  'gcp-service-accounts': parseGcpServiceAccounts,
  'gcp-service-account-keys': parseGcpServiceAccountKeys,
  'azure-service-principals': parseAzureServicePrincipals,
  kubernetes: parseKubernetes,
  'github-pats': parseGithubPats,
  'github-installations': parseGithubInstallations,
  'github-deploy-keys': parseGithubDeployKeys,
  'github-actions-secrets': parseGithubActionsSecrets,
  'okta-api-tokens': parseOktaApiTokens,
  gitleaks: parseGitleaks,
  trufflehog: parseTrufflehog,
};

/** Every NHI import kind, by its CLI name: the registry the import service dispatches on. */
export const NHI_IMPORT_KINDS = importKindRegistry(
  NHI_IMPORT_KIND_LIST.map((kind): NhiImportKindWithParser => ({ ...kind, parse: PARSERS[kind.name] })),
);

export type { NhiImportKindName };

/** True when `name` is an NHI import kind. */
export function isNhiImportKind(name: string): name is NhiImportKindName {
  return Object.hasOwn(NHI_IMPORT_KINDS, name);
}
