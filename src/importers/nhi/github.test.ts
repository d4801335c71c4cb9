import { describe, expect, it } from 'vitest';
import {
  byId,
  byName,
  fixtureStream,
  rejection,
  runParser,
  textStream,
} from '../../../test/builders/nhi-parsers.js';
import type { ImportError } from '../../platform/errors.js';
import { parseGithubActionsSecrets } from './github-actions-secrets.js';
import { parseGithubDeployKeys } from './github-deploy-keys.js';
import { parseGithubInstallations } from './github-installations.js';
import { parseGithubPats } from './github-pats.js';

describe('GitHub fine-grained PAT grants', () => {
  const FILE = 'github_org_personal_access_tokens.json';

  it('yields 11 PATs owned by owner.login, dates in UTC', async () => {
    const r = await runParser(parseGithubPats, fixtureStream(FILE), FILE);
    expect(r.identities).toHaveLength(11);
    const tf = byId(r.identities, 'pat/41201');
    expect(tf).toMatchObject({
      name: 'terraform-github-provider',
      ownerHint: 'alice-nguyen',
      ownerSource: 'github-owner',
      privileged: true,
      createdAt: '2026-01-15T17:12:44.000Z',
      expiresAt: '2027-01-15T17:12:40.000Z',
      lastUsedAt: '2026-11-27T21:03:18.000Z',
    });
    expect(tf.attributes.scopes).toContain('organization:administration:write');
    expect(tf.attributes.permissions).toMatchObject({
      organization_administration: 'write',
      members: 'write',
      secrets: 'write',
    });
  });

  it('handles no expiry, expired, never used, org-only and other-bucket grants', async () => {
    const { identities } = await runParser(parseGithubPats, fixtureStream(FILE));
    expect(byId(identities, 'pat/41203')).toMatchObject({ expiresAt: null, privileged: false });
    expect(byId(identities, 'pat/41203').attributes.noExpiry).toBe(true);
    expect(byId(identities, 'pat/41204')).toMatchObject({ status: 'disabled' });
    expect(byId(identities, 'pat/41205')).toMatchObject({ lastUsedAt: null });
    expect(byId(identities, 'pat/41207')).toMatchObject({ privileged: true, status: 'disabled' });
    expect(byId(identities, 'pat/41208').attributes.repositorySelection).toBe('none');
    expect(byId(identities, 'pat/41211').attributes.scopes).toContain('other:gists:read');
  });

  it('tolerates the older schema without token_id/token_name', async () => {
    const text = JSON.stringify([
      {
        id: 7,
        owner: { login: 'x' },
        permissions: { repository: { contents: 'read' } },
        token_expires_at: null,
      },
    ]);
    const { identities } = await runParser(parseGithubPats, textStream(text));
    expect(identities[0]).toMatchObject({
      externalId: 'pat/7',
      name: 'PAT grant 7 (x)',
      privilegeSummary: 'read-only on selected repositories',
    });
  });
});

describe('GitHub App installations', () => {
  const FILE = 'github_org_installations.json';

  it('yields 9 installations with permissions, suspension and review date', async () => {
    const r = await runParser(parseGithubInstallations, fixtureStream(FILE), FILE);
    expect(r.identities).toHaveLength(9);
    expect(r.facts?.complete).toBe(true);
    const tailspin = byName(r.identities, 'tailspin-ci');
    expect(tailspin).toMatchObject({ privileged: true, authMethod: 'federated' });
    expect(tailspin.attributes).toMatchObject({
      appId: '210001',
      repositorySelection: 'all',
      permissions: { secrets: 'write', workflows: 'write' },
    });
    expect(byName(r.identities, 'adventureworks-org-sync').privilegeSummary).toMatch(
      /admin: members, organization_administration/,
    );
    expect(byName(r.identities, 'contoso-chatops')).toMatchObject({ status: 'disabled' });
    expect(byName(r.identities, 'northwind-dependency-bot').attributes.neverUpdated).toBe(true);
    expect(byName(r.identities, 'example-org-settings').attributes.singleFilePaths).toEqual([
      '.github/settings.yml',
    ]);
    expect(byName(r.identities, 'litware-cost-reporter').attributes).not.toHaveProperty('events');
  });

  it('reports a partial page as incomplete', async () => {
    const r = await runParser(
      parseGithubInstallations,
      textStream('{"total_count": 2, "installations": [{"id": 1, "app_id": 2, "app_slug": "a"}]}'),
    );
    expect(r.facts?.complete).toBe(false);
  });
});

describe('GitHub deploy keys', () => {
  const FILE = 'github_repo_deploy_keys.json';

  it('yields 8 keys scoped to their repository', async () => {
    const r = await runParser(parseGithubDeployKeys, fixtureStream(FILE), FILE);
    expect(r.identities).toHaveLength(8);
    const jenkins = byId(r.identities, 'deploy-key/example-org/payments-api/88000101');
    expect(jenkins).toMatchObject({
      name: 'jenkins-deploy (ci01)',
      ownerHint: 'kobrien',
      ownerSource: 'added-by',
      lastRotatedAt: '2019-08-01T14:22:10.000Z',
      privilegeSummary: 'write access to example-org/payments-api',
    });
    expect(jenkins.attributes).toMatchObject({ readOnly: false, repository: 'example-org/payments-api' });
    expect(jenkins.attributes.credentialFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(byId(r.identities, 'deploy-key/example-org/payments-api/88000103')).toMatchObject({
      ownerHint: null,
      lastUsedAt: null,
    });
    expect(byId(r.identities, 'deploy-key/example-org/payments-api/88000105')).toMatchObject({
      status: 'disabled',
    });
    expect(byId(r.identities, 'deploy-key/example-org/payments-api/88000102').environment).toBe('staging');
  });
});

describe('GitHub Actions secrets', () => {
  const FILE = 'github_repo_actions_secrets.json';

  it('yields 12 secrets with updated_at as rotation, scoped by options', async () => {
    const r = await runParser(parseGithubActionsSecrets, fixtureStream(FILE), FILE, {
      scope: 'example-org/payments-api',
    });
    expect(r.identities).toHaveLength(12);
    expect(r.facts).toEqual({ exportedAt: null, complete: true });
    expect(byId(r.identities, 'actions-secret/example-org/payments-api/AWS_ACCESS_KEY_ID')).toMatchObject({
      kind: 'actions-secret',
      lastRotatedAt: '2023-03-03T03:10:00.000Z',
      authMethod: 'static-key',
    });
    expect(byName(r.identities, 'AZURE_CREDENTIALS').lastRotatedAt).toBe('2020-09-14T10:30:00.000Z');
  });

  it('rejects a deploy-key list and bad secret names', async () => {
    const err = (await rejection(
      runParser(parseGithubActionsSecrets, fixtureStream('github_repo_deploy_keys.json')),
    )) as ImportError;
    expect(err.reason).toMatch(/actions\/secrets.*found an array/);
    const bad = (await rejection(
      runParser(parseGithubActionsSecrets, textStream('{"secrets": [{"name": "not a name"}]}')),
    )) as ImportError;
    expect(bad.location.path).toBe('$.secrets[0].name');
  });
});
