/**
 * What an IAM policy grants, in the coarse terms the NHI rules need: full
 * admin (`Allow *` on `*`), near-admin (`Allow NotAction …` on `*`, or admin
 * trimmed by a `Deny` on `*`), and broad grants (`s3:*` or `iam:PassRole` on
 * `*`). Conditions are not evaluated. Documents are accepted as objects, JSON
 * strings or URL-encoded JSON strings (the IAM API type), with `Statement`,
 * `Action` and `Resource` as a single value or a list.
 */
import { JsonRecord } from './record.js';

/** The coarse privilege of one policy (or a merge of several). */
export interface PolicyGrant {
  admin: boolean;
  nearAdmin: boolean;
  /** Broad grants such as `s3:* on *` or `iam:PassRole on *`. */
  broad: string[];
}

const NONE: PolicyGrant = { admin: false, nearAdmin: false, broad: [] };

/**
 * AWS-managed policies recognised by ARN, because `get-account-authorization-details`
 * often omits (or trims) their documents: the ones that make an identity (near-)admin.
 */
const AWS_MANAGED: Record<string, PolicyGrant> = {
  AdministratorAccess: { admin: true, nearAdmin: false, broad: [] },
  PowerUserAccess: { admin: false, nearAdmin: true, broad: [] },
  IAMFullAccess: { admin: false, nearAdmin: true, broad: ['iam:* on *'] },
  AWSOrganizationsFullAccess: { admin: false, nearAdmin: true, broad: ['organizations:* on *'] },
};

/** The grant of an AWS-managed policy known by ARN (`arn:aws:iam::aws:policy/…`), if it is one we rate. */
export function awsManagedGrant(arn: string): PolicyGrant | undefined {
  const m = /^arn:aws[\w-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m?.[1] ? AWS_MANAGED[m[1]] : undefined;
}

/** Whether an ARN names an AWS-managed policy. */
export function isAwsManaged(arn: string): boolean {
  return /^arn:aws[\w-]*:iam::aws:policy\//.test(arn);
}

/** A policy document as an object record, decoding JSON-string and URL-encoded forms. */
export function policyDocument(rec: JsonRecord): JsonRecord {
  let value = rec.value;
  if (typeof value === 'string') {
    let text = value.trim();
    if (text.startsWith('%7B') || text.startsWith('%7b')) {
      try {
        text = decodeURIComponent(text);
      } catch {
        throw rec.error('policy document is not valid URL-encoded text');
      }
    }
    try {
      value = JSON.parse(text);
    } catch {
      throw rec.error('policy document is not valid JSON');
    }
  }
  const doc = new JsonRecord(value, rec.file, rec.path, rec.line);
  doc.object('a policy document (object, JSON string or URL-encoded JSON)');
  return doc;
}

function values(rec: JsonRecord, key: string): string[] | null {
  const v = rec.raw(key);
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return [v];
  return rec.strings(key);
}

/** Evaluates a policy document (see the module comment for what counts). */
export function evaluatePolicy(doc: JsonRecord): PolicyGrant {
  let admin = false;
  let nearAdmin = false;
  let denyOnAll = false;
  const broad = new Set<string>();
  for (const st of doc.list('Statement', true)) {
    st.object('a policy statement');
    const effect = st.str('Effect');
    if (effect !== 'Allow' && effect !== 'Deny')
      throw st.error(`expected Allow or Deny, found "${effect}"`, 'Effect');
    const actions = values(st, 'Action');
    const notActions = values(st, 'NotAction');
    const resources = values(st, 'Resource');
    const onAll = resources?.includes('*') ?? false;
    if (effect === 'Deny') {
      if (onAll || values(st, 'NotResource') !== null) denyOnAll = true;
      continue;
    }
    if (!onAll) continue;
    if (actions?.some((a) => a === '*' || a === '*:*')) admin = true;
    else if (notActions !== null) nearAdmin = true;
    for (const a of actions ?? []) {
      if (/^[\w-]+:\*$/.test(a) || a.toLowerCase() === 'iam:passrole') broad.add(`${a} on *`);
    }
  }
  if (admin && denyOnAll) return { admin: false, nearAdmin: true, broad: [...broad] };
  return { admin, nearAdmin, broad: [...broad] };
}

/** Merges grants (any admin is admin). */
export function mergeGrants(grants: readonly PolicyGrant[]): PolicyGrant {
  if (grants.length === 0) return NONE;
  const broad = new Set<string>();
  for (const g of grants) for (const b of g.broad) broad.add(b);
  return {
    admin: grants.some((g) => g.admin),
    nearAdmin: grants.some((g) => g.nearAdmin),
    broad: [...broad],
  };
}

/** A grant labelled with where it comes from (`AdministratorAccess`, `legacy-full-access via group legacy-power`). */
export interface SourcedGrant {
  source: string;
  grant: PolicyGrant;
}

/** The privileged flag and one-line summary of an identity's grants. */
export function summarizeGrants(grants: readonly SourcedGrant[]): {
  privileged: boolean;
  privilegeSummary: string | null;
  adminVia: string[];
  nearAdminVia: string[];
  broadGrants: string[];
} {
  const adminVia = grants.filter((g) => g.grant.admin).map((g) => g.source);
  const nearAdminVia = grants.filter((g) => !g.grant.admin && g.grant.nearAdmin).map((g) => g.source);
  const broadGrants = [...new Set(grants.flatMap((g) => g.grant.broad.map((b) => `${b} (${g.source})`)))];
  const parts: string[] = [];
  if (adminVia.length > 0) parts.push(`admin via ${adminVia.join(', ')}`);
  if (nearAdminVia.length > 0) parts.push(`near-admin via ${nearAdminVia.join(', ')}`);
  if (broadGrants.length > 0) parts.push(`broad: ${broadGrants.slice(0, 5).join(', ')}`);
  return {
    privileged: adminVia.length > 0 || nearAdminVia.length > 0,
    privilegeSummary: parts.length > 0 ? parts.join('; ') : null,
    adminVia,
    nearAdminVia,
    broadGrants,
  };
}
