import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';
import { maxDate, minDate } from '../../core/dates.js';
import {
  type CoverageRange,
  coverageRanges,
  coverageRangesKey,
  coversPeriod,
} from '../../core/evidence-index.js';
import type { Engagement, EvidenceFact } from '../../core/records.js';
import type { Cadence } from '../../core/vocabulary.js';
import { chunks } from '../../platform/db/chunks.js';
import { insertInBatches } from '../../platform/db/insert-batches.js';
import type { DB, EngagementCoverageTable, EngagementsTable } from '../../platform/db/schema.js';

/*
 * The earliest accepted cover of every range an engagement reads
 * (`coverageRanges`), per requirement (docs/decisions/0006). Computed from
 * `evidence_coverage` by one grouped scan of the rows inside the engagement's
 * span, and kept per engagement in `engagement_coverage`, so that readiness
 * reads one row per covered period instead of every effective period in the
 * window. Kept current in the transactions that change the engagement's
 * dates or a requirement's accepted evidence; a requirement whose cadence
 * changed since (`engagement_coverage_requirements` says which cadence its
 * rows are for) is computed live until its evidence next changes.
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
function asFact(c: ScannedCover): EvidenceFact {
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
function rangesByCadence(ranges: readonly CoverageRange[]): Map<Cadence, CoverageRange[]> {
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
async function coverGroups(
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
function coverOrder(
  c:
    | { collected_on: string; effective_start: string; effective_end: string; evidence_id: string }
    | ScannedCover,
): string {
  return 'collectedOn' in c
    ? `${c.collectedOn}|${c.effectiveStart}|${c.effectiveEnd}|${c.evidenceId}`
    : `${c.collected_on}|${c.effective_start}|${c.effective_end}|${c.evidence_id}`;
}

/** The earliest cover of each covered (requirement, range), from the groups of one scan. */
function coverPerRange(
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

/** The dates and type of a stored engagement, as the pure rules take them (categories play no part here). */
function coreEngagement(row: EngagementsTable): Engagement {
  return {
    id: row.id,
    type: row.type as Engagement['type'],
    auditDate: row.audit_date,
    windowStart: row.window_start,
    windowEnd: row.window_end,
    fieldworkStart: row.fieldwork_start,
    categories: [],
  };
}

/**
 * Computes all kept covers of an engagement again, in one scan, and records
 * the cadence each requirement was computed for and the ranges the rows are
 * for. Call it inside the write's transaction.
 */
async function rebuild(
  db: Kysely<DB>,
  engagement: EngagementsTable,
  ranges: readonly CoverageRange[],
): Promise<void> {
  const orgId = engagement.org_id;
  await db.deleteFrom('engagement_coverage').where('engagement_id', '=', engagement.id).execute();
  await db
    .deleteFrom('engagement_coverage_requirements')
    .where('engagement_id', '=', engagement.id)
    .execute();
  await db.deleteFrom('engagement_coverage_state').where('engagement_id', '=', engagement.id).execute();
  const requirements = await db
    .selectFrom('evidence_requirements')
    .select(['id', 'cadence'])
    .where('org_id', '=', orgId)
    .execute();
  const groups = await coverGroups(db, orgId, ranges);
  await insertInBatches(
    db,
    'engagement_coverage',
    coverPerRange(groups, rangesByCadence(ranges), orgId, engagement.id),
  );
  await insertInBatches(
    db,
    'engagement_coverage_requirements',
    requirements.map((r) => ({
      engagement_id: engagement.id,
      requirement_id: r.id,
      org_id: orgId,
      cadence: r.cadence,
    })),
  );
  await db
    .insertInto('engagement_coverage_state')
    .values({ engagement_id: engagement.id, org_id: orgId, ranges_key: coverageRangesKey(ranges) })
    .execute();
}

/**
 * Makes the kept covers of an engagement match its dates: computes them when
 * the engagement is new or its dates changed, and leaves them otherwise.
 * Called in the transaction that inserts or updates the engagement.
 */
export async function keepEngagementCoverage(db: Kysely<DB>, engagementId: string): Promise<void> {
  const engagement = await db
    .selectFrom('engagements')
    .selectAll()
    .where('id', '=', engagementId)
    .executeTakeFirst();
  if (!engagement) return;
  const ranges = coverageRanges(coreEngagement(engagement));
  const state = await db
    .selectFrom('engagement_coverage_state')
    .select('ranges_key')
    .where('engagement_id', '=', engagementId)
    .executeTakeFirst();
  if (state?.ranges_key === coverageRangesKey(ranges)) return;
  await rebuild(db, engagement, ranges);
}

/**
 * Computes again the kept covers of these requirements for every kept
 * engagement of the organization, after their accepted evidence changed
 * (same transaction, after the kept evidence coverage was written). A few
 * requirements at a time: their coverage rows are read and each range's
 * earliest cover found here (`coversPeriod`, the scan's tie-break), and
 * only the rows that differ are written.
 */
export async function keepCoverageOfRequirements(
  db: Kysely<DB>,
  orgId: string,
  requirementIds: readonly string[],
): Promise<void> {
  if (requirementIds.length === 0) return;
  const engagements = (
    await db
      .selectFrom('engagement_coverage_state as s')
      .innerJoin('engagements as e', 'e.id', 's.engagement_id')
      .selectAll('e')
      .select('s.ranges_key')
      .where('s.org_id', '=', orgId)
      .execute()
  ).flatMap(({ ranges_key, ...engagement }) => {
    const ranges = coverageRanges(coreEngagement(engagement));
    // Dates changed without their upkeep (not through the repository): left to the live path on reads.
    return ranges_key === coverageRangesKey(ranges) ? [{ engagement, by: rangesByCadence(ranges) }] : [];
  });
  if (engagements.length === 0) return;
  for (const ids of chunks(requirementIds)) {
    const [requirements, entries] = await Promise.all([
      db.selectFrom('evidence_requirements').select(['id', 'cadence']).where('id', 'in', ids).execute(),
      db
        .selectFrom('evidence_coverage')
        .select(['requirement_id', 'effective_start', 'effective_end', 'collected_on', 'evidence_id'])
        .where('requirement_id', 'in', ids)
        .execute(),
    ]);
    const cadenceOf = new Map(requirements.map((r) => [r.id, r.cadence as Cadence]));
    for (const { engagement, by } of engagements) {
      const want = new Map<string, EngagementCoverageTable>();
      for (const c of entries) {
        const cadence = cadenceOf.get(c.requirement_id);
        const list = cadence ? by.get(cadence) : undefined;
        if (!list) continue;
        const fact = { effectiveStart: c.effective_start, effectiveEnd: c.effective_end };
        for (const range of list) {
          if (!coversPeriod(fact, cadence!, range)) continue;
          const key = `${c.requirement_id}|${range.start}`;
          const seen = want.get(key);
          if (seen && coverOrder(seen) <= coverOrder(c)) continue;
          want.set(key, {
            engagement_id: engagement.id,
            requirement_id: c.requirement_id,
            range_start: range.start,
            org_id: engagement.org_id,
            range_end: range.end,
            collected_on: c.collected_on,
            effective_start: c.effective_start,
            effective_end: c.effective_end,
            evidence_id: c.evidence_id,
          });
        }
      }
      const [rows, marks] = await Promise.all([
        db
          .selectFrom('engagement_coverage')
          .selectAll()
          .where('engagement_id', '=', engagement.id)
          .where('requirement_id', 'in', ids)
          .execute(),
        db
          .selectFrom('engagement_coverage_requirements')
          .select(['requirement_id', 'cadence'])
          .where('engagement_id', '=', engagement.id)
          .where('requirement_id', 'in', ids)
          .execute(),
      ]);
      const have = new Map(rows.map((r) => [`${r.requirement_id}|${r.range_start}`, r]));
      const gone = rows.filter((r) => !want.has(`${r.requirement_id}|${r.range_start}`));
      const put = [...want].filter(([key, row]) => {
        const old = have.get(key);
        return !old || coverOrder(old) !== coverOrder(row);
      });
      for (const part of chunks(gone)) {
        await db
          .deleteFrom('engagement_coverage')
          .where('engagement_id', '=', engagement.id)
          .where((eb) =>
            eb(
              eb.refTuple('requirement_id', 'range_start'),
              'in',
              part.map((r) => eb.tuple(r.requirement_id, r.range_start)),
            ),
          )
          .execute();
      }
      await insertInBatches(
        db,
        'engagement_coverage',
        put.map(([, r]) => r),
        {
          columns: ['engagement_id', 'requirement_id', 'range_start'],
          update: ['range_end', 'collected_on', 'effective_start', 'effective_end', 'evidence_id'],
        },
      );
      // The rows are now for each requirement's current cadence: say so where it was not said yet.
      const marked = new Map(marks.map((m) => [m.requirement_id, m.cadence]));
      await insertInBatches(
        db,
        'engagement_coverage_requirements',
        requirements
          .filter((r) => marked.get(r.id) !== r.cadence)
          .map((r) => ({
            engagement_id: engagement.id,
            requirement_id: r.id,
            org_id: engagement.org_id,
            cadence: r.cadence,
          })),
        { columns: ['engagement_id', 'requirement_id'], update: ['cadence'] },
      );
    }
  }
}

/**
 * The earliest covers an engagement's plan and readiness read (`ranges` are
 * its `coverageRanges`): the kept rows of the engagement, and a live scan for
 * what they cannot answer (an engagement kept for other dates or not at all,
 * requirements whose cadence changed or that came after), as accepted facts
 * without ids (`asFact`). Never writes.
 */
export async function engagementCovers(
  db: Kysely<DB>,
  orgId: string,
  engagementId: string | null,
  ranges: readonly CoverageRange[],
): Promise<EvidenceFact[]> {
  if (ranges.length === 0) return [];
  const state = engagementId
    ? await db
        .selectFrom('engagement_coverage_state')
        .select('ranges_key')
        .where('engagement_id', '=', engagementId)
        .executeTakeFirst()
    : undefined;
  if (!engagementId || state?.ranges_key !== coverageRangesKey(ranges)) {
    return (await coverGroups(db, orgId, ranges)).map((g) => asFact(g.fact));
  }
  const [requirements, kept] = await Promise.all([
    db
      .selectFrom('evidence_requirements as r')
      .leftJoin('engagement_coverage_requirements as m', (join) =>
        join.onRef('m.requirement_id', '=', 'r.id').on('m.engagement_id', '=', engagementId),
      )
      .select(['r.id', 'r.cadence', 'm.cadence as kept_cadence'])
      .where('r.org_id', '=', orgId)
      .execute(),
    // Only what a cover's dates need: the read is one row per covered period, so every column counts.
    db
      .selectFrom('engagement_coverage')
      .select(['requirement_id', 'collected_on', 'effective_start', 'effective_end'])
      .where('engagement_id', '=', engagementId)
      .execute(),
  ]);
  // Rows and their cadence are written together: a requirement kept for its current cadence has valid rows.
  const live = new Set(requirements.filter((r) => r.kept_cadence !== r.cadence).map((r) => r.id));
  const facts: EvidenceFact[] = [];
  for (const row of kept) {
    if (live.has(row.requirement_id)) continue;
    facts.push({
      requirementId: row.requirement_id,
      reviewState: 'accepted',
      effectiveStart: row.effective_start,
      effectiveEnd: row.effective_end,
      collectedOn: row.collected_on,
    });
  }
  for (const part of chunks([...live])) {
    for (const g of await coverGroups(db, orgId, ranges, part)) facts.push(asFact(g.fact));
  }
  return facts;
}
