/**
 * Applies one import's staged observations to the inventory, a few hundred
 * families (an identity and its keys) at a time, inside the import's
 * transaction: merge with what other sources say, derive lifecycle events
 * (what the inventory showed before → what it shows now), resolve owners of
 * changed hints, and write only what changed.
 */
import { canonicalJson } from '../../../core/ledger/canonical-json.js';
import {
  deriveLifecycleEvents,
  familyOf,
  matchOwner,
  mergeObservations,
  type NhiLifecycleEvent,
  type ObservedNhi,
  type OwnerIndex,
  observationSeen,
  type SourceLatestImport,
} from '../../../core/nhi/index.js';
import { identityKey, uniqueByKey } from '../../../core/nhi/order.js';
import type { NhiObservationsTable, NhisTable } from '../../../platform/db/schema.js';
import { newId } from '../../../platform/ids.js';
import type { Write } from '../../../platform/ledger/ledger.js';
import type { NhiChangeBatch } from '../inventory/change-batch.js';
import {
  markNhisSeen,
  nhisByExternalIds,
  nhisByIds,
  nhisOfFamilies,
  upsertNhis,
} from '../inventory/nhi.repository.js';
import { rowContentDiffers, rowToObserved, toNhiRow } from '../inventory/rows.js';
import type { NhiImportCounts } from '../nhi.schema.js';
import {
  absentFamilies,
  dropStaging,
  familiesNeedingApply,
  importSources,
  insertEvents,
  latestSeenBySource,
  markObservationsSeen,
  observationsOf,
  sourceObservationsOfFamilies,
  stagedFamilyPage,
  stagedOf,
  upsertObservations,
} from './import.repository.js';

/** Families handled per round trip: bounds memory whatever the size of the export. */
const FAMILIES_PER_BATCH = 500;

/** What one application of staged observations works with. */
export interface ApplyScope {
  w: Write;
  orgId: string;
  importId: string;
  /** The import kind and scope (`kind` or `kind:scope`). */
  source: string;
  /** When the export observed the identities (events and observations carry it). */
  at: string;
  /** Identities this source listed before and no longer lists are deleted. */
  complete: boolean;
  owners: OwnerIndex;
  /** Row timestamps. */
  now: string;
  /** The import's batch: its events are numbered and hashed into it (its one ledger entry commits to them). */
  batch: NhiChangeBatch;
}

/** What applying an import's staged observations did to the inventory. */
export type ApplyCounts = Pick<
  NhiImportCounts,
  'identities' | 'created' | 'updated' | 'unchanged' | 'offboarded' | 'events'
>;

/** An application in progress: its scope and the tally of what it did so far. */
interface Applying extends ApplyScope {
  counts: ApplyCounts;
  /** Each source's latest import: when another source's unchanged observations were last listed. */
  latest: Map<string, SourceLatestImport>;
  /** The canonical JSON each staged observation was read from: what its observation row keeps, not encoded twice. */
  stagedText: WeakMap<ObservedNhi, string>;
}

/**
 * Applies every staged family of the import that changed, then (complete
 * exports) every family it no longer lists; returns what it did. A family
 * of a complete export whose staged observations all equal what this
 * source already holds, and that no other source observes, is settled by
 * one comparison in SQL and writes nothing: its merge, owner, events and
 * rows cannot differ, and the source's latest import says it was listed
 * (`observationSeen`, docs/decisions/0035).
 */
export async function applyStaged(scope: ApplyScope): Promise<ApplyCounts> {
  const tx = scope.w.tx;
  const s: Applying = {
    ...scope,
    counts: { identities: 0, created: 0, updated: 0, unchanged: 0, offboarded: 0, events: 0 },
    latest: await latestSeenBySource(tx, scope.orgId),
    stagedText: new WeakMap(),
  };
  const otherSources = (await importSources(tx, s.orgId)).filter((x) => x !== s.source);
  const at = { orgId: s.orgId, source: s.source, importId: s.importId, otherSources };
  let after: string | null = null;
  for (;;) {
    const page = await stagedFamilyPage(tx, at, after, FAMILIES_PER_BATCH);
    if (page.length === 0) break;
    // Incomplete exports always apply: their listing of an unchanged identity is recorded on its rows.
    const candidates = s.complete ? page.filter((f) => f.unchanged).map((f) => f.family) : [];
    const needed = await familiesNeedingApply(tx, at, candidates);
    const families: string[] = [];
    for (const f of page) {
      if (f.unchanged && s.complete && !needed.has(f.family)) {
        s.counts.identities += f.observations;
        s.counts.unchanged += f.observations;
      } else families.push(f.family);
    }
    if (families.length > 0) {
      const staged = (await stagedOf(tx, s.importId, families)).map((text) => {
        const observation = JSON.parse(text) as ObservedNhi;
        s.stagedText.set(observation, text);
        return observation;
      });
      await applyFamilies(s, families, staged);
    }
    after = page[page.length - 1]!.family;
  }
  after = null;
  while (s.complete) {
    const families = await absentFamilies(s.w.tx, s.orgId, s.source, s.importId, after, FAMILIES_PER_BATCH);
    if (families.length === 0) break;
    await applyFamilies(s, families, []);
    after = families[families.length - 1] ?? null;
  }
  await dropStaging(s.w.tx);
  return s.counts;
}

interface Touched {
  row: NhisTable | undefined;
  observation: ObservedNhi;
  merged: ObservedNhi;
  listed: boolean;
  previous: NhiObservationsTable | undefined;
}

async function loadRows(s: Applying, families: string[], current: Map<string, ObservedNhi>) {
  const tx = s.w.tx;
  const byId = new Map((await nhisOfFamilies(tx, s.orgId, families)).map((r) => [r.id, r]));
  const keys = new Set(
    [...byId.values()].map((r) => identityKey({ provider: r.provider, externalId: r.external_id })),
  );
  const missing = new Map<string, string[]>();
  for (const [key, o] of current) {
    if (!keys.has(key)) missing.set(o.provider, [...(missing.get(o.provider) ?? []), o.externalId]);
  }
  for (const [provider, ids] of missing) {
    for (const r of await nhisByExternalIds(tx, s.orgId, provider, ids)) byId.set(r.id, r);
  }
  const listedBefore = await sourceObservationsOfFamilies(tx, s.orgId, s.source, families);
  const unknown = listedBefore.map((o) => o.nhi_id).filter((id) => !byId.has(id));
  for (const r of await nhisByIds(tx, s.orgId, unknown)) byId.set(r.id, r);
  const observations = new Map<string, NhiObservationsTable[]>();
  for (const o of await observationsOf(tx, s.orgId, [...byId.keys()])) {
    observations.set(o.nhi_id, [...(observations.get(o.nhi_id) ?? []), o]);
  }
  return { rows: [...byId.values()], observations };
}

async function applyFamilies(s: Applying, families: string[], staged: ObservedNhi[]): Promise<void> {
  const current = uniqueByKey(staged);
  s.counts.identities += current.size;
  const { rows, observations } = await loadRows(s, families, current);
  const rowByKey = new Map(
    rows.map((r) => [identityKey({ provider: r.provider, externalId: r.external_id }), r]),
  );
  const before = rows.map(rowToObserved);
  const after = new Map(before.map((o) => [identityKey(o), o as ObservedNhi]));
  const touched = new Map<string, Touched>();
  for (const key of new Set([...rowByKey.keys(), ...current.keys()])) {
    const row = rowByKey.get(key);
    const mine = row ? (observations.get(row.id) ?? []) : [];
    const previous = mine.find((o) => o.source === s.source);
    let observation = current.get(key);
    const listed = observation !== undefined;
    if (!observation && previous && s.complete && previous.status !== 'deleted') {
      observation = { ...(JSON.parse(previous.data) as ObservedNhi), status: 'deleted' };
    }
    if (!observation) continue;
    const others = mine
      .filter((o) => o.source !== s.source)
      .map((o) => ({
        source: o.source,
        observedAt: observationSeen(o, s.latest.get(o.source)).observedAt,
        observation: JSON.parse(o.data) as ObservedNhi,
      }));
    const merged = mergeObservations([...others, { source: s.source, observedAt: s.at, observation }]);
    // Absent from a complete export: out of `after`, so the event says why (`absent`), not just a status change.
    if (listed) after.set(key, merged);
    else after.delete(key);
    touched.set(key, { row, observation, merged, listed, previous });
  }
  const events = deriveLifecycleEvents(before, [...after.values()], { complete: s.complete, at: s.at });
  const ids = await writeIdentities(s, touched);
  await writeEvents(s, events, ids);
  await s.w.flush();
}

async function writeIdentities(s: Applying, touched: Map<string, Touched>): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const upserts: NhisTable[] = [];
  const seen: string[] = [];
  const observationUpserts: NhiObservationsTable[] = [];
  const observationsSeen: string[] = [];
  for (const [key, t] of touched) {
    const { row, merged } = t;
    const id = row?.id ?? newId();
    ids.set(key, id);
    const hintChanged =
      !row || (row.owner_hint ?? '').trim().toLowerCase() !== (merged.ownerHint ?? '').trim().toLowerCase();
    const owner =
      row && (row.owner_source === 'assigned' || !hintChanged)
        ? { id: row.owner_person_id, source: row.owner_source as 'inferred' | 'assigned' | null }
        : inferredOwner(s.owners, merged.ownerHint);
    const next = toNhiRow(merged, {
      id,
      orgId: s.orgId,
      family: familyOf(merged),
      ownerPersonId: owner.id,
      ownerSource: owner.source,
      rotationPolicyDays: rotationPolicyDays(merged),
      firstSeenImportId: row?.first_seen_import_id ?? (t.listed ? s.importId : null),
      lastSeenImportId: t.listed ? s.importId : (row?.last_seen_import_id ?? null),
      createdAt: row?.created_at ?? s.now,
      updatedAt: s.now,
    });
    if (!row || rowContentDiffers(row, next)) {
      upserts.push(next);
      if (row) s.counts.updated++;
    } else {
      // A complete export's listing needs no write (observationSeen); an incomplete one's is recorded.
      if (!s.complete && t.listed && row.last_seen_import_id !== s.importId) seen.push(id);
      s.counts.unchanged++;
    }
    const data = s.stagedText.get(t.observation) ?? canonicalJson(t.observation);
    if (!t.previous || t.previous.data !== data) {
      observationUpserts.push({
        nhi_id: id,
        org_id: s.orgId,
        source: s.source,
        family: familyOf(t.observation),
        import_id: s.importId,
        observed_at: s.at,
        status: t.observation.status,
        data,
      });
    } else if (!s.complete && t.previous.import_id !== s.importId) {
      observationsSeen.push(id);
    }
  }
  await upsertNhis(s.w.tx, upserts);
  await markNhisSeen(s.w.tx, s.orgId, seen, s.importId);
  await upsertObservations(s.w.tx, observationUpserts);
  await markObservationsSeen(s.w.tx, s.orgId, s.source, observationsSeen, {
    import_id: s.importId,
    observed_at: s.at,
  });
  return ids;
}

async function writeEvents(
  s: Applying,
  events: NhiLifecycleEvent[],
  ids: Map<string, string>,
): Promise<void> {
  const rows = events.flatMap((e) => {
    const nhiId = ids.get(identityKey(e));
    if (!nhiId) return [];
    s.counts.events++;
    if (e.type === 'created') s.counts.created++;
    if (e.type === 'offboarded') s.counts.offboarded++;
    return [
      s.batch.event({
        id: newId(),
        org_id: s.orgId,
        nhi_id: nhiId,
        import_id: s.importId,
        type: e.type,
        at: e.at,
        details: canonicalJson(e.details),
      }),
    ];
  });
  await insertEvents(s.w.tx, rows);
}

/** The owner an export's hint names: a person of the roster (`inferred`), or nobody. */
export function inferredOwner(
  owners: OwnerIndex,
  hint: string | null,
): { id: string | null; source: 'inferred' | null } {
  const person = matchOwner(owners, hint);
  return person ? { id: person.id, source: 'inferred' } : { id: null, source: null };
}

/** An identity's own rotation policy where the export states one (Secrets Manager `AutomaticallyAfterDays`). */
function rotationPolicyDays(o: ObservedNhi): number | null {
  const days = o.attributes.rotationIntervalDays;
  return typeof days === 'number' && Number.isInteger(days) && days > 0 ? days : null;
}
