/**
 * Leaks and workload identities inside a write: scanner findings stored as
 * an import parses them, then linked to the identity they leak (and judged
 * open or resolved at T), and Kubernetes service accounts linked to the
 * cloud identities their annotations name. Only changes are written.
 */

import type { IsoDate } from '../../../core/dates.js';
import { canonicalJson } from '../../../core/ledger/canonical-json.js';
import {
  identityLinkKeys,
  type LeakLink,
  type LeakLinkVia,
  leakLinkKeys,
  leakLinkRank,
  leakLinksOfBatch,
  leakStatus,
  linkWorkloadIdentities,
  type NhiRuleIdentity,
  type ObservedLeak,
} from '../../../core/nhi/index.js';
import { compareText, identityKey, stableJson } from '../../../core/nhi/order.js';
import { insertInBatches } from '../../../platform/db/insert-batches.js';
import type { NhiLeaksTable, NhiWorkloadLinksTable } from '../../../platform/db/schema.js';
import { newId } from '../../../platform/ids.js';
import type { Write } from '../../../platform/ledger/ledger.js';
import type { NhiChangeBatch } from './change-batch.js';
import {
  deleteWorkloadLink,
  insertWorkloadLinks,
  type LeakKey,
  type LeakScratch,
  leakIdsWithKeys,
  leakLinksToIdentities,
  leaksByFingerprints,
  leaksByIds,
  listWorkloadLinks,
  markLeaksSeen,
  pageLeakRows,
  type ScratchTx,
  storedLeakLinks,
  updateLeakLink,
  upsertLeaks,
} from './leak.repository.js';
import { nhisByIds } from './nhi.repository.js';
import { rowToObserved } from './rows.js';

type ScratchLink = LeakScratch['tmp_nhi_leak_links'];

const LEAK_FACTS = ['rule', 'leaked_at', 'verified', 'location', 'hints', 'redacted'] as const;

/**
 * Stores one batch of scanner findings of an import: new ones inserted,
 * changed ones rewritten, the rest marked seen; returns how many were new.
 */
export async function storeLeaks(
  w: Write,
  orgId: string,
  importId: string,
  leaks: ObservedLeak[],
  now: string,
): Promise<number> {
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
  let leaksNew = 0;
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
    if (!before) leaksNew++;
    if (!before || LEAK_FACTS.some((f) => before[f] !== row[f])) upserts.push(row);
    else if (before.last_seen_import_id !== importId) seen.push(before.id);
  }
  await upsertLeaks(w.tx, upserts);
  await markLeaksSeen(w.tx, orgId, seen, importId);
  return leaksNew;
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

/** Leaks read, keyed and synced per page: bounds memory whatever the number of leaks. */
const LEAK_PAGE = 2000;

/**
 * Indexes the link keys of every stored leak of the organization in the
 * refresh's scratch table, a page at a time. False when no leak carries a
 * key: no identity can be linked and the linking pass is skipped.
 */
export async function indexLeakKeys(w: Write, orgId: string, scratch: ScratchTx): Promise<boolean> {
  let any = false;
  for (let after: LeakKey | null = null; ; ) {
    const page = await pageLeakRows(w.tx, orgId, after, LEAK_PAGE);
    if (page.length === 0) return any;
    const keys = page.flatMap((r) =>
      leakLinkKeys({ hints: JSON.parse(r.hints) as ObservedLeak['hints'] }).map((key) => ({
        key,
        leak_id: r.id,
      })),
    );
    if (keys.length > 0) any = true;
    await insertInBatches(scratch, 'tmp_nhi_leak_keys', keys);
    after = page[page.length - 1]!;
  }
}

/**
 * First pass, one batch of whole families (and the shared ones): the links
 * this batch offers to the leaks whose keys meet its identities, each kept
 * when it beats the leak's best link so far (`bestLeakLinks`: the more
 * specific hint, then the identity first by content).
 */
export async function offerLeakLinks<I extends NhiRuleIdentity & { id: string }>(
  w: Write,
  orgId: string,
  scratch: ScratchTx,
  context: { batch: I[]; shared: I[] },
): Promise<void> {
  const keys = [...new Set([...context.batch, ...context.shared].flatMap(identityLinkKeys))];
  const ids = await leakIdsWithKeys(scratch, keys);
  if (ids.length === 0) return;
  const leaks = (await leaksByIds(w.tx, orgId, ids)).map((r) => ({ id: r.id, leak: toObservedLeak(r) }));
  const idOf = new Map(leaks.map((l) => [l.leak, l.id]));
  const offered = leakLinksOfBatch(
    context,
    leaks.map((l) => l.leak),
  );
  const stored = new Map(
    (
      await storedLeakLinks(
        scratch,
        offered.map((l) => idOf.get(l.leak)!),
      )
    ).map((r) => [r.leak_id, r]),
  );
  const better: ScratchLink[] = [];
  for (const link of offered) {
    const leakId = idOf.get(link.leak)!;
    const next = {
      leak_id: leakId,
      nhi_id: link.identity!.id,
      via: link.via!,
      rank: leakLinkRank(link.via),
      content: stableJson(link.identity),
    };
    const best = stored.get(leakId);
    if (
      !best ||
      next.rank < best.rank ||
      (next.rank === best.rank && compareText(next.content, best.content) < 0)
    )
      better.push(next);
  }
  await insertInBatches(scratch, 'tmp_nhi_leak_links', better, {
    columns: ['leak_id'],
    update: ['nhi_id', 'via', 'rank', 'content'],
  });
}

/**
 * Stores each leak's link (or none) and its status at T, a page of leaks at
 * a time, writing (and committing to, in the batch) only the leaks that changed. `scratch` null:
 * no leak could be linked.
 */
export async function syncLeakLinks(
  w: Write,
  orgId: string,
  scratch: ScratchTx | null,
  at: IsoDate,
  now: string,
  batch: NhiChangeBatch,
): Promise<number> {
  let changed = 0;
  for (let after: LeakKey | null = null; ; ) {
    const page = await pageLeakRows(w.tx, orgId, after, LEAK_PAGE);
    if (page.length === 0) return changed;
    after = page[page.length - 1]!;
    const links = new Map(
      (scratch
        ? await storedLeakLinks(
            scratch,
            page.map((r) => r.id),
          )
        : []
      ).map((l) => [l.leak_id, l]),
    );
    const identities = new Map(
      (await nhisByIds(w.tx, orgId, [...new Set([...links.values()].map((l) => l.nhi_id))])).map((r) => [
        r.id,
        rowToObserved(r),
      ]),
    );
    for (const row of page) {
      const link = links.get(row.id);
      const identity = link ? (identities.get(link.nhi_id) ?? null) : null;
      const next = {
        nhi_id: identity?.id ?? null,
        link_via: identity ? (link?.via ?? null) : null,
        status: leakStatus(toObservedLeak(row), identity, at),
      };
      if (next.nhi_id === row.nhi_id && next.link_via === row.link_via && next.status === row.status)
        continue;
      changed++;
      await updateLeakLink(w.tx, orgId, row.id, { ...next, updated_at: now });
      batch.change({
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
    await batch.flush(w.tx);
  }
}

/** Second pass: the final links to these identities (of one batch), as the rules read them. */
export async function leakLinksOf<I extends NhiRuleIdentity & { id: string }>(
  w: Write,
  orgId: string,
  scratch: ScratchTx,
  identities: I[],
): Promise<Map<ObservedLeak, LeakLink<I>>> {
  const byId = new Map(identities.map((i) => [i.id, i]));
  const links = await leakLinksToIdentities(scratch, [...byId.keys()]);
  if (links.length === 0) return new Map();
  const leaks = new Map(
    (
      await leaksByIds(
        w.tx,
        orgId,
        links.map((l) => l.leak_id),
      )
    ).map((r) => [r.id, r]),
  );
  const out = new Map<ObservedLeak, LeakLink<I>>();
  for (const l of links) {
    const row = leaks.get(l.leak_id);
    const identity = byId.get(l.nhi_id);
    if (!row || !identity) continue;
    const leak = toObservedLeak(row);
    out.set(leak, { leak, identity, via: l.via as LeakLinkVia });
  }
  return out;
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
  batch: NhiChangeBatch,
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
      batch.change({ action: 'unlink', recordType: 'nhi', recordId: old.nhi_id, change: old });
    }
  }
  await insertWorkloadLinks(w.tx, [...desired.values()]);
  for (const row of desired.values()) {
    changed++;
    batch.change({ action: 'link', recordType: 'nhi', recordId: row.nhi_id, change: row });
  }
  await batch.flush(w.tx);
  return changed;
}
