import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';
import { maxDate, minDate } from '../../../core/dates.js';
import type { CoverageRange } from '../../../core/evidence-index.js';
import type { EvidenceFact } from '../../../core/records.js';
import type { Cadence } from '../../../core/vocabulary.js';
import type { DB, EngagementCoverageTable } from '../../../platform/db/schema.js';

/*
 * The grouped scan of `evidence_coverage` that finds the earliest accepted
 * cover of every range an engagement reads (docs/decisions/0006), and the
 * rows it makes for `engagement_coverage`. Read by the kept-coverage upkeep
 * and, for what the kept rows cannot answer, by the reads
 * (engagement-coverage.repository.ts).
 */

/** A cover found by a scan: the dates of a real accepted fact group, named by its evidence. */
interface ScannedCover {
  requirementId: string;
  effectiveStart: string;
  effectiveEnd: string;
  collectedOn: string;
  evidenceId: string;
}

/**
 * A cover as readiness reads it: an accepted fact with the dates of a real
 * fact group and no id (only its dates decide coverage; where it is also the
 * latest accepted fact, that one, with its id, is read beside it).
 */
export function asFact(c: ScannedCover): EvidenceFact {
  return {
    requirementId: c.requirementId,
    reviewState: 'accepted',
    effectiveStart: c.effectiveStart,
    effectiveEnd: c.effectiveEnd,
    collectedOn: c.collectedOn,
  };
}

/** Rows of one grouped scan: the earliest cover of the ranges `first..last` of a requirement's cadence. */
interface CoverGroup {
  requirementId: string;
  cadence: Cadence;
  first: number;
  last: number;
  fact: ScannedCover;
}

/**
 * SQL for how many of the ascending `bounds` satisfy `passed(bound)` (a
 * predicate that holds for a prefix of them): a binary search written as
 * nested CASEs, so a row finds its place among a window's cadence periods in
 * a few comparisons instead of a join over all of them.
 */
function countPassed(
  bounds: readonly string[],
  passed: (bound: string) => RawBuilder<unknown>,
  lo = 0,
  hi = bounds.length,
): RawBuilder<number> {
  if (lo >= hi) return sql.lit(lo);
  const mid = (lo + hi) >> 1;
  return sql<number>`case when ${passed(bounds[mid]!)} then ${countPassed(bounds, passed, mid + 1, hi)} else ${countPassed(bounds, passed, lo, mid)} end`;
}

/** The ranges of each cadence, ascending; they must not overlap (cadence periods never do). */
export function rangesByCadence(ranges: readonly CoverageRange[]): Map<Cadence, CoverageRange[]> {
  const by = new Map<Cadence, CoverageRange[]>();
  for (const r of ranges) by.set(r.cadence, [...(by.get(r.cadence) ?? []), r]);
  for (const [cadence, list] of by) {
    list.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.start <= list[i - 1]!.end)
        throw new Error(`overlapping ${cadence} ranges in a fact scope`);
    }
  }
  return by;
}

/**
 * Runs one scan of many rows into few groups on PostgreSQL with JIT and
 * parallel workers off and room to hash: JIT spends longer compiling the
 * binary-search CASEs than the query runs, and parallel workers would ship
 * every scanned row to the leader, where the grouping key is computed (both
 * measured at 1,000,000 evidence rows, docs/decisions/0006). The settings
 * are local to a transaction: the caller's (a write), or one of its own.
 */
async function tunedForScan<T>(db: Kysely<DB>, run: (q: Kysely<DB>) => Promise<T>): Promise<T> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return run(db);
  const tuned = async (tx: Kysely<DB>) => {
    await sql`set local jit = off`.execute(tx);
    await sql`set local max_parallel_workers_per_gather = 0`.execute(tx);
    await sql`set local work_mem = '64MB'`.execute(tx);
    return run(tx);
  };
  return db.isTransaction ? tuned(db) : db.transaction().execute(tuned);
}

/**
 * One grouped scan over the coverage rows that can touch a range (of the
 * organization, or of the given requirements): each row finds the first and
 * last range of its requirement's cadence it covers (`coversPeriod`, by
 * binary searches in SQL), and rows are grouped by (requirement, first,
 * last) keeping the earliest collection. A group's earliest row covers every
 * range of the group and is no later than any row covering one of them, so
 * it is the earliest cover of each. The minimum of `collected_on|start|end|id`
 * (a collection day is always 10 characters) picks it and names its fact.
 */
export async function coverGroups(
  db: Kysely<DB>,
  orgId: string,
  ranges: readonly CoverageRange[],
  requirementIds?: readonly string[],
): Promise<CoverGroup[]> {
  if (requirementIds?.length === 0) return [];
  const by = rangesByCadence(ranges);
  const first = (list: CoverageRange[]) =>
    countPassed(
      list.map((r) => r.end),
      (end) => sql`c.effective_start > ${end}`,
    );
  const cover = sql<string>`c.collected_on || '|' || c.effective_start || '|' || c.effective_end || '|' || c.evidence_id`;
  const grouped = (rows: RawBuilder<unknown>) => sql`
    select requirement_id, cadence, first_idx, last_idx, min(cover) as cover
    from (${rows}) e
    where first_idx <= last_idx
    group by requirement_id, cadence, first_idx, last_idx`;
  // Either the organization's rows inside the span (the covering index on the effective end), or
  // the rows of a few requirements (the primary key); CROSS JOIN keeps SQLite in that order.
  const source = (span: RawBuilder<unknown>) =>
    requirementIds
      ? sql`from evidence_requirements r cross join evidence_coverage c
            where r.id in (${sql.join(requirementIds)}) and c.requirement_id = r.id and ${span}`
      : sql`from evidence_coverage c cross join evidence_requirements r
            where c.org_id = ${orgId} and ${span} and r.id = c.requirement_id`;
  const parts: RawBuilder<unknown>[] = [];
  const periodic = [...by].filter(([cadence]) => cadence !== 'once');
  if (periodic.length > 0) {
    const all = periodic.flatMap(([, list]) => list);
    const from = all.map((r) => r.start).reduce(minDate);
    const to = all.map((r) => r.end).reduce(maxDate);
    const last = (list: CoverageRange[]) =>
      countPassed(
        list.map((r) => r.start),
        (start) => sql`c.effective_end >= ${start}`,
      );
    parts.push(
      grouped(sql`
        select c.requirement_id, r.cadence,
          case r.cadence ${sql.join(
            periodic.map(([cadence, list]) => sql`when ${cadence} then ${first(list)}`),
            sql` `,
          )} end as first_idx,
          case r.cadence ${sql.join(
            periodic.map(([cadence, list]) => sql`when ${cadence} then ${last(list)} - 1`),
            sql` `,
          )} end as last_idx,
          ${cover} as cover
        ${source(sql`c.effective_end >= ${from} and c.effective_start <= ${to}
          and r.cadence in (${sql.join(periodic.map(([cadence]) => cadence))})`)}`),
    );
  }
  const once = by.get('once');
  if (once) {
    // Once is done for good: evidence effective by a range's end covers it and every later range.
    const span = sql`r.cadence = 'once' and c.effective_start <= ${once.at(-1)!.end}`;
    parts.push(
      grouped(sql`
        select c.requirement_id, r.cadence, ${first(once)} as first_idx,
          ${sql.lit(once.length - 1)} as last_idx, ${cover} as cover
        ${
          requirementIds
            ? source(span)
            : sql`from evidence_requirements r cross join evidence_coverage c
                  where r.org_id = ${orgId} and c.requirement_id = r.id and ${span}`
        }`),
    );
  }
  if (parts.length === 0) return [];
  const { rows } = await tunedForScan(db, (q) =>
    sql<{
      requirement_id: string;
      cadence: Cadence;
      first_idx: number | string;
      last_idx: number | string;
      cover: string;
    }>`${sql.join(parts, sql` union all `)}`.execute(q),
  );
  return rows.map((r) => {
    const [collectedOn, start, end, evidenceId] = r.cover.split('|') as [string, string, string, string];
    return {
      requirementId: r.requirement_id,
      cadence: r.cadence,
      first: Number(r.first_idx),
      last: Number(r.last_idx),
      fact: {
        requirementId: r.requirement_id,
        effectiveStart: start,
        effectiveEnd: end,
        collectedOn,
        evidenceId,
      },
    };
  });
}

/** `collected|start|end|id`: what the scan's minimum compares (dates are 10 characters, so the order is field by field). */
export function coverOrder(
  c:
    | { collected_on: string; effective_start: string; effective_end: string; evidence_id: string }
    | ScannedCover,
): string {
  return 'collectedOn' in c
    ? `${c.collectedOn}|${c.effectiveStart}|${c.effectiveEnd}|${c.evidenceId}`
    : `${c.collected_on}|${c.effective_start}|${c.effective_end}|${c.evidence_id}`;
}

/** The earliest cover of each covered (requirement, range), from the groups of one scan. */
export function coverPerRange(
  groups: readonly CoverGroup[],
  by: ReadonlyMap<Cadence, CoverageRange[]>,
  orgId: string,
  engagementId: string,
): EngagementCoverageTable[] {
  const rows = new Map<string, EngagementCoverageTable>();
  for (const g of groups) {
    const list = by.get(g.cadence) ?? [];
    for (let i = g.first; i <= g.last && i < list.length; i++) {
      const range = list[i]!;
      const key = `${g.requirementId}|${range.start}`;
      const seen = rows.get(key);
      // The earliest collection; ties go to the smallest period and id, as in SQL, so every run keeps the same.
      if (seen && coverOrder(seen) <= coverOrder(g.fact)) continue;
      rows.set(key, {
        engagement_id: engagementId,
        requirement_id: g.requirementId,
        range_start: range.start,
        org_id: orgId,
        range_end: range.end,
        collected_on: g.fact.collectedOn,
        effective_start: g.fact.effectiveStart,
        effective_end: g.fact.effectiveEnd,
        evidence_id: g.fact.evidenceId,
      });
    }
  }
  return [...rows.values()];
}
