import {
  compareRecord,
  deriveRecord,
  type RecordEntry,
  type RecordMismatch,
  TRACKED_KINDS,
  type TrackedKind,
  trackedKindOf,
} from '../../core/ledger/record-state.js';
import type { Database } from '../../platform/db/database.js';
import type { ActivityTable } from '../../platform/db/schema.js';
import {
  entriesOfRecords,
  existingKeys,
  pageTrackedRows,
  type RecordEntryRow,
} from './integrity.repository.js';

/** Rows (and the entries of their records) read per query. */
const PAGE = 1000;
/** Mismatches kept in a report; the rest are counted. */
const MAX_REPORTED = 1000;

/** What comparing the current records with the log found. */
export interface RecordsReport {
  /** Stored rows compared, per kind. */
  compared: Record<TrackedKind, number>;
  problems: RecordMismatch[];
  /** Mismatches beyond the ones listed. */
  more: number;
}

function recordTypeOf(kind: TrackedKind): string {
  return kind === 'review' ? 'evidence' : kind;
}

function toEntry(row: RecordEntryRow): RecordEntry | null {
  try {
    return { action: row.action, orgId: row.org_id, change: JSON.parse(row.change) as unknown };
  } catch {
    // An entry whose change is not JSON is reported by the chain walk.
    return null;
  }
}

async function derivedOf(database: Database, kind: TrackedKind, ids: string[]) {
  const byId = new Map<string, RecordEntry[]>();
  for (const row of await entriesOfRecords(database.db, recordTypeOf(kind), ids)) {
    if (trackedKindOf(recordTypeOf(kind), row.action) !== kind) continue;
    const entry = toEntry(row);
    if (!entry) continue;
    const list = byId.get(row.record_id) ?? [];
    list.push(entry);
    byId.set(row.record_id, list);
  }
  return new Map([...byId].map(([id, entries]) => [id, deriveRecord(kind, entries)]));
}

/** Collects mismatches up to the report's limit. */
class Findings {
  readonly problems: RecordMismatch[] = [];
  more = 0;
  private readonly seen = new Set<string>();

  add(found: RecordMismatch[]): void {
    for (const m of found) {
      const key = `${m.kind}\u0000${m.id}\u0000${m.field ?? m.problem}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      if (this.problems.length < MAX_REPORTED) this.problems.push(m);
      else this.more += 1;
    }
  }
}

/**
 * Compares the current records that matter (evidence, reviews, memberships,
 * exceptions, API tokens) with what the log says, in two halves that each
 * read a page at a time: `visit` takes every entry of the chain walk and
 * finds records the log recorded whose row is gone; `finish` pages through
 * the stored rows, folds their entries and names every field that differs
 * and every row the log never recorded.
 */
export function recordComparison(database: Database, options: { orgId?: string | undefined } = {}) {
  const findings = new Findings();
  const pending = new Map<TrackedKind, Set<string>>(TRACKED_KINDS.map((k) => [k, new Set()]));

  async function checkGone(kind: TrackedKind, ids: string[]): Promise<void> {
    const present = await existingKeys(database.db, kind, ids);
    const absent = ids.filter((id) => !present.has(id));
    if (absent.length === 0) return;
    const derived = await derivedOf(database, kind, absent);
    for (const id of absent) findings.add(compareRecord(kind, id, derived.get(id) ?? null, null));
  }

  return {
    /** Takes one entry of the chain walk. */
    async visit(row: ActivityTable): Promise<void> {
      const kind = trackedKindOf(row.record_type, row.action);
      if (!kind) return;
      const ids = pending.get(kind)!;
      ids.add(row.record_id);
      if (ids.size >= PAGE) {
        pending.set(kind, new Set());
        await checkGone(kind, [...ids]);
      }
    },

    /** Compares every stored row with the log, and returns the report. */
    async finish(): Promise<RecordsReport> {
      for (const [kind, ids] of pending) if (ids.size > 0) await checkGone(kind, [...ids]);
      const compared = Object.fromEntries(TRACKED_KINDS.map((k) => [k, 0])) as Record<TrackedKind, number>;
      for (const kind of TRACKED_KINDS) {
        let after: string | null = null;
        for (;;) {
          const rows = await pageTrackedRows(database.db, kind, { orgId: options.orgId, after, limit: PAGE });
          if (rows.length === 0) break;
          const derived = await derivedOf(
            database,
            kind,
            rows.map((r) => r.key),
          );
          for (const row of rows) {
            const { key, ...fields } = row;
            findings.add(compareRecord(kind, key, derived.get(key) ?? null, fields));
          }
          compared[kind] += rows.length;
          if (rows.length < PAGE) break;
          after = rows[rows.length - 1]!.key;
        }
      }
      return { compared, problems: findings.problems, more: findings.more };
    },
  };
}
