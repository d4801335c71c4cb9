/**
 * `aws iam get-account-authorization-details`: IAM users and roles with
 * their policies, groups and trust. Users and groups come before the
 * `Policies` list that holds the managed-policy documents, so the parser
 * keeps one compact summary per user, group and role (names, tags, policy
 * ARNs and the coarse grant of each inline policy — never the documents) and
 * emits the identities once the file ends. Memory grows with the number of
 * principals, not with the size of the policy documents. Only the default
 * version of a managed policy is evaluated; a policy used only as a
 * permissions boundary grants nothing; AWS-managed policies are rated by ARN
 * because their documents are usually absent.
 */
import type { Readable } from 'node:stream';
import type { ObservedNhi } from '../../core/nhi/types.js';
import {
  awsManagedGrant,
  evaluatePolicy,
  mergeGrants,
  type PolicyGrant,
  policyDocument,
  type SourcedGrant,
  summarizeGrants,
} from './aws-policy.js';
import { analyzeTrust } from './aws-trust.js';
import { parseTimestamp } from './dates.js';
import { inferEnvironment, looksHuman, type OwnerHint, ownerFromTags } from './hints.js';
import { readCollections } from './json-collections.js';
import { compact, nhi, reportFacts } from './observation.js';
import type { JsonRecord } from './record.js';
import type { NhiObservation, NhiParseOptions } from './types.js';

const SHAPE =
  'the output of `aws iam get-account-authorization-details`: {"UserDetailList": […], "GroupDetailList": […], "RoleDetailList": […], "Policies": […]}';

interface Principal {
  base: ObservedNhi;
  attached: { name: string; arn: string }[];
  inline: SourcedGrant[];
  groups: string[];
}

interface Group {
  attached: { name: string; arn: string }[];
  inline: PolicyGrant;
}

/** Parses `get-account-authorization-details` into IAM users and roles. */
export async function* parseAwsAuthorizationDetails(
  input: Readable,
  file: string,
  options?: NhiParseOptions,
): AsyncGenerator<NhiObservation> {
  const principals: Principal[] = [];
  const groups = new Map<string, Group>();
  const policies = new Map<string, PolicyGrant>();
  let truncated = false;
  for await (const ev of readCollections(input, file, {
    shape: SHAPE,
    arrays: ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'],
    required: ['UserDetailList', 'RoleDetailList'],
    fields: ['IsTruncated', 'Marker'],
  })) {
    if (ev.kind === 'field') {
      if (ev.key === 'IsTruncated' && ev.record.value === true) truncated = true;
      continue;
    }
    const rec = ev.record;
    rec.object('an object');
    if (ev.collection === 'UserDetailList') principals.push(user(rec));
    else if (ev.collection === 'RoleDetailList') principals.push(role(rec));
    else if (ev.collection === 'GroupDetailList') {
      groups.set(rec.str('GroupName'), {
        attached: attachedPolicies(rec),
        inline: mergeGrants(inlinePolicies(rec, 'GroupPolicyList').map((g) => g.grant)),
      });
    } else policies.set(rec.str('Arn'), defaultVersionGrant(rec));
  }
  const grantOf = (p: { name: string; arn: string }): PolicyGrant | undefined =>
    policies.get(p.arn) ?? awsManagedGrant(p.arn);
  for (const p of principals) {
    const sourced: SourcedGrant[] = [...p.inline];
    for (const a of p.attached) {
      const grant = grantOf(a);
      if (grant) sourced.push({ source: a.name, grant });
    }
    for (const name of p.groups) {
      const g = groups.get(name);
      if (!g) continue;
      sourced.push({ source: `inline policy of group ${name}`, grant: g.inline });
      for (const a of g.attached) {
        const grant = grantOf(a);
        if (grant) sourced.push({ source: `${a.name} via group ${name}`, grant });
      }
    }
    const summary = summarizeGrants(sourced);
    yield {
      ...p.base,
      privileged: summary.privileged,
      privilegeSummary: summary.privilegeSummary,
      attributes: compact({
        ...p.base.attributes,
        adminVia: summary.adminVia,
        nearAdminVia: summary.nearAdminVia,
        broadGrants: summary.broadGrants,
      }),
    };
  }
  reportFacts(options, { exportedAt: null, complete: !truncated });
}

function attachedPolicies(rec: JsonRecord): { name: string; arn: string }[] {
  return rec.list('AttachedManagedPolicies', true).map((p) => {
    p.object('an attached policy {PolicyName, PolicyArn}');
    const arn = p.str('PolicyArn');
    return { arn, name: p.optStr('PolicyName') ?? arn.slice(arn.lastIndexOf('/') + 1) };
  });
}

function inlinePolicies(rec: JsonRecord, key: string): SourcedGrant[] {
  return rec.list(key, true).map((p) => {
    p.object('an inline policy {PolicyName, PolicyDocument}');
    const name = p.str('PolicyName');
    return {
      source: `inline policy ${name}`,
      grant: evaluatePolicy(policyDocument(p.child('PolicyDocument'))),
    };
  });
}

function defaultVersionGrant(rec: JsonRecord): PolicyGrant {
  const defaultId = rec.optStr('DefaultVersionId');
  const versions = rec.list('PolicyVersionList', true);
  for (const v of versions) {
    v.object('a policy version');
    const isDefault =
      v.optBool('IsDefaultVersion') ?? (defaultId !== null && v.optStr('VersionId') === defaultId);
    if (isDefault) return evaluatePolicy(policyDocument(v.child('Document')));
  }
  return awsManagedGrant(rec.str('Arn')) ?? { admin: false, nearAdmin: false, broad: [] };
}

function common(rec: JsonRecord, nameKey: string, idKey: string) {
  const arn = rec.str('Arn');
  const name = rec.str(nameKey);
  const path = rec.optStr('Path') ?? '/';
  const tags = rec.awsTags('Tags');
  const owner: OwnerHint | null = ownerFromTags(tags, 'tag');
  const vendor = Object.entries(tags).find(([k]) => k.toLowerCase() === 'vendor')?.[1] ?? null;
  const expiresTag = Object.entries(tags).find(([k]) =>
    /^(expires|expiry|expiration|expires-at)$/i.test(k),
  )?.[1];
  const boundary = rec.child('PermissionsBoundary');
  return {
    arn,
    name,
    path,
    tags,
    owner,
    purpose: Object.entries(tags).find(([k]) => /^(purpose|description)$/i.test(k))?.[1] ?? null,
    environment: inferEnvironment(tags, path, name),
    expiresAt: expiresTag === undefined ? null : (parseTimestamp(expiresTag) ?? null),
    createdAt: rec.optDate('CreateDate'),
    accountId: /^arn:aws[\w-]*:iam::(\d{12}):/.exec(arn)?.[1] ?? null,
    attributes: {
      path,
      id: rec.optStr(idKey),
      tags,
      vendor,
      thirdParty: vendor !== null || path.startsWith('/integrations/') ? true : null,
      consumer: Object.entries(tags).find(([k]) => k.toLowerCase() === 'consumer')?.[1] ?? null,
      permissionsBoundaryArn: boundary.isObject ? boundary.optStr('PermissionsBoundaryArn') : null,
    },
  };
}

function user(rec: JsonRecord): Principal {
  const c = common(rec, 'UserName', 'UserId');
  const attached = attachedPolicies(rec);
  const inline = inlinePolicies(rec, 'UserPolicyList');
  const groups = rec.strings('GroupList');
  const base = nhi({
    kind: 'iam-user',
    provider: 'aws',
    externalId: c.arn,
    name: c.name,
    owner: c.owner,
    purpose: c.purpose,
    environment: c.environment,
    createdAt: c.createdAt,
    lastUsedAt: rec.optDate('PasswordLastUsed'),
    expiresAt: c.expiresAt,
    attributes: compact({
      ...c.attributes,
      accountId: c.accountId,
      groups,
      attachedPolicies: attached.map((a) => a.name),
      inlinePolicies: inline.map((i) => i.source.replace('inline policy ', '')),
      likelyHuman: c.owner === null && looksHuman(c.name) ? true : null,
    }),
  });
  return { base, attached, inline, groups };
}

function role(rec: JsonRecord): Principal {
  const c = common(rec, 'RoleName', 'RoleId');
  const attached = attachedPolicies(rec);
  const inline = inlinePolicies(rec, 'RolePolicyList');
  const trust = analyzeTrust(rec.child('AssumeRolePolicyDocument'), c.accountId);
  const lastUsed = rec.child('RoleLastUsed');
  const { authMethod, ...trustAttributes } = trust;
  const base = nhi({
    kind: 'role',
    provider: 'aws',
    externalId: c.arn,
    name: c.name,
    owner: c.owner,
    purpose: c.purpose,
    environment: c.environment,
    authMethod,
    createdAt: c.createdAt,
    lastUsedAt: lastUsed.isObject ? lastUsed.optDate('LastUsedDate') : null,
    expiresAt: c.expiresAt,
    attributes: compact({
      ...c.attributes,
      accountId: c.accountId,
      serviceLinked: c.path.startsWith('/aws-service-role/') ? true : null,
      providerManaged: c.path.startsWith('/aws-service-role/') ? true : null,
      // RoleLastUsed covers the trailing 400 days: `{}` means not used in that window.
      usageTracked: true,
      lastUsedRegion: lastUsed.isObject ? lastUsed.optStr('Region') : null,
      attachedPolicies: attached.map((a) => a.name),
      inlinePolicies: inline.map((i) => i.source.replace('inline policy ', '')),
      instanceProfiles: rec
        .list('InstanceProfileList')
        .map((p) => p.optStr('InstanceProfileName'))
        .filter((n): n is string => n !== null),
      ...compact({ ...trustAttributes }),
      oidcWithoutSubject: trust.oidcWithoutSubject || null,
      crossAccountWithoutExternalId: trust.crossAccountWithoutExternalId || null,
      publicPrincipal: trust.publicPrincipal || null,
    }),
  });
  return { base, attached, inline, groups: [] };
}
