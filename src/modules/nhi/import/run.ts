/**
 * One run of one NHI source inside a write, in the order it happens, each
 * step a function that returns what it did:
 *   1 startRun            the import row, pending until its source is known
 *   2 stageObservations   identities into staging, leaks stored as they come (records, leaks, new leaks)
 *   3 placeRun            the scope and source; an export older than the source's latest is refused
 *   4 applyStaged         applied to the inventory family by family (identities, created, updated …)
 *   5 finishRun           the whole inventory re-evaluated (findings), the row finished, its ledger entry
 * Shared by file imports (which record the export as evidence between 4 and
 * 5) and the sync of auditready's own API tokens.
 */
import { canonicalJson } from '../../../core/ledger/canonical-json.js';
import { dayOf, type ExportFacts, familyOf, type ObservedLeak } from '../../../core/nhi/index.js';
import { isObservedLeak, type NhiObservation } from '../../../importers/nhi/index.js';
import { nowIso, todayIso } from '../../../platform/clock.js';
import { refreshPlannerStatistics } from '../../../platform/db/insert-batches.js';
import type { NhiImportStagingTable, NhiImportsTable } from '../../../platform/db/schema.js';
import { AppError, ImportError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import type { Write } from '../../../platform/ledger/ledger.js';
import { NhiChangeBatch } from '../inventory/change-batch.js';
import { storeLeaks } from '../inventory/links.js';
import { lockNhiInventory, ownerIndexOf, refreshNhiInventory } from '../inventory/refresh.js';
import { type NhiImportCounts, zeroCounts } from '../nhi.schema.js';
import { applyStaged } from './apply.js';
import {
  createStaging,
  finishImport,
  insertImport,
  insertStaging,
  latestImportOf,
} from './import.repository.js';

/** Leaks stored per round. */
const STAGE_BATCH = 500;
/** Identities staged per round (one COPY on PostgreSQL, prepared multi-row INSERTs on SQLite): a few MiB at most. */
const STAGE_ROWS = 5000;
/** Records from which a run counts as a bulk write: PostgreSQL's planner statistics are refreshed after it. */
const BULK_RECORDS = 5000;

/** The source an import belongs to: its kind, and its scope when it has one. */
export function sourceOf(kind: string, scope: string | null): string {
  return scope === null ? kind : `${kind}:${scope}`;
}

/** What is being run. */
export interface RunSpec {
  kind: string;
  scope: string | null;
  /** Without a scope: the one value of this record attribute the whole file names, if any (the kind's scope rule). */
  scopeFromAttribute?: string | null;
  fileName: string | null;
  sha256: string | null;
  size: number | null;
  /** The date T the rules judge the inventory at. */
  at: string;
  /** Called every few hundred records with the count so far. */
  onRecords?: (records: number) => void;
  /** Called once parsing is done, before the inventory is written. */
  onWriting?: () => void;
}

/** A run in progress, once its observations are applied. */
export interface AppliedRun {
  row: NhiImportsTable;
  counts: NhiImportCounts;
  /** The export's own time, if it had one. */
  exportedAt: string | null;
  /** Every row the run writes under its one ledger entry. */
  batch: NhiChangeBatch;
}

/**
 * Streams the observations into the inventory, one step after another (see
 * the module comment); each step returns what it did. A parse error thrown
 * by `observations` propagates and the caller's transaction rolls
 * everything back.
 */
export async function applyRun(
  w: Write,
  orgId: string,
  spec: RunSpec,
  observations: AsyncIterable<NhiObservation>,
  facts: () => ExportFacts | null,
): Promise<AppliedRun> {
  await lockNhiInventory(w, orgId);
  const pending = await startRun(w, orgId, spec);
  const staged = await stageObservations(w, orgId, pending, spec, observations);
  spec.onWriting?.();
  const exported = facts();
  const exportedAt = exported?.exportedAt ?? null;
  const complete = exported?.complete ?? false;
  const { scope, source } = await placeRun(w, orgId, spec, staged.scopesNamed, exportedAt);
  if (staged.records >= BULK_RECORDS) {
    await refreshPlannerStatistics(w.tx, ['nhi_staging_temp', 'nhis', 'nhi_observations']);
  }
  const batch = new NhiChangeBatch(pending.id, orgId);
  const applied = await applyStaged({
    w,
    orgId,
    importId: pending.id,
    source,
    at: exportedAt ?? pending.started_at,
    complete,
    owners: await ownerIndexOf(w, orgId),
    now: pending.started_at,
    batch,
  });
  return {
    row: {
      ...pending,
      scope,
      source,
      exported_at: exportedAt,
      effective_on: dayOf(exportedAt) ?? todayIso(),
      complete: complete ? 1 : 0,
    },
    counts: {
      ...zeroCounts(),
      records: staged.records,
      leaks: staged.leaks,
      leaksNew: staged.leaksNew,
      ...applied,
    },
    exportedAt,
    batch,
  };
}

/** Step 1: the run's row, pending until the run knows its source. */
async function startRun(w: Write, orgId: string, spec: RunSpec): Promise<NhiImportsTable> {
  const now = nowIso();
  const id = newId();
  const row: NhiImportsTable = {
    id,
    org_id: orgId,
    kind: spec.kind,
    scope: spec.scope,
    source: `pending:${id}`,
    file_name: spec.fileName,
    sha256: spec.sha256,
    size: spec.size,
    evidence_id: null,
    exported_at: null,
    effective_on: todayIso(),
    complete: 0,
    counts: '{}',
    started_at: now,
    finished_at: now,
    actor_label: w.actor.label,
  };
  await insertImport(w.tx, row);
  return row;
}

/** What staging the observations did. */
interface Staged {
  records: number;
  leaks: number;
  leaksNew: number;
  /** Up to two values of the kind's scope attribute the records named (one: the file's scope). */
  scopesNamed: Set<string>;
}

/**
 * Step 2: every observation, refused if it holds U+0000: identities into
 * staging (by family), scanner leaks stored as they come, a batch at a time.
 */
async function stageObservations(
  w: Write,
  orgId: string,
  run: NhiImportsTable,
  spec: RunSpec,
  observations: AsyncIterable<NhiObservation>,
): Promise<Staged> {
  const tally: Staged = { records: 0, leaks: 0, leaksNew: 0, scopesNamed: new Set() };
  let staged: NhiImportStagingTable[] = [];
  let leaks: ObservedLeak[] = [];
  await createStaging(w.tx);
  for await (const o of observations) {
    tally.records++;
    if (hasNul(o)) {
      const what = isObservedLeak(o) ? o.fingerprint : o.externalId;
      throw new ImportError(
        { file: spec.fileName ?? spec.kind },
        `record ${tally.records} (${what.replaceAll('\u0000', '\\0').slice(0, 80)}) holds a NUL character, which the store cannot keep`,
      );
    }
    if (isObservedLeak(o)) {
      tally.leaks++;
      leaks.push(o);
    } else {
      const named = spec.scopeFromAttribute ? o.attributes[spec.scopeFromAttribute] : undefined;
      if (typeof named === 'string' && tally.scopesNamed.size < 2) tally.scopesNamed.add(named);
      // Canonical, as the observations keep it: an unchanged family is found by comparing the texts in SQL.
      staged.push({ import_id: run.id, seq: tally.records, family: familyOf(o), data: canonicalJson(o) });
    }
    if (staged.length >= STAGE_ROWS) {
      await insertStaging(w.tx, staged);
      staged = [];
    }
    if (leaks.length >= STAGE_BATCH) {
      tally.leaksNew += await storeLeaks(w, orgId, run.id, leaks, run.started_at);
      leaks = [];
    }
    if (tally.records % STAGE_BATCH === 0) spec.onRecords?.(tally.records);
  }
  await insertStaging(w.tx, staged);
  tally.leaksNew += await storeLeaks(w, orgId, run.id, leaks, run.started_at);
  return tally;
}

/**
 * Step 3: the run's scope (given, or the one value the file named where its
 * kind's scope rule says to look) and source; an export taken before the
 * source's latest import is refused.
 */
async function placeRun(
  w: Write,
  orgId: string,
  spec: RunSpec,
  scopesNamed: Set<string>,
  exportedAt: string | null,
): Promise<{ scope: string | null; source: string }> {
  const scope = spec.scope ?? (scopesNamed.size === 1 ? [...scopesNamed][0]! : null);
  const source = sourceOf(spec.kind, scope);
  const previous = await latestImportOf(w.tx, orgId, source);
  if (exportedAt && previous?.exported_at && exportedAt < previous.exported_at) {
    throw new AppError(
      'conflict',
      `this ${spec.kind} export was taken at ${exportedAt}, before the one already imported (${previous.exported_at}); import exports in the order they were taken`,
    );
  }
  return { scope, source };
}

/**
 * Last step: re-evaluates the inventory after a run, then stores the run's
 * final row (with the evidence it points to) and its one ledger entry, which
 * commits to every event and change the run wrote (count and Merkle root of
 * each list, docs/decisions/0032).
 */
export async function finishRun(
  w: Write,
  orgId: string,
  run: AppliedRun,
  at: string,
  evidenceId: string | null = null,
): Promise<{ row: NhiImportsTable; counts: NhiImportCounts }> {
  const refreshed = await refreshNhiInventory(w, orgId, {
    at,
    now: nowIso(),
    importId: run.row.id,
    // A re-import that changed little leaves the planner's statistics right: no ANALYZE (docs/decisions/0035).
    afterBulkWrite: run.counts.created + run.counts.updated + run.counts.events >= BULK_RECORDS,
    batch: run.batch,
    // Every row the run wrote carries its start time: only what can have changed is re-evaluated (0035).
    writtenAt: run.row.started_at,
  });
  await run.batch.flush(w.tx);
  const counts: NhiImportCounts = {
    ...run.counts,
    findingsOpened: refreshed.findingsOpened,
    findingsResolved: refreshed.findingsResolved,
    findingsUpdated: refreshed.findingsUpdated,
  };
  const row = { ...run.row, evidence_id: evidenceId, counts: JSON.stringify(counts), finished_at: nowIso() };
  await finishImport(w.tx, row);
  w.record({
    action: 'import',
    recordType: 'nhi-import',
    recordId: row.id,
    change: { ...row, counts, ...run.batch.commitment() },
  });
  return { row, counts };
}

// PostgreSQL text cannot hold U+0000; SQLite could, but both engines must accept the same imports.
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v));
  return false;
}
