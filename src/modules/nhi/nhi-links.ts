/**
 * Leaks and workload identities inside a write: scanner findings stored as
 * an import parses them, then linked to the identity they leak (and judged
 * open or resolved at T), and Kubernetes service accounts linked to the
 * cloud identities their annotations name. Only changes are written.
 */
import type { IsoDate } from '../../core/dates.js';
import { canonicalJson } from '../../core/ledger/canonical-json.js';
import {
  type LeakLink,
  leakStatus,
  linkWorkloadIdentities,
  type NhiRuleIdentity,
  type ObservedLeak,
} from '../../core/nhi/index.js';
import { identityKey } from '../../core/nhi/order.js';
import type { NhiLeaksTable, NhiWorkloadLinksTable } from '../../platform/db/schema.js';
import { newId } from '../../platform/ids.js';
import type { Write } from '../../platform/ledger/ledger.js';
import type { NhiImportCounts } from './nhi.schema.js';
import {
  deleteWorkloadLink,
  insertWorkloadLinks,
  leaksByFingerprints,
  listLeakRows,
  listWorkloadLinks,
  markLeaksSeen,
  updateLeakLink,
  upsertLeaks,
} from './nhi-leak.repository.js';

const LEAK_FACTS = ['rule', 'leaked_at', 'verified', 'location', 'hints', 'redacted'] as const;

/** Stores one batch of scanner findings of an import: new ones inserted, changed ones rewritten, the rest marked seen. */
export async function storeLeaks(
  w: Write,
  orgId: string,
  importId: string,
  leaks: ObservedLeak[],
  now: string,
  counts: NhiImportCounts,
): Promise<void> {
  const batch = new Map(leaks.map((l) => [`${l.scanner}\u0000${l.fingerprint}`, l]));
  const existing = new Map<string, NhiLeaksTable>();
  for (const scanner of new Set(leaks.map((l) => l.scanner))) {
    const fingerprints = [...batch.values()].filter((l) => l.scanner === scanner).map((l) => l.fingerprint);
    for (const r of await leaksByFingerprints(w.tx, orgId, scanner, fingerprints)) {
      existing.set(`${r.scanner}\u0000${r.fingerprint}`, r);
    }
  }
  const upserts: NhiLeaksTable[] = [];
  const seen: string[] = [];
  for (const [key, leak] of batch) {
    const before = existing.get(key);
    const row: NhiLeaksTable = {
      id: before?.id ?? newId(),
      org_id: orgId,
      scanner: leak.scanner,
      fingerprint: leak.fingerprint,
      rule: leak.rule,
      nhi_id: before?.nhi_id ?? null,
      link_via: before?.link_via ?? null,
      status: before?.status ?? 'open',
      leaked_at: leak.leakedAt,
      verified: leak.verified === null ? null : leak.verified ? 1 : 0,
      location: canonicalJson(leak.location),
      hints: canonicalJson(leak.hints),
      redacted: leak.redacted,
      first_seen_import_id: before?.first_seen_import_id ?? importId,
      last_seen_import_id: importId,
      created_at: before?.created_at ?? now,
      updated_at: now,
    };
    if (!before) counts.leaksNew++;
    if (!before || LEAK_FACTS.some((f) => before[f] !== row[f])) upserts.push(row);
    else if (before.last_seen_import_id !== importId) seen.push(before.id);
  }
  await upsertLeaks(w.tx, upserts);
  await markLeaksSeen(w.tx, orgId, seen, importId);
}

/** A stored leak as the pure linking reads it. */
export function toObservedLeak(r: NhiLeaksTable): ObservedLeak {
  return {
    scanner: r.scanner as ObservedLeak['scanner'],
    fingerprint: r.fingerprint,
    rule: r.rule,
    location: JSON.parse(r.location) as ObservedLeak['location'],
    leakedAt: r.leaked_at,
    verified: r.verified === null ? null : Number(r.verified) === 1,
    hints: JSON.parse(r.hints) as ObservedLeak['hints'],
    redacted: r.redacted,
  };
}

/** Every stored leak of an organization, keyed by the observation the pure linking reads. */
export async function loadLeaks(w: Write, orgId: string): Promise<Map<ObservedLeak, NhiLeaksTable>> {
  return new Map((await listLeakRows(w.tx, orgId)).map((r) => [toObservedLeak(r), r]));
}

/** Stores each leak's link (or none) and its status at T, writing only the leaks that changed. */
export async function syncLeakLinks(
  w: Write,
  orgId: string,
  leaks: Map<ObservedLeak, NhiLeaksTable>,
  links: ReadonlyMap<ObservedLeak, LeakLink<NhiRuleIdentity>>,
  at: IsoDate,
  now: string,
): Promise<number> {
  let changed = 0;
  for (const [leak, row] of leaks) {
    const link = links.get(leak);
    const identity = link?.identity ?? null;
    const next = {
      nhi_id: identity?.id ?? null,
      link_via: link?.via ?? null,
      status: leakStatus(leak, identity, at),
    };
    if (next.nhi_id === row.nhi_id && next.link_via === row.link_via && next.status === row.status) continue;
    changed++;
    await updateLeakLink(w.tx, orgId, row.id, { ...next, updated_at: now });
    w.record({
      action: 'update',
      recordType: 'nhi-leak',
      recordId: row.id,
      change: {
        nhi_id: [row.nhi_id, next.nhi_id],
        link_via: [row.link_via, next.link_via],
        status: [row.status, next.status],
      },
    });
  }
  return changed;
}

const WORKLOAD_KINDS = new Set(['kubernetes:k8s-service-account', 'aws:role', 'gcp:service-account']);

/** Whether an identity takes part in workload-identity links (a service account, or what it can bind to). */
export function isWorkloadCandidate(i: Pick<NhiRuleIdentity, 'provider' | 'kind'>): boolean {
  return WORKLOAD_KINDS.has(`${i.provider}:${i.kind}`);
}

const linkKey = (l: Pick<NhiWorkloadLinksTable, 'nhi_id' | 'provider' | 'reference'>) =>
  `${l.nhi_id}\u0000${l.provider}\u0000${l.reference}`;

/** Stores the workload-identity links of Kubernetes service accounts as these candidates imply them now. */
export async function syncWorkloadLinks(
  w: Write,
  orgId: string,
  identities: NhiRuleIdentity[],
): Promise<number> {
  const idOf = new Map(identities.map((i) => [identityKey(i), i.id ?? '']));
  const desired = new Map<string, NhiWorkloadLinksTable>();
  for (const link of linkWorkloadIdentities(identities)) {
    const nhiId = idOf.get(identityKey({ provider: 'kubernetes', externalId: link.serviceAccount }));
    if (!nhiId) continue;
    const target =
      link.target === null
        ? null
        : (idOf.get(identityKey({ provider: link.provider, externalId: link.target })) ?? null);
    const row = {
      nhi_id: nhiId,
      org_id: orgId,
      provider: link.provider,
      annotation: link.annotation,
      reference: link.reference,
      target_nhi_id: target,
    };
    desired.set(linkKey(row), row);
  }
  const stored = new Map((await listWorkloadLinks(w.tx, orgId)).map((l) => [linkKey(l), l]));
  let changed = 0;
  for (const [key, old] of stored) {
    const next = desired.get(key);
    if (next && next.target_nhi_id === old.target_nhi_id && next.annotation === old.annotation) {
      desired.delete(key);
      continue;
    }
    await deleteWorkloadLink(w.tx, old);
    if (!next) {
      changed++;
      w.record({ action: 'unlink', recordType: 'nhi', recordId: old.nhi_id, change: old });
    }
  }
  await insertWorkloadLinks(w.tx, [...desired.values()]);
  for (const row of desired.values()) {
    changed++;
    w.record({ action: 'link', recordType: 'nhi', recordId: row.nhi_id, change: row });
  }
  return changed;
}
