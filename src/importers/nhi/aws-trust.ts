/**
 * Reads an IAM role's trust policy (`AssumeRolePolicyDocument`): who may
 * assume it (AWS accounts, services, SAML/OIDC providers), whether OIDC
 * trust is pinned by a `sub` condition (GitHub Actions, EKS IRSA), whether
 * cross-account trust requires `sts:ExternalId`, and the repositories and
 * Kubernetes service accounts named by `sub` so they can be linked.
 */
import type { AuthMethod } from '../../core/nhi/types.js';
import { policyDocument } from './aws-policy.js';
import type { JsonRecord } from './record.js';

/** What a trust policy says, as attributes for the rules and for linking. */
export interface TrustSummary {
  authMethod: AuthMethod;
  awsPrincipals: string[];
  servicePrincipals: string[];
  federatedPrincipals: string[];
  oidcProviders: string[];
  oidcSubjects: string[];
  oidcAudiences: string[];
  /** An OIDC statement without any `sub` condition: any subject of the provider can assume the role. */
  oidcWithoutSubject: boolean;
  /** Other AWS accounts trusted. */
  crossAccounts: string[];
  /** Cross-account trust where some statement lacks an `sts:ExternalId` condition. */
  crossAccountWithoutExternalId: boolean;
  /** `Principal: "*"` (anyone). */
  publicPrincipal: boolean;
  /** `org/repo` from GitHub `repo:org/repo:…` subjects. */
  githubRepositories: string[];
  /** `namespace/name` from EKS `system:serviceaccount:ns:name` subjects. */
  kubernetesServiceAccounts: string[];
}

function asList(rec: JsonRecord, key: string): string[] {
  const v = rec.raw(key);
  if (v === undefined || v === null) return [];
  return typeof v === 'string' ? [v] : rec.strings(key);
}

/** Condition keys (lowercased) with their values, across all operators of a statement. */
function conditions(st: JsonRecord): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const cond = st.child('Condition');
  if (cond.value === undefined || cond.value === null) return out;
  for (const op of Object.keys(cond.object('a Condition object'))) {
    const block = cond.child(op);
    for (const key of Object.keys(block.object('a condition block'))) {
      const v = block.raw(key);
      const vals = (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
      out.set(key.toLowerCase(), [...(out.get(key.toLowerCase()) ?? []), ...vals]);
    }
  }
  return out;
}

/** Summarises a role's trust policy; `accountId` is the role's own account. */
export function analyzeTrust(rec: JsonRecord, accountId: string | null): TrustSummary {
  const s: TrustSummary = {
    authMethod: 'federated',
    awsPrincipals: [],
    servicePrincipals: [],
    federatedPrincipals: [],
    oidcProviders: [],
    oidcSubjects: [],
    oidcAudiences: [],
    oidcWithoutSubject: false,
    crossAccounts: [],
    crossAccountWithoutExternalId: false,
    publicPrincipal: false,
    githubRepositories: [],
    kubernetesServiceAccounts: [],
  };
  if (rec.value === undefined || rec.value === null) return s;
  const doc = policyDocument(rec);
  for (const st of doc.list('Statement', true)) {
    st.object('a trust policy statement');
    if (st.raw('Effect') !== 'Allow') continue;
    const cond = conditions(st);
    const principal = st.child('Principal');
    let aws: string[] = [];
    let federated: string[] = [];
    if (principal.value === '*') s.publicPrincipal = true;
    else if (principal.isObject) {
      aws = asList(principal, 'AWS');
      federated = asList(principal, 'Federated');
      s.servicePrincipals.push(...asList(principal, 'Service'));
      if (aws.includes('*')) s.publicPrincipal = true;
    }
    s.awsPrincipals.push(...aws);
    s.federatedPrincipals.push(...federated);
    for (const p of aws) {
      const account = /^(?:arn:aws[\w-]*:iam::)?(\d{12})(?::|$)/.exec(p)?.[1];
      if (account && account !== accountId) {
        s.crossAccounts.push(account);
        if (!cond.has('sts:externalid')) s.crossAccountWithoutExternalId = true;
      }
    }
    for (const p of federated) {
      const host = /oidc-provider\/(.+)$/.exec(p)?.[1];
      if (!host) continue;
      s.oidcProviders.push(host);
      const subs = cond.get(`${host.toLowerCase()}:sub`) ?? [];
      if (subs.length === 0) s.oidcWithoutSubject = true;
      s.oidcSubjects.push(...subs);
      s.oidcAudiences.push(...(cond.get(`${host.toLowerCase()}:aud`) ?? []));
    }
  }
  for (const sub of s.oidcSubjects) {
    const gh = /^repo:([^:/]+\/[^:]+)(?::|$)/.exec(sub)?.[1];
    if (gh) s.githubRepositories.push(gh);
    const k8s = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(sub);
    if (k8s) s.kubernetesServiceAccounts.push(`${k8s[1]}/${k8s[2]}`);
  }
  if (s.oidcProviders.length > 0) s.authMethod = 'oidc';
  for (const key of Object.keys(s) as (keyof TrustSummary)[]) {
    const v = s[key];
    if (Array.isArray(v)) (s as unknown as Record<string, unknown>)[key] = [...new Set(v)];
  }
  return s;
}
