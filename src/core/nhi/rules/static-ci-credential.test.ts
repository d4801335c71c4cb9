import { describe, expect, it } from 'vitest';
import { ACCOUNT, buildIdentity, buildUser, contextWith } from '../../../../test/builders/nhi-records.js';
import { findStaticCiCredentials, looksLikeCi } from './static-ci-credential.js';

const ciUser = buildUser({
  externalId: `arn:aws:iam::${ACCOUNT}:user/automation/svc-github-actions`,
  name: 'svc-github-actions',
});
const ciKey = buildIdentity({
  externalId: `${ciUser.externalId}#access_key_1`,
  parentExternalId: ciUser.externalId,
});
const oidcRole = buildIdentity({
  kind: 'role',
  externalId: `arn:aws:iam::${ACCOUNT}:role/github-actions-deploy-prod`,
  parentExternalId: null,
  authMethod: 'oidc',
  attributes: { oidcProviders: ['token.actions.githubusercontent.com'] },
});

describe('nhi-static-ci-credential', () => {
  it('flags a CI user with an active key where an OIDC role exists in the same account (NHI6)', () => {
    const [f, ...rest] = findStaticCiCredentials(contextWith([ciUser, ciKey, oidcRole]));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      rule: 'nhi-static-ci-credential',
      severity: 'high',
      nhiExternalId: ciUser.externalId,
      owasp: ['NHI6:2025'],
      cis: [],
      evidence: { account: ACCOUNT, activeKeys: [ciKey.externalId], federatedRoles: [oidcRole.externalId] },
    });
  });

  it('recognises CI by a consumer tag, and judges a user whose keys the export does not list', () => {
    const tagged = buildUser({
      name: 'svc-release',
      attributes: { tags: { consumer: 'github-actions:example-org/api' } },
    });
    expect(findStaticCiCredentials(contextWith([tagged, oidcRole]))[0]?.evidence).toMatchObject({
      activeKeys: [],
      consumer: 'github-actions:example-org/api',
    });
  });

  it('is silent without federation in the same account, for non-CI users, and when all keys are inactive', () => {
    const otherAccount = { ...oidcRole, externalId: 'arn:aws:iam::999999999999:role/gha' };
    expect(findStaticCiCredentials(contextWith([ciUser, ciKey, otherAccount]))).toEqual([]);
    expect(findStaticCiCredentials(contextWith([buildUser({ name: 'svc-reporting' }), oidcRole]))).toEqual(
      [],
    );
    expect(
      findStaticCiCredentials(contextWith([ciUser, { ...ciKey, status: 'disabled' }, oidcRole])),
    ).toEqual([]);
    expect(
      findStaticCiCredentials(contextWith([ciUser, ciKey, { ...oidcRole, status: 'disabled' }])),
    ).toEqual([]);
  });

  it('flags GitHub Actions secrets holding AWS keys when a role trusts GitHub OIDC', () => {
    const secret = buildIdentity({
      kind: 'actions-secret',
      provider: 'github',
      externalId: 'example-org/payments-api:AWS_ACCESS_KEY_ID',
      name: 'AWS_ACCESS_KEY_ID',
      parentExternalId: null,
    });
    expect(findStaticCiCredentials(contextWith([secret, oidcRole]))).toHaveLength(1);
    const eksOnly = { ...oidcRole, attributes: { oidcProviders: ['oidc.eks.us-east-1.amazonaws.com/id/X'] } };
    expect(findStaticCiCredentials(contextWith([secret, eksOnly]))).toEqual([]);
  });

  it('reads CI words as words', () => {
    expect(
      ['svc-ci-deployer', 'jenkins', 'GitHub_Actions runner', 'build pipeline'].map(looksLikeCi),
    ).toEqual([true, true, true, true]);
    expect(['circle', 'decider', 'svc-app', null].map(looksLikeCi)).toEqual([false, false, false, false]);
  });
});
