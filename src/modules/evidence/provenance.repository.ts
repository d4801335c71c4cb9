import { type Kysely, sql } from 'kysely';
import type { ProvenanceRow } from '../../core/provenance/provenance.js';
import type { DB } from '../../platform/db/schema.js';

/**
 * Every evidence row of an organization with the day it was superseded (the
 * earliest row naming it in `supersedes_id`) and the day it was rejected: the
 * history the provenance report counts week by week, in one query.
 */
export async function listProvenanceRows(db: Kysely<DB>, orgId: string): Promise<ProvenanceRow[]> {
  const rows = await db
    .selectFrom('evidence as e')
    .leftJoin('evidence_reviews as r', 'r.evidence_id', 'e.id')
    .select((eb) => [
      'e.id',
      'e.control_id',
      'e.source_type',
      'e.collector_type',
      sql<string>`substr(e.collected_at, 1, 10)`.as('collected_on'),
      eb
        .selectFrom('evidence as n')
        .select(sql<string | null>`min(substr(n.collected_at, 1, 10))`.as('day'))
        .whereRef('n.supersedes_id', '=', 'e.id')
        .as('superseded_on'),
      'r.decision',
      sql<string | null>`substr(r.reviewed_at, 1, 10)`.as('reviewed_on'),
    ])
    .where('e.org_id', '=', orgId)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    controlId: r.control_id,
    sourceType: r.source_type,
    collectorType: r.collector_type,
    collectedOn: r.collected_on,
    supersededOn: r.superseded_on ?? null,
    rejectedOn: r.decision === 'rejected' ? r.reviewed_on : null,
  }));
}
