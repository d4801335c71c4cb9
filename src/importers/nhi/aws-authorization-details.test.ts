import { describe, expect, it } from 'vitest';
import {
  byName,
  fixtureStream,
  rejection,
  runParser,
  textStream,
} from '../../../test/builders/nhi-parsers.js';
import { ImportError } from '../../platform/errors.js';
import { parseAwsAuthorizationDetails } from './aws-authorization-details.js';

const FILE = 'aws_get_account_authorization_details.json';

async function sample() {
  return runParser(parseAwsAuthorizationDetails, fixtureStream(FILE), FILE);
}

describe('AWS authorization details (sample)', () => {
  it('yields 13 users and 9 roles, complete', async () => {
    const r = await sample();
    expect(r.identities.filter((i) => i.kind === 'iam-user')).toHaveLength(13);
    expect(r.identities.filter((i) => i.kind === 'role')).toHaveLength(9);
    expect(r.facts).toEqual({ exportedAt: null, complete: true });
  });

  it('rates admin through direct, group and customer policies, not boundaries or old versions', async () => {
    const { identities } = await sample();
    expect(byName(identities, 'svc-terraform')).toMatchObject({
      privileged: true,
      privilegeSummary: 'admin via AdministratorAccess',
    });
    expect(byName(identities, 'svc-legacy-etl').attributes.adminVia).toEqual([
      'legacy-full-access via group legacy-power',
    ]);
    expect(byName(identities, 'lambda-legacy-etl-role').privileged).toBe(true);
    expect(byName(identities, 'svc-old-jenkins')).toMatchObject({
      privileged: true,
      privilegeSummary: 'near-admin via PowerUserAccess',
    });
    const deployer = byName(identities, 'svc-ci-deployer');
    expect(deployer.privileged).toBe(false);
    expect(deployer.attributes).toMatchObject({
      permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/boundary-automation',
      broadGrants: ['iam:PassRole on * (inline policy of group ci-deployers)'],
    });
    expect(byName(identities, 'github-actions-deploy-prod').privileged).toBe(false);
    expect(byName(identities, 'OrganizationAccountAccessRole').privileged).toBe(true);
  });

  it('reads owners from tags (any case), environment, expiry tags, vendors and humans', async () => {
    const { identities } = await sample();
    expect(byName(identities, 'svc-terraform')).toMatchObject({
      ownerHint: 'alice.nguyen@example.com',
      ownerSource: 'tag',
      environment: 'prod',
      purpose: 'terraform-apply',
    });
    expect(byName(identities, 'svc-old-jenkins').ownerHint).toBe('kevin.obrien@example.com');
    expect(byName(identities, 'mobile-app-uploader').ownerHint).toBe('Fatima.Zahra@Example.com');
    expect(byName(identities, 'svc-legacy-etl').ownerHint).toBeNull();
    expect(byName(identities, 'contractor-jdoe').expiresAt).toBe('2026-06-30T00:00:00.000Z');
    expect(byName(identities, 'svc-datadog-integration').attributes).toMatchObject({
      vendor: 'datadog',
      thirdParty: true,
    });
    expect(byName(identities, 'svc-github-actions').attributes.consumer).toBe(
      'github-actions:example-org/payments-api',
    );
    expect(byName(identities, 'alice.nguyen').attributes.likelyHuman).toBe(true);
    expect(byName(identities, 'carol.ito').attributes.likelyHuman).toBe(true);
    expect(byName(identities, 'svc-terraform').attributes).not.toHaveProperty('likelyHuman');
  });

  it('reads trust policies: OIDC subjects, missing sub, external ids, service-linked roles', async () => {
    const { identities } = await sample();
    const prod = byName(identities, 'github-actions-deploy-prod');
    expect(prod).toMatchObject({ authMethod: 'oidc', lastUsedAt: '2026-11-27T22:41:09.000Z' });
    expect(prod.attributes).toMatchObject({
      oidcProviders: ['token.actions.githubusercontent.com'],
      oidcSubjects: ['repo:example-org/payments-api:environment:production'],
      githubRepositories: ['example-org/payments-api'],
    });
    expect(prod.attributes).not.toHaveProperty('oidcWithoutSubject');
    expect(byName(identities, 'github-actions-terraform-plan').attributes.oidcWithoutSubject).toBe(true);
    expect(byName(identities, 'eks-irsa-payments-api').attributes.kubernetesServiceAccounts).toEqual([
      'payments/payments-api',
    ]);
    expect(byName(identities, 'vendor-audit-access')).toMatchObject({ lastUsedAt: null, ownerHint: null });
    expect(byName(identities, 'vendor-audit-access').attributes.crossAccountWithoutExternalId).toBe(true);
    expect(byName(identities, 'datadog-integration-role').attributes).not.toHaveProperty(
      'crossAccountWithoutExternalId',
    );
    expect(byName(identities, 'AWSServiceRoleForSupport').attributes).toMatchObject({
      serviceLinked: true,
      providerManaged: true,
    });
  });
});

describe('AWS authorization details (quirks and errors)', () => {
  const doc = (statement: unknown) => ({ Version: '2012-10-17', Statement: statement });
  const admin = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
  const file = (users: unknown[], extra: Record<string, unknown> = {}) =>
    JSON.stringify(
      { UserDetailList: users, GroupDetailList: [], RoleDetailList: [], Policies: [], ...extra },
      null,
      4,
    );
  const user = (policy: unknown) => ({
    UserName: 'svc-x',
    Arn: 'arn:aws:iam::111122223333:user/svc-x',
    CreateDate: '2020-01-01T00:00:00Z',
    UserPolicyList: [{ PolicyName: 'p', PolicyDocument: policy }],
  });

  it('accepts policy documents as objects, JSON strings and URL-encoded strings', async () => {
    for (const form of [admin, JSON.stringify(admin), encodeURIComponent(JSON.stringify(admin))]) {
      const { identities } = await runParser(parseAwsAuthorizationDetails, textStream(file([user(form)])));
      expect(identities[0]?.privileged).toBe(true);
    }
  });

  it('treats Allow * with a Deny on * as near-admin, and a single-object group policy list', async () => {
    const withDeny = doc([
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
    ]);
    const { identities } = await runParser(parseAwsAuthorizationDetails, textStream(file([user(withDeny)])));
    expect(identities[0]?.privilegeSummary).toBe('near-admin via inline policy p');
    const grouped = file([{ ...user(doc([])), GroupList: ['G'] }], {
      GroupDetailList: [
        {
          GroupName: 'G',
          AttachedManagedPolicies: {
            PolicyName: 'AdministratorAccess',
            PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
          },
        },
      ],
    });
    const r = await runParser(parseAwsAuthorizationDetails, textStream(grouped));
    expect(r.identities[0]?.attributes.adminVia).toEqual(['AdministratorAccess via group G']);
  });

  it('survives hostile trust-policy condition values', async () => {
    const role = {
      RoleName: 'r',
      Arn: 'arn:aws:iam::111122223333:role/r',
      AssumeRolePolicyDocument: doc({
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/x.example' },
        Condition: { StringEquals: { 'x.example:sub': { toString: 1 } } },
      }),
    };
    const { identities } = await runParser(
      parseAwsAuthorizationDetails,
      textStream(file([], { RoleDetailList: [role] })),
    );
    expect(identities[0]?.attributes.oidcSubjects).toEqual(['{"toString":1}']);
  });

  it('reports a truncated export as incomplete', async () => {
    const r = await runParser(
      parseAwsAuthorizationDetails,
      textStream(file([], { IsTruncated: true, Marker: 'abc' })),
    );
    expect(r.facts).toEqual({ exportedAt: null, complete: false });
  });

  it('names the JSON path and line of a bad element', async () => {
    const users = [
      user(doc([])),
      { ...user(doc([])), UserName: 'svc-y', AttachedManagedPolicies: ['AdministratorAccess'] },
    ];
    const err = (await rejection(
      runParser(parseAwsAuthorizationDetails, textStream(file(users)), 'auth.json'),
    )) as ImportError;
    expect(err).toBeInstanceOf(ImportError);
    expect(err.location.path).toBe('$.UserDetailList[1].AttachedManagedPolicies[0]');
    expect(err.location.line).toBe(
      file(users)
        .split('\n')
        .findIndex((l) => l.includes('"UserName": "svc-y"')),
    );
    expect(err.message).toMatch(
      /^auth\.json, line \d+, at \$\.UserDetailList\[1\]\.AttachedManagedPolicies\[0\]: expected an attached policy/,
    );
  });

  it('rejects a bad policy document and another export', async () => {
    const bad = (await rejection(
      runParser(parseAwsAuthorizationDetails, textStream(file([user('{not json')]))),
    )) as ImportError;
    expect(bad.location.path).toBe('$.UserDetailList[0].UserPolicyList[0].PolicyDocument');
    const other = (await rejection(
      runParser(parseAwsAuthorizationDetails, fixtureStream('aws_secretsmanager_list_secrets.json')),
    )) as ImportError;
    expect(other.reason).toMatch(
      /get-account-authorization-details.*has no "UserDetailList", "RoleDetailList"/,
    );
  });
});
