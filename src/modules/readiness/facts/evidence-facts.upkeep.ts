/**
 * The upkeep of the kept evidence facts (docs/decisions/0006): called in the
 * same transactions that insert evidence rows and review decisions
 * (`readinessFacts.afterEvidence` / `afterReviews`, readiness-facts.ts), it
 * folds the rows entering and leaving the facts into `evidence_latest`,
 * `evidence_coverage` and the engagements' kept covers, computing a kept row
 * again from its requirement's grouped history only when a row leaving it
 * could change it. The reads of these tables are in evidence-facts.repository.ts.
 */
import type { Kysely } from 'kysely';
import { compareRecencyDates, type RecencyDates } from '../../../core/evidence-index.js';
import { chunks } from '../../../platform/db/chunks.js';
import { insertInBatches } from '../../../platform/db/insert-batches.js';
import type {
  DB,
  EvidenceCoverageTable,
  EvidenceLatestTable,
  EvidenceReviewsTable,
  EvidenceTable,
} from '../../../platform/db/schema.js';
import type { WriteTx } from '../../../platform/db/transaction.js';
import { keepCoverageOfRequirements } from './engagement-coverage.repository.js';
import { type FactRow, factQuery } from './evidence-facts.repository.js';

/** One current evidence row as the kept facts see it. */
interface Contribution {
  orgId: string;
  requirementId: string;
  state: string;
  start: string;
  end: string;
  day: string;
  id: string;
  reason: string | null;
}

/** The greater of two ids in plain string order (ids are UUIDv7, the same in every collation). */
function greatest(a: string, b: string): string {
  return a > b ? a : b;
}

/** Evidence rows by id with their review and the rows that supersede them. */
async function loadRows(db: Kysely<DB>, ids: readonly string[]) {
  const rows = new Map<
    string,
    { row: Omit<Contribution, 'state' | 'reason'>; decision: string | null; reason: string | null }
  >();
  const supersededBy = new Map<string, string[]>();
  for (const part of chunks(ids)) {
    // One read: each row with its review and (one line each) the rows that supersede it.
    const found = await db
      .selectFrom('evidence as e')
      .leftJoin('evidence_reviews as v', 'v.evidence_id', 'e.id')
      .leftJoin('evidence as n', 'n.supersedes_id', 'e.id')
      .select([
        'e.id',
        'e.org_id',
        'e.requirement_id',
        'e.effective_start',
        'e.effective_end',
        'e.collected_at',
        'v.decision',
        'v.reason',
        'n.id as successor_id',
      ])
      .where('e.id', 'in', part)
      .execute();
    for (const r of found) {
      rows.set(r.id, {
        row: {
          orgId: r.org_id,
          requirementId: r.requirement_id,
          start: r.effective_start,
          end: r.effective_end,
          day: r.collected_at.slice(0, 10),
          id: r.id,
        },
        decision: r.decision,
        reason: r.reason,
      });
      if (r.successor_id !== null)
        supersededBy.set(r.id, [...(supersededBy.get(r.id) ?? []), r.successor_id]);
    }
  }
  return { rows, supersededBy };
}

/**
 * Keeps the facts current after evidence rows were inserted (call it in the
 * same transaction, after the insert; `readinessFacts.afterEvidence`): each new row is a submitted fact
 * unless a row of the same batch supersedes it, and each row it supersedes
 * that was current until now leaves its facts.
 */
export async function keepFactsOfEvidence(db: WriteTx, inserted: readonly EvidenceTable[]): Promise<void> {
  if (inserted.length === 0) return;
  const batch = new Set(inserted.map((r) => r.id));
  const targets = new Set(inserted.flatMap((r) => (r.supersedes_id === null ? [] : [r.supersedes_id])));
  const added: Contribution[] = inserted
    .filter((r) => !targets.has(r.id))
    .map((r) => ({
      orgId: r.org_id,
      requirementId: r.requirement_id,
      state: 'submitted',
      start: r.effective_start,
      end: r.effective_end,
      day: r.collected_at.slice(0, 10),
      id: r.id,
      reason: null,
    }));
  const removed: Contribution[] = [];
  const older = [...targets].filter((id) => !batch.has(id));
  if (older.length > 0) {
    const { rows, supersededBy } = await loadRows(db, older);
    for (const id of older) {
      const found = rows.get(id);
      // Superseded before this batch already: it left the facts then.
      if (!found || (supersededBy.get(id) ?? []).some((s) => !batch.has(s))) continue;
      removed.push({ ...found.row, state: found.decision ?? 'submitted', reason: found.reason });
    }
  }
  await applyChanges(db, added, removed);
}

/**
 * Keeps the facts current after review decisions were inserted (same
 * transaction, after the insert; `readinessFacts.afterReviews`): a reviewed current row moves from the
 * submitted facts to its decision's; a superseded row counts nowhere.
 */
export async function keepFactsOfReviews(
  db: WriteTx,
  inserted: readonly EvidenceReviewsTable[],
): Promise<void> {
  if (inserted.length === 0) return;
  const { rows, supersededBy } = await loadRows(
    db,
    inserted.map((r) => r.evidence_id),
  );
  const added: Contribution[] = [];
  const removed: Contribution[] = [];
  for (const review of inserted) {
    const found = rows.get(review.evidence_id);
    if (!found || supersededBy.has(review.evidence_id)) continue;
    removed.push({ ...found.row, state: 'submitted', reason: null });
    added.push({ ...found.row, state: review.decision, reason: review.reason });
  }
  await applyChanges(db, added, removed);
}

const latestKey = (requirementId: string, state: string) => `${requirementId}|${state}`;
const coverageKey = (requirementId: string, start: string, end: string) => `${requirementId}|${start}|${end}`;

/** The dates of a contribution as the recency rule (`compareRecencyDates`) reads them. */
const ofContribution = (c: Contribution): RecencyDates => ({
  effectiveEnd: c.end,
  collectedOn: c.day,
  effectiveStart: c.start,
});

const ofLatest = (r: EvidenceLatestTable | FactRow): RecencyDates => ({
  effectiveEnd: r.effective_end,
  collectedOn: r.collected_on,
  effectiveStart: r.effective_start,
});

/**
 * Folds rows entering and leaving the facts into the kept tables. Entering
 * rows merge in place (a newer latest, an earlier cover). A row leaving can
 * only change a kept row it was part of; then that row is computed again from
 * the evidence of its requirement, grouped exactly as the full history is.
 */
async function applyChanges(db: WriteTx, added: Contribution[], removed: Contribution[]): Promise<void> {
  if (added.length === 0 && removed.length === 0) return;
  const requirementIds = [...new Set([...added, ...removed].map((c) => c.requirementId))];
  const latest = new Map<string, EvidenceLatestTable>();
  for (const part of chunks(requirementIds)) {
    for (const r of await db
      .selectFrom('evidence_latest')
      .selectAll()
      .where('requirement_id', 'in', part)
      .execute())
      latest.set(latestKey(r.requirement_id, r.state), r);
  }
  const coverageKeys = new Map<string, [string, string, string]>();
  for (const c of [...added, ...removed]) {
    if (c.state === 'accepted')
      coverageKeys.set(coverageKey(c.requirementId, c.start, c.end), [c.requirementId, c.start, c.end]);
  }
  const coverage = new Map<string, EvidenceCoverageTable>();
  for (const part of chunks([...coverageKeys.values()])) {
    const found = await db
      .selectFrom('evidence_coverage')
      .selectAll()
      .where((eb) =>
        eb(
          eb.refTuple('requirement_id', 'effective_start', 'effective_end'),
          'in',
          part.map(([r, s, e]) => eb.tuple(r, s, e)),
        ),
      )
      .execute();
    for (const r of found) coverage.set(coverageKey(r.requirement_id, r.effective_start, r.effective_end), r);
  }
  const latestBefore = new Map(latest);
  const coverageBefore = new Map(coverage);

  const recomputeLatest = new Set<string>();
  const recomputeCoverage = new Set<string>();
  for (const c of removed) {
    const kept = latest.get(latestKey(c.requirementId, c.state));
    if (!kept || compareRecencyDates(ofContribution(c), ofLatest(kept)) >= 0)
      recomputeLatest.add(latestKey(c.requirementId, c.state));
    if (c.state !== 'accepted') continue;
    const cover = coverage.get(coverageKey(c.requirementId, c.start, c.end));
    if (!cover || c.day <= cover.collected_on)
      recomputeCoverage.add(coverageKey(c.requirementId, c.start, c.end));
  }
  for (const c of added) {
    const key = latestKey(c.requirementId, c.state);
    const kept = latest.get(key);
    const order = kept ? compareRecencyDates(ofContribution(c), ofLatest(kept)) : 1;
    if (order > 0) {
      latest.set(key, {
        requirement_id: c.requirementId,
        state: c.state,
        org_id: c.orgId,
        effective_start: c.start,
        effective_end: c.end,
        collected_on: c.day,
        evidence_id: c.id,
        reason: c.reason,
      });
    } else if (order === 0 && kept) {
      // Same group: the greatest id; two different reasons are left to SQL's max (its collation decides).
      if (c.reason !== null && kept.reason !== null && c.reason !== kept.reason) recomputeLatest.add(key);
      else
        latest.set(key, {
          ...kept,
          evidence_id: greatest(c.id, kept.evidence_id),
          reason: kept.reason ?? c.reason,
        });
    }
    if (c.state !== 'accepted') continue;
    const ckey = coverageKey(c.requirementId, c.start, c.end);
    const cover = coverage.get(ckey);
    if (!cover || c.day < cover.collected_on) {
      coverage.set(ckey, {
        requirement_id: c.requirementId,
        effective_start: c.start,
        effective_end: c.end,
        org_id: c.orgId,
        collected_on: c.day,
        evidence_id: c.id,
      });
    } else if (c.day === cover.collected_on && c.id > cover.evidence_id) {
      coverage.set(ckey, { ...cover, evidence_id: c.id });
    }
  }

  if (recomputeLatest.size > 0 || recomputeCoverage.size > 0) {
    await recompute(db, [...added, ...removed], recomputeLatest, recomputeCoverage, latest, coverage);
  }
  await writeChanged(db, 'latest', latestBefore, latest);
  const changed = await writeChanged(db, 'coverage', coverageBefore, coverage);
  // The engagements' kept covers follow the requirements whose accepted evidence changed.
  const byOrg = new Map<string, Set<string>>();
  for (const row of changed) {
    const ids = byOrg.get(row.org_id) ?? new Set<string>();
    ids.add(row.requirement_id);
    byOrg.set(row.org_id, ids);
  }
  for (const [orgId, ids] of byOrg) await keepCoverageOfRequirements(db, orgId, [...ids]);
}

/** Computes the marked kept rows again from the grouped facts of their requirements (the evidence is already written). */
async function recompute(
  db: Kysely<DB>,
  changed: readonly Contribution[],
  latestKeys: ReadonlySet<string>,
  coverageKeys: ReadonlySet<string>,
  latest: Map<string, EvidenceLatestTable>,
  coverage: Map<string, EvidenceCoverageTable>,
): Promise<void> {
  const marked = new Set([...latestKeys, ...coverageKeys].map((k) => k.slice(0, k.indexOf('|'))));
  const orgOf = new Map(changed.map((c) => [c.requirementId, c.orgId]));
  const byOrg = new Map<string, string[]>();
  for (const id of marked) {
    const org = orgOf.get(id)!;
    byOrg.set(org, [...(byOrg.get(org) ?? []), id]);
  }
  for (const k of latestKeys) latest.delete(k);
  for (const k of coverageKeys) coverage.delete(k);
  for (const [orgId, ids] of byOrg) {
    for (const part of chunks(ids)) {
      const facts = await factQuery(db, orgId).where('e.requirement_id', 'in', part).execute();
      for (const f of facts) {
        const key = latestKey(f.requirement_id, f.state);
        if (latestKeys.has(key)) {
          const kept = latest.get(key);
          if (!kept || compareRecencyDates(ofLatest(f), ofLatest(kept)) > 0) {
            latest.set(key, {
              requirement_id: f.requirement_id,
              state: f.state,
              org_id: orgId,
              effective_start: f.effective_start,
              effective_end: f.effective_end,
              collected_on: f.collected_on,
              evidence_id: f.evidence_id,
              reason: f.reason,
            });
          }
        }
        if (f.state !== 'accepted') continue;
        const ckey = coverageKey(f.requirement_id, f.effective_start, f.effective_end);
        if (!coverageKeys.has(ckey)) continue;
        const cover = coverage.get(ckey);
        if (!cover || f.collected_on < cover.collected_on) {
          coverage.set(ckey, {
            requirement_id: f.requirement_id,
            effective_start: f.effective_start,
            effective_end: f.effective_end,
            org_id: orgId,
            collected_on: f.collected_on,
            evidence_id: f.evidence_id,
          });
        }
      }
    }
  }
}

function sameRow(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return Object.keys(x).every((k) => x[k] === y[k]);
}

/** Writes the kept rows that differ from what was read (deletes, then multi-row upserts); returns them. */
async function writeChanged<T extends EvidenceLatestTable | EvidenceCoverageTable>(
  db: WriteTx,
  table: 'latest' | 'coverage',
  before: ReadonlyMap<string, T>,
  after: ReadonlyMap<string, T>,
): Promise<T[]> {
  const gone = [...before.entries()].filter(([k]) => !after.has(k)).map(([, v]) => v);
  const put = [...after.entries()]
    .filter(([k, v]) => !before.has(k) || !sameRow(before.get(k)!, v))
    .map(([, v]) => v);
  if (table === 'latest') {
    for (const part of chunks(gone as EvidenceLatestTable[])) {
      await db
        .deleteFrom('evidence_latest')
        .where((eb) =>
          eb(
            eb.refTuple('requirement_id', 'state'),
            'in',
            part.map((r) => eb.tuple(r.requirement_id, r.state)),
          ),
        )
        .execute();
    }
    await insertInBatches(db, 'evidence_latest', put as EvidenceLatestTable[], {
      columns: ['requirement_id', 'state'],
      update: ['org_id', 'effective_start', 'effective_end', 'collected_on', 'evidence_id', 'reason'],
    });
    return [...gone, ...put];
  }
  for (const part of chunks(gone as EvidenceCoverageTable[])) {
    await db
      .deleteFrom('evidence_coverage')
      .where((eb) =>
        eb(
          eb.refTuple('requirement_id', 'effective_start', 'effective_end'),
          'in',
          part.map((r) => eb.tuple(r.requirement_id, r.effective_start, r.effective_end)),
        ),
      )
      .execute();
  }
  await insertInBatches(db, 'evidence_coverage', put as EvidenceCoverageTable[], {
    columns: ['requirement_id', 'effective_start', 'effective_end'],
    update: ['org_id', 'collected_on', 'evidence_id'],
  });
  return [...gone, ...put];
}
