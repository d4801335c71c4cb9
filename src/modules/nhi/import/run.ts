/**
 * One run of one NHI source inside a write: the import row, observations
 * streamed into staging (leaks stored as they come), then applied to the
 * inventory family by family, the whole inventory re-evaluated, and the run
 * finished with its counts and its ledger entry. Shared by file imports and
 * the sync of auditready's own API tokens.
 */
import { dayOf, type ExportFacts, familyOf, type ObservedLeak } from '../../../core/nhi/index.js';
import { isObservedLeak, type NhiObservation } from '../../../importers/nhi/index.js';
import { nowIso, todayIso } from '../../../platform/clock.js';
import { refreshPlannerStatistics } from '../../../platform/db/insert-batches.js';
import type { NhiImportStagingTable, NhiImportsTable } from '../../../platform/db/schema.js';
import { AppError, ImportError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import type { Write } from '../../../platform/ledger/ledger.js';
import { storeLeaks } from '../inventory/links.js';
import { ownerIndexOf, refreshNhiInventory } from '../inventory/refresh.js';
import { type NhiImportCounts, zeroCounts } from '../nhi.schema.js';
import { applyStaged } from './apply.js';
import { finishImport, insertImport, insertStaging, latestImportOf } from './import.repository.js';

const STAGE_BATCH = 500;
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
}

/**
 * Streams the observations into the inventory (see the module comment). A
 * parse error thrown by `observations` propagates and the caller's
 * transaction rolls everything back.
 */
export async function applyRun(
  w: Write,
  orgId: string,
  spec: RunSpec,
  observations: AsyncIterable<NhiObservation>,
  facts: () => ExportFacts | null,
): Promise<AppliedRun> {
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
  const counts = zeroCounts();
  const scopesNamed = new Set<string>();
  let staged: NhiImportStagingTable[] = [];
  let leaks: ObservedLeak[] = [];
  for await (const o of observations) {
    counts.records++;
    if (hasNul(o)) {
      const what = isObservedLeak(o) ? o.fingerprint : o.externalId;
      throw new ImportError(
        { file: spec.fileName ?? spec.kind },
        `record ${counts.records} (${what.replaceAll('\u0000', '\\0').slice(0, 80)}) holds a NUL character, which the store cannot keep`,
      );
    }
    if (isObservedLeak(o)) {
      counts.leaks++;
      leaks.push(o);
    } else {
      const named = spec.scopeFromAttribute ? o.attributes[spec.scopeFromAttribute] : undefined;
      if (typeof named === 'string' && scopesNamed.size < 2) scopesNamed.add(named);
      staged.push({ import_id: id, seq: counts.records, family: familyOf(o), data: JSON.stringify(o) });
    }
    if (staged.length >= STAGE_BATCH) {
      await insertStaging(w.tx, staged);
      staged = [];
    }
    if (leaks.length >= STAGE_BATCH) {
      await storeLeaks(w, orgId, id, leaks, now, counts);
      leaks = [];
    }
    if (counts.records % STAGE_BATCH === 0) spec.onRecords?.(counts.records);
  }
  await insertStaging(w.tx, staged);
  await storeLeaks(w, orgId, id, leaks, now, counts);
  spec.onWriting?.();
  const exported = facts();
  const exportedAt = exported?.exportedAt ?? null;
  // No scope given: the one value the file names, when its kind's scope rule says where to look.
  const scope = spec.scope ?? (scopesNamed.size === 1 ? [...scopesNamed][0]! : null);
  const source = sourceOf(spec.kind, scope);
  const previous = await latestImportOf(w.tx, orgId, source);
  if (exportedAt && previous?.exported_at && exportedAt < previous.exported_at) {
    throw new AppError(
      'conflict',
      `this ${spec.kind} export was taken at ${exportedAt}, before the one already imported (${previous.exported_at}); import exports in the order they were taken`,
    );
  }
  const complete = exported?.complete ?? false;
  if (counts.records >= BULK_RECORDS) {
    await refreshPlannerStatistics(w.tx, ['nhi_import_staging', 'nhis', 'nhi_observations']);
  }
  await applyStaged({
    w,
    orgId,
    importId: id,
    source,
    at: exportedAt ?? now,
    complete,
    owners: await ownerIndexOf(w, orgId),
    now,
    counts,
  });
  Object.assign(row, {
    scope,
    source,
    exported_at: exportedAt,
    effective_on: dayOf(exportedAt) ?? todayIso(),
    complete: complete ? 1 : 0,
  });
  return { row, counts, exportedAt };
}

/** Re-evaluates the inventory after a run, then stores the run's final row and its one ledger entry. */
export async function finishRun(
  w: Write,
  orgId: string,
  run: AppliedRun,
  at: string,
): Promise<NhiImportsTable> {
  const refreshed = await refreshNhiInventory(w, orgId, {
    at,
    now: nowIso(),
    importId: run.row.id,
    afterBulkWrite: run.counts.records >= BULK_RECORDS,
  });
  run.counts.findingsOpened = refreshed.findingsOpened;
  run.counts.findingsResolved = refreshed.findingsResolved;
  run.counts.findingsUpdated = refreshed.findingsUpdated;
  const row = { ...run.row, counts: JSON.stringify(run.counts), finished_at: nowIso() };
  await finishImport(w.tx, row);
  w.record({
    action: 'import',
    recordType: 'nhi-import',
    recordId: row.id,
    change: { ...row, counts: run.counts },
  });
  return row;
}

// PostgreSQL text cannot hold U+0000; SQLite could, but both engines must accept the same imports.
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v));
  return false;
}
