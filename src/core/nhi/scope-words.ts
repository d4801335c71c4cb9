/**
 * Words for where an identity lives and whom a key answers to, for lists a
 * person reads: the account / project / cluster / organization it belongs to
 * (the same IAM user name in two AWS accounts is two identities, and must
 * not look like a duplicate), and "via svc-ci (IAM user)" for a key or token
 * without an owner of its own.
 */
import type { NhiKind } from './types.js';

/** The attributes an import records that name an identity's isolation boundary, most specific first. */
const ACCOUNT_ATTRIBUTES = ['accountId', 'projectId', 'cluster', 'account', 'repository', 'scope'] as const;

/**
 * The account (AWS), project (GCP), tenant (Azure), cluster (Kubernetes),
 * organization or repository (GitHub) of an identity, from what its import
 * recorded; the account of an AWS ARN when the attributes do not say; null
 * when nothing does.
 */
export function nhiAccountOf(n: { externalId: string; attributes: Record<string, unknown> }): string | null {
  for (const key of ACCOUNT_ATTRIBUTES) {
    const v = n.attributes[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return /^arn:aws[\w-]*:[\w-]+:[\w-]*:(\d{12}):/.exec(n.externalId)?.[1] ?? null;
}

/** What the parent of each kind of child identity is called. */
const PARENT_KIND_WORDS: Partial<Record<NhiKind, string>> = {
  'access-key': 'IAM user',
  certificate: 'identity',
  'service-account-key': 'service account',
  'client-secret': 'service principal',
  'k8s-token': 'service account',
};

/**
 * The short name of a parent from its external id: the root user of an AWS
 * account, the last path segment of an ARN or a Kubernetes name, the local
 * part kept whole for a service-account e-mail.
 */
export function parentShortName(parentExternalId: string): string {
  if (/^arn:aws[\w-]*:iam::\d{12}:root$/.test(parentExternalId)) return 'root user';
  const arn = /^arn:aws[\w-]*:[\w-]+:[\w-]*:\d{0,12}:(.+)$/.exec(parentExternalId);
  const path = arn ? arn[1]! : parentExternalId;
  if (path.includes('@')) return path.split('@')[0]!;
  return path.split('/').filter(Boolean).at(-1) ?? path;
}

/** "via svc-old-jenkins (IAM user)": whom a key without an owner of its own answers to. */
export function viaParentWords(kind: string, parentExternalId: string): string {
  const what = PARENT_KIND_WORDS[kind as NhiKind] ?? 'parent';
  const name = parentShortName(parentExternalId);
  return name === 'root user' ? 'via the root user' : `via ${name} (${what})`;
}
