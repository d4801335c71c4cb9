import { describe, expect, it } from 'vitest';
import { fixtureStream, runParser } from '../../../test/builders/nhi-parsers.js';
import { ImportError } from '../../platform/errors.js';
import { isNhiImportKind, NHI_IMPORT_KINDS, type NhiImportKindName } from './index.js';

// The sample of each kind, with how many observations it yields.
const SAMPLES: Record<NhiImportKindName, [string, number]> = {
  'aws-credential-report': ['aws_iam_credential_report.csv', 30],
  'aws-authorization-details': ['aws_get_account_authorization_details.json', 22],
  'aws-secrets': ['aws_secretsmanager_list_secrets.json', 12],
  'gcp-service-accounts': ['gcloud_iam_service_accounts_list.json', 12],
  'gcp-service-account-keys': ['gcloud_iam_service_accounts_keys_list.json', 14],
  'azure-service-principals': ['azure_ad_sp_list.json', 21],
  kubernetes: ['kubectl_get_sa_secrets_bindings.json', 12],
  'github-pats': ['github_org_personal_access_tokens.json', 11],
  'github-installations': ['github_org_installations.json', 9],
  'github-deploy-keys': ['github_repo_deploy_keys.json', 8],
  'github-actions-secrets': ['github_repo_actions_secrets.json', 12],
  'okta-api-tokens': ['okta_api_tokens.json', 10],
  gitleaks: ['gitleaks_report.json', 11],
  trufflehog: ['trufflehog_results.jsonl', 10],
};

const kinds = Object.keys(NHI_IMPORT_KINDS) as NhiImportKindName[];

describe('NHI_IMPORT_KINDS', () => {
  it('lists the 14 CLI kinds with a description each', () => {
    expect(kinds.sort()).toEqual(Object.keys(SAMPLES).sort());
    for (const k of kinds) expect(NHI_IMPORT_KINDS[k].description.length).toBeGreaterThan(10);
    expect(isNhiImportKind('kubernetes')).toBe(true);
    expect(isNhiImportKind('toString')).toBe(false);
  });

  it.each(kinds)('parses the %s sample with the expected count and facts', async (kind) => {
    const [file, count] = SAMPLES[kind];
    const r = await runParser(NHI_IMPORT_KINDS[kind].parse, fixtureStream(file), file);
    expect(r.identities.length + r.leaks.length).toBe(count);
    expect(NHI_IMPORT_KINDS[kind].yields === 'leaks' ? r.identities.length : r.leaks.length).toBe(0);
    expect(r.factCalls).toBe(1);
    expect(r.facts?.complete).toBe(NHI_IMPORT_KINDS[kind].complete);
    for (const o of r.identities) {
      for (const d of [o.createdAt, o.lastUsedAt, o.lastRotatedAt, o.expiresAt]) {
        if (d !== null) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      }
    }
    expect(new Set(r.identities.map((o) => o.externalId)).size).toBe(r.identities.length);
  });

  it.each(kinds)('rejects every other sample given as %s with an ImportError', async (kind) => {
    for (const other of kinds) {
      if (other === kind) continue;
      const [file] = SAMPLES[other];
      const outcome = await runParser(NHI_IMPORT_KINDS[kind].parse, fixtureStream(file), file).then(
        () => 'parsed',
        (err: unknown) => (err instanceof ImportError ? 'rejected' : err),
      );
      expect(outcome, `${file} as ${kind}`).toBe('rejected');
    }
  });
});
