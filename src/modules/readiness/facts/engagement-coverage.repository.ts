import type { Kysely } from 'kysely';
import {
  type CoverageRange,
  coverageRanges,
  coverageRangesKey,
  coversPeriod,
} from '../../../core/evidence-index.js';
import type { Engagement, EvidenceFact } from '../../../core/records.js';
import type { Cadence } from '../../../core/vocabulary.js';
import { chunks } from '../../../platform/db/chunks.js';
import { insertInBatches } from '../../../platform/db/insert-batches.js';
import type { DB, EngagementCoverageTable, EngagementsTable } from '../../../platform/db/schema.js';
import type { WriteTx } from '../../../platform/db/transaction.js';
import { asFact, coverGroups, coverOrder, coverPerRange, rangesByCadence } from './cover-scan.repository.js';

/*
 * The earliest accepted cover of every range an engagement reads
 * (`coverageRanges`), per requirement (docs/decisions/0006). Computed from
 * `evidence_coverage` by one grouped scan (cover-scan.repository.ts) of the rows inside the engagement's
 * span, and kept per engagement in `engagement_coverage`, so that readiness
 * reads one row per covered period instead of every effective period in the
 * window. Kept current in the transactions that change the engagement's
 * dates (`readinessFacts.afterEngagement`) or a requirement's accepted
 * evidence (through evidence-facts.repository.ts); a requirement whose cadence
 * changed since (`engagement_coverage_requirements` says which cadence its
 * rows are for) is computed live until its evidence next changes.
 */

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
  db: WriteTx,
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
export async function keepEngagementCoverage(db: WriteTx, engagementId: string): Promise<void> {
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
  db: WriteTx,
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
