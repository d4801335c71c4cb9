import { type Kysely, sql } from 'kysely';
import type { CoverageRange } from '../../../core/evidence-index.js';
import type { EvidenceFact, ReviewState } from '../../../core/records.js';
import type { SourceType } from '../../../core/vocabulary.js';
import { chunks } from '../../../platform/db/chunks.js';
import type { DB } from '../../../platform/db/schema.js';
import { engagementCovers } from './engagement-coverage.repository.js';

/*
 * The evidence facts readiness reads (docs/decisions/0006). A fact groups the
 * current (not superseded) evidence of one requirement with the same review
 * state, effective period and collection day. The whole history of facts is a
 * GROUP BY over evidence and reviews (`evidenceFacts` without a scope: the
 * burndown, and the oracle of the tests). A result at one date needs far less,
 * and reads it from tables kept in the same transactions that record
 * evidence and reviews (evidence-facts.upkeep.ts) and engagements (engagement-coverage.repository),
 * through the upkeep the services call (readiness-facts.ts):
 *   evidence_latest      per requirement and review state, the most recent fact
 *   evidence_coverage    per requirement and effective period, the earliest
 *                        accepted collection (what any date range's cover is made of)
 *   engagement_coverage  per engagement, requirement and cadence period, the
 *                        earliest accepted cover
 */

/** What a result at one date needs beyond the latest facts: the engagement and the ranges whose earliest cover it reads. */
export interface FactScope {
  engagementId: string | null;
  /** The engagement's `coverageRanges`. */
  ranges: readonly CoverageRange[];
}

/** One grouped fact as SQL returns it. */
export type FactRow = {
  requirement_id: string;
  state: string;
  effective_start: string;
  effective_end: string;
  collected_on: string;
  evidence_id: string;
  reason: string | null;
  n?: number | string;
};

function toFact(r: FactRow): EvidenceFact {
  return {
    requirementId: r.requirement_id,
    evidenceId: r.evidence_id,
    reviewState: r.state as ReviewState,
    effectiveStart: r.effective_start,
    effectiveEnd: r.effective_end,
    collectedOn: r.collected_on,
    rejectionReason: r.reason,
    ...(r.n === undefined ? {} : { count: Number(r.n) }),
  };
}

/** Current (not superseded) evidence of an organization joined with its review, as fact rows grouped in SQL. */
export function factQuery(db: Kysely<DB>, orgId: string) {
  return (
    db
      .selectFrom('evidence as e')
      .leftJoin('evidence_reviews as v', 'v.evidence_id', 'e.id')
      .where('e.org_id', '=', orgId)
      // An uncorrelated NOT IN: both engines build the (small) set of superseded ids once. A correlated
      // NOT EXISTS made SQLite scan the table per row once ANALYZE saw supersedes_id is almost all NULL.
      .where('e.id', 'not in', (eb) =>
        eb
          .selectFrom('evidence as n')
          .select('n.supersedes_id')
          .where('n.org_id', '=', orgId)
          .where('n.supersedes_id', 'is not', null),
      )
      .select(({ fn }) => [
        'e.requirement_id',
        sql<string>`coalesce(v.decision, 'submitted')`.as('state'),
        'e.effective_start',
        'e.effective_end',
        sql<string>`substr(e.collected_at, 1, 10)`.as('collected_on'),
        fn.max('e.id').as('evidence_id'),
        fn.max('v.reason').as('reason'),
        fn.countAll<number | string>().as('n'),
      ])
      .groupBy([
        'e.requirement_id',
        'v.decision',
        'e.effective_start',
        'e.effective_end',
        sql`substr(e.collected_at, 1, 10)`,
      ])
  );
}

/**
 * The evidence facts of an organization. Without a scope: the whole history,
 * one fact per (requirement, review state, effective period, collection day)
 * of the current versions (the burndown replays it week by week). With a
 * scope: what decides a result at any date for that scope, read from the
 * kept tables: per requirement the most recent fact of each review state,
 * and per range of the scope the earliest accepted fact covering it (one of
 * them when several tie). The plan and readiness computed on these equal
 * those on the whole history (see `coverageRanges` and the equivalence tests).
 */
export async function evidenceFacts(
  db: Kysely<DB>,
  orgId: string,
  scope?: FactScope,
): Promise<EvidenceFact[]> {
  if (!scope) return (await factQuery(db, orgId).execute()).map(toFact);
  const [latest, covers] = await Promise.all([
    db.selectFrom('evidence_latest').selectAll().where('org_id', '=', orgId).execute(),
    engagementCovers(db, orgId, scope.engagementId, scope.ranges),
  ]);
  const facts = latest.map(toFact);
  // A cover of the same group as the latest accepted fact adds nothing (it is that fact, without its id).
  const latestAccepted = new Map(
    facts.filter((f) => f.reviewState === 'accepted').map((f) => [f.requirementId, f]),
  );
  for (const cover of covers) {
    const same = latestAccepted.get(cover.requirementId);
    if (
      same?.effectiveEnd === cover.effectiveEnd &&
      same.collectedOn === cover.collectedOn &&
      same.effectiveStart === cover.effectiveStart
    )
      continue;
    facts.push(cover);
  }
  return facts;
}

/**
 * The source type of each requirement's latest evidence per review state (the
 * kept `evidence_latest` rows): what readiness needs to name a stale
 * screenshot or suggest an import (docs/decisions/0030), one query.
 */
export async function latestEvidenceSources(
  db: Kysely<DB>,
  orgId: string,
): Promise<Record<string, SourceType>> {
  const rows = await db
    .selectFrom('evidence_latest as l')
    .innerJoin('evidence as e', 'e.id', 'l.evidence_id')
    .select(['e.id', 'e.source_type'])
    .where('l.org_id', '=', orgId)
    .execute();
  const sources: Record<string, SourceType> = {};
  for (const r of rows) sources[r.id] = r.source_type as SourceType;
  return sources;
}

/**
 * The whole history of facts of some requirements (grouped as without a
 * scope): what a result reads for requirements whose kept facts cannot
 * answer at its date (`requirementsEffectiveAfter`).
 */
export async function evidenceFactsOfRequirements(
  db: Kysely<DB>,
  orgId: string,
  requirementIds: readonly string[],
): Promise<EvidenceFact[]> {
  const facts: EvidenceFact[] = [];
  for (const part of chunks([...requirementIds])) {
    const rows = await factQuery(db, orgId).where('e.requirement_id', 'in', part).execute();
    facts.push(...rows.map(toFact));
  }
  return facts;
}
