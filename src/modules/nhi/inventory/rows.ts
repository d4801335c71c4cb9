/**
 * Identity rows of the `nhis` table converted to and from the observation
 * shape the pure rules and lifecycle derivation use; JSON columns are
 * canonical so that equal content gives equal text.
 */
import { canonicalJson } from '../../../core/ledger/canonical-json.js';
import type { NhiRuleIdentity } from '../../../core/nhi/index.js';
import type {
  AuthMethod,
  NhiKind,
  NhiProvider,
  NhiStatus,
  ObservedNhi,
  OwnerSource,
} from '../../../core/nhi/types.js';
import type { NhisTable } from '../../../platform/db/schema.js';

/** The identity a row shows, as the rules and lifecycle derivation read it (with its id). */
export function rowToObserved(r: NhisTable): ObservedNhi & { id: string } {
  return {
    id: r.id,
    kind: r.kind as NhiKind,
    provider: r.provider as NhiProvider,
    externalId: r.external_id,
    name: r.name,
    parentExternalId: r.parent_external_id,
    ownerHint: r.owner_hint,
    ownerSource: r.owner_hint_source as OwnerSource | null,
    purpose: r.purpose,
    environment: r.environment,
    privileged: r.privileged === 1,
    privilegeSummary: r.privilege_summary,
    authMethod: r.auth_method as AuthMethod,
    status: r.status as NhiStatus,
    createdAt: r.provider_created_at,
    lastUsedAt: r.last_used_at,
    lastRotatedAt: r.last_rotated_at,
    expiresAt: r.expires_at,
    attributes: JSON.parse(r.attributes) as Record<string, unknown>,
  };
}

/** What a row holds besides the observed facts. */
export interface RowFields {
  id: string;
  orgId: string;
  family: string;
  ownerPersonId: string | null;
  ownerSource: 'inferred' | 'assigned' | null;
  rotationPolicyDays: number | null;
  firstSeenImportId: string | null;
  lastSeenImportId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The row of an identity. */
export function toNhiRow(o: ObservedNhi, f: RowFields): NhisTable {
  return {
    id: f.id,
    org_id: f.orgId,
    provider: o.provider,
    external_id: o.externalId,
    kind: o.kind,
    name: o.name,
    parent_external_id: o.parentExternalId,
    family: f.family,
    owner_person_id: f.ownerPersonId,
    owner_source: f.ownerSource,
    owner_hint: o.ownerHint,
    owner_hint_source: o.ownerSource,
    purpose: o.purpose,
    environment: o.environment,
    privilege_summary: o.privilegeSummary,
    privileged: o.privileged ? 1 : 0,
    auth_method: o.authMethod,
    provider_created_at: o.createdAt,
    last_used_at: o.lastUsedAt,
    last_rotated_at: o.lastRotatedAt,
    expires_at: o.expiresAt,
    rotation_policy_days: f.rotationPolicyDays,
    status: o.status,
    first_seen_import_id: f.firstSeenImportId,
    last_seen_import_id: f.lastSeenImportId,
    attributes: canonicalJson(o.attributes),
    created_at: f.createdAt,
    updated_at: f.updatedAt,
  };
}

const BOOKKEEPING = new Set<keyof NhisTable>(['created_at', 'updated_at', 'last_seen_import_id']);

/** True when two rows of one identity differ in anything but bookkeeping (timestamps, last seen). */
export function rowContentDiffers(a: NhisTable, b: NhisTable): boolean {
  for (const key of Object.keys(a) as (keyof NhisTable)[]) {
    if (BOOKKEEPING.has(key)) continue;
    if (a[key] !== b[key] && !(a[key] == null && b[key] == null)) return true;
  }
  return false;
}

/** The identity row as the rules read it: observed facts, id, owner and policy. */
export function rowToRuleIdentity(
  r: NhisTable,
  owner: NhiRuleIdentity['owner'],
): NhiRuleIdentity & { id: string } {
  return { ...rowToObserved(r), owner, rotationPolicyDays: r.rotation_policy_days };
}
