/**
 * Linking secret-scanner findings to the inventory record they leak (SPEC §7,
 * issue 6 item 3), and judging whether a leak is resolved at a date T.
 */
import type { IsoDate } from '../dates.js';
import { attrString, NHI_ATTRIBUTES } from './attributes.js';
import { compareText, contentComparator, stableJson } from './order.js';
import type { StoredNhiLike } from './stored.js';
import { endOfDay, instantOf } from './timestamps.js';
import type { ObservedLeak } from './types.js';

/** Which hint of the leak found its identity, most specific first. */
export const LEAK_LINK_VIAS = [
  'aws-access-key-id',
  'gcp-private-key-id',
  'github-token-sha256',
  'aws-arn',
] as const;
/** How a leak was linked. */
export type LeakLinkVia = (typeof LEAK_LINK_VIAS)[number];

/** One leak and the identity it leaks, or null when the data does not allow a link. */
export interface LeakLink<I extends StoredNhiLike = StoredNhiLike> {
  leak: ObservedLeak;
  identity: I | null;
  via: LeakLinkVia | null;
}

/** Whether a leak still needs action at T. */
export type LeakStatus = 'open' | 'resolved';

/**
 * Link each leak to the identity it leaks: an AWS access key id to the access
 * key, a GCP `private_key_id` to the service-account key, a GitHub token's
 * SHA-256 to the token whose hash is stored, an ARN to the user or role (to
 * its access key when the user has exactly one that could be it). Sorted by
 * leak fingerprint; the same result whatever the input order.
 */
export function linkLeaks<I extends StoredNhiLike>(leaks: ObservedLeak[], identities: I[]): LeakLink<I>[] {
  const index = buildIndex(identities);
  return leaks
    .map((leak) => linkOne(leak, index))
    .sort(
      (a, b) =>
        compareText(a.leak.fingerprint, b.leak.fingerprint) ||
        compareText(stableJson(a.leak), stableJson(b.leak)) ||
        compareText(stableJson(a.identity), stableJson(b.identity)),
    );
}

interface Index<I> {
  awsKeys: Map<string, I>;
  gcpKeys: Map<string, I>;
  tokenHashes: Map<string, I>;
  arns: Map<string, I>;
  /** `account/role-name` → role, to resolve `arn:aws:sts::N:assumed-role/NAME/session`. */
  roleNames: Map<string, I>;
  accessKeysOf: Map<string, I[]>;
}

function buildIndex<I extends StoredNhiLike>(identities: I[]): Index<I> {
  const index: Index<I> = {
    awsKeys: new Map(),
    gcpKeys: new Map(),
    tokenHashes: new Map(),
    arns: new Map(),
    roleNames: new Map(),
    accessKeysOf: new Map(),
  };
  // Two identities claiming one key: the smaller by content wins, so the input order never matters.
  const content = contentComparator<I>();
  const put = (map: Map<string, I>, key: string | null, nhi: I) => {
    if (key === null) return;
    const seen = map.get(key);
    if (seen === undefined || content(nhi, seen) < 0) map.set(key, nhi);
  };
  for (const nhi of identities) {
    const arn =
      attrString(nhi, NHI_ATTRIBUTES.arn) ?? (nhi.externalId.startsWith('arn:') ? nhi.externalId : null);
    if (nhi.provider === 'aws') {
      put(index.arns, arn, nhi);
      if (nhi.kind === 'role' && arn) put(index.roleNames, roleNameKey(arn), nhi);
    }
    if (nhi.kind === 'access-key') {
      put(index.awsKeys, awsKeyIdOf(nhi), nhi);
      if (nhi.parentExternalId !== null) {
        const siblings = index.accessKeysOf.get(nhi.parentExternalId) ?? [];
        siblings.push(nhi);
        index.accessKeysOf.set(nhi.parentExternalId, siblings);
      }
    }
    if (nhi.kind === 'service-account-key') put(index.gcpKeys, gcpKeyIdOf(nhi), nhi);
    put(index.tokenHashes, attrString(nhi, NHI_ATTRIBUTES.tokenSha256)?.toLowerCase() ?? null, nhi);
  }
  return index;
}

function linkOne<I extends StoredNhiLike>(leak: ObservedLeak, index: Index<I>): LeakLink<I> {
  const { awsAccessKeyId, gcpPrivateKeyId, githubTokenSha256, awsArn } = leak.hints;
  const byKey = awsAccessKeyId ? index.awsKeys.get(awsAccessKeyId.trim()) : undefined;
  if (byKey) return { leak, identity: byKey, via: 'aws-access-key-id' };
  const byGcp = gcpPrivateKeyId ? index.gcpKeys.get(gcpPrivateKeyId.trim().toLowerCase()) : undefined;
  if (byGcp) return { leak, identity: byGcp, via: 'gcp-private-key-id' };
  const byHash = githubTokenSha256
    ? index.tokenHashes.get(githubTokenSha256.trim().toLowerCase())
    : undefined;
  if (byHash) return { leak, identity: byHash, via: 'github-token-sha256' };
  const arn = awsArn?.trim();
  const principal = arn ? (index.arns.get(arn) ?? index.roleNames.get(roleNameKey(arn) ?? '')) : undefined;
  if (!principal) return { leak, identity: null, via: null };
  return { leak, identity: narrowToKey(principal, awsAccessKeyId, index) ?? principal, via: 'aws-arn' };
}

/**
 * The keys under which `linkLeaks` can find an identity: its AWS access key
 * id, GCP key id, stored token hash, ARN and role name, each prefixed by
 * what it is. A leak can link only to an identity (or through it, to a key of
 * its family) that shares one of `leakLinkKeys` — so a store can index these
 * and hand each batch of identities only the leaks that meet it.
 */
export function identityLinkKeys(nhi: StoredNhiLike): string[] {
  const keys: string[] = [];
  const arn =
    attrString(nhi, NHI_ATTRIBUTES.arn) ?? (nhi.externalId.startsWith('arn:') ? nhi.externalId : null);
  if (nhi.provider === 'aws' && arn) {
    keys.push(`arn:${arn}`);
    const role = nhi.kind === 'role' ? roleNameKey(arn) : null;
    if (role) keys.push(`role:${role}`);
  }
  if (nhi.kind === 'access-key') {
    const id = awsKeyIdOf(nhi);
    if (id !== null) keys.push(`aws-key:${id}`);
  }
  if (nhi.kind === 'service-account-key') keys.push(`gcp-key:${gcpKeyIdOf(nhi)}`);
  const hash = attrString(nhi, NHI_ATTRIBUTES.tokenSha256);
  if (hash !== null) keys.push(`token:${hash.toLowerCase()}`);
  return keys;
}

/** The keys a leak's hints look up (see `identityLinkKeys`); none means it can never be linked. */
export function leakLinkKeys(leak: Pick<ObservedLeak, 'hints'>): string[] {
  const { awsAccessKeyId, gcpPrivateKeyId, githubTokenSha256, awsArn } = leak.hints;
  const keys: string[] = [];
  if (awsAccessKeyId) keys.push(`aws-key:${awsAccessKeyId.trim()}`);
  if (gcpPrivateKeyId) keys.push(`gcp-key:${gcpPrivateKeyId.trim().toLowerCase()}`);
  if (githubTokenSha256) keys.push(`token:${githubTokenSha256.trim().toLowerCase()}`);
  const arn = awsArn?.trim();
  if (arn) {
    keys.push(`arn:${arn}`);
    const role = roleNameKey(arn);
    if (role) keys.push(`role:${role}`);
  }
  return keys;
}

/**
 * An AWS leak carries the key id, but credential reports do not: their keys
 * are slots of a user. When the user has exactly one access key that could be
 * the leaked one (its id unknown or equal), the leak is that key's.
 */
function narrowToKey<I extends StoredNhiLike>(user: I, keyId: string | undefined, index: Index<I>): I | null {
  const keys = index.accessKeysOf.get(user.externalId) ?? [];
  const candidates = keys.filter((k) => {
    const id = awsKeyIdOf(k);
    return id === null || keyId === undefined || id === keyId.trim();
  });
  return candidates.length === 1 ? (candidates[0] ?? null) : null;
}

function awsKeyIdOf(nhi: StoredNhiLike): string | null {
  const attr = attrString(nhi, NHI_ATTRIBUTES.accessKeyId);
  if (attr) return attr;
  return /^(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,}$/.test(nhi.externalId) ? nhi.externalId : null;
}

// GCP key names are `projects/P/serviceAccounts/E/keys/ID`; the ID is the key file's `private_key_id`.
function gcpKeyIdOf(nhi: StoredNhiLike): string {
  const attr = attrString(nhi, NHI_ATTRIBUTES.keyId);
  const id = attr ?? nhi.externalId.split('/keys/').pop() ?? nhi.externalId;
  return id.toLowerCase();
}

function roleNameKey(arn: string): string | null {
  const m = /^arn:aws[\w-]*:(?:iam|sts)::(\d+):(role|assumed-role)\/(.+)$/.exec(arn);
  const account = m?.[1];
  const parts = m?.[3]?.split('/') ?? [];
  // `assumed-role/ROLE/SESSION` names the role first; `role/PATH/ROLE` names it last.
  const name = m?.[2] === 'assumed-role' ? parts[0] : parts[parts.length - 1];
  return account && name ? `${account}/${name}` : null;
}

/**
 * A leak is resolved at T when the credential it exposed no longer works:
 * the identity is disabled or deleted, expired by T, or rotated after the
 * leak and no later than T. An unlinked leak, or one with no date to compare
 * a rotation with, stays open: nobody can show it was dealt with.
 */
export function leakStatus(leak: ObservedLeak, identity: StoredNhiLike | null, at: IsoDate): LeakStatus {
  if (identity === null) return 'open';
  if (identity.status === 'disabled' || identity.status === 'deleted') return 'resolved';
  const deadline = endOfDay(at);
  const expires = instantOf(identity.expiresAt);
  if (expires !== null && expires <= deadline) return 'resolved';
  const leaked = instantOf(leak.leakedAt);
  const rotated = instantOf(identity.lastRotatedAt);
  if (leaked !== null && rotated !== null && rotated > leaked && rotated <= deadline) return 'resolved';
  return 'open';
}
