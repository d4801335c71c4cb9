import type { Kysely } from 'kysely';
import type { SourceType } from '../../core/vocabulary.js';
import { insertInBatches } from '../../platform/db/insert-batches.js';
import type { DB, EvidenceReviewsTable, EvidenceTable } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';
import type { Evidence, EvidenceKind, ReviewState } from './evidence.schema.js';

/** Filters for listing evidence. */
export interface EvidenceFilter {
  controlId?: string;
  requirementId?: string;
  ids?: string[];
  /** Only evidence no newer version supersedes. */
  currentOnly?: boolean;
}

function baseQuery(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('evidence as e')
    .innerJoin('controls as c', 'c.id', 'e.control_id')
    .innerJoin('evidence_requirements as r', 'r.id', 'e.requirement_id')
    .leftJoin('evidence_reviews as v', 'v.evidence_id', 'e.id')
    .leftJoin('evidence as n', 'n.supersedes_id', 'e.id')
    .where('e.org_id', '=', orgId)
    .selectAll('e')
    .select([
      'c.code as control_code',
      'r.code as requirement_code',
      'v.decision',
      'v.reason',
      'v.reviewer_label',
      'v.reviewed_at',
      'n.id as superseded_by_id',
    ]);
}

type Row = EvidenceTable & {
  control_code: string;
  requirement_code: string;
  decision: string | null;
  reason: string | null;
  reviewer_label: string | null;
  reviewed_at: string | null;
  superseded_by_id: string | null;
};

function toEvidence(r: Row): Evidence {
  return {
    id: r.id,
    orgId: r.org_id,
    controlId: r.control_id,
    controlCode: r.control_code,
    requirementId: r.requirement_id,
    requirementCode: r.requirement_code,
    kind: r.kind as EvidenceKind,
    sha256: r.sha256,
    size: r.size === null ? null : Number(r.size),
    fileName: r.file_name,
    mediaType: r.media_type,
    url: r.url,
    description: r.description,
    effectiveStart: r.effective_start,
    effectiveEnd: r.effective_end,
    collectedAt: r.collected_at,
    sourceType: r.source_type as SourceType,
    collector: { type: r.collector_type, id: r.collector_id, label: r.collector_label },
    supersedesId: r.supersedes_id,
    supersededById: r.superseded_by_id,
    reviewState: (r.decision ?? 'submitted') as ReviewState,
    review: r.decision
      ? {
          decision: r.decision as 'accepted' | 'rejected',
          reason: r.reason,
          reviewer: r.reviewer_label ?? '',
          reviewedAt: r.reviewed_at ?? '',
        }
      : null,
  };
}

/** A position in the newest-first evidence list: the last row's collection time and id. */
export interface EvidenceCursor {
  collectedAt: string;
  id: string;
}

/** Evidence of an organization, newest first; paged by keyset when `page` is given. */
export async function listEvidence(
  db: Kysely<DB>,
  orgId: string,
  filter: EvidenceFilter = {},
  page?: { after?: EvidenceCursor | undefined; limit: number },
): Promise<Evidence[]> {
  let q = baseQuery(db, orgId);
  if (filter.controlId) q = q.where('e.control_id', '=', filter.controlId);
  if (filter.requirementId) q = q.where('e.requirement_id', '=', filter.requirementId);
  if (filter.ids) q = q.where('e.id', 'in', filter.ids.length ? filter.ids : ['']);
  if (filter.currentOnly) q = q.where('n.id', 'is', null);
  const after = page?.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('e.collected_at', '<', after.collectedAt),
        eb.and([eb('e.collected_at', '=', after.collectedAt), eb('e.id', '<', after.id)]),
      ]),
    );
  }
  let ordered = q.orderBy('e.collected_at', 'desc').orderBy('e.id', 'desc');
  if (page) ordered = ordered.limit(page.limit);
  const rows = (await ordered.execute()) as Row[];
  return rows.map(toEvidence);
}

/** One piece of evidence by id (or a unique id prefix of at least 8 characters). */
export async function findEvidence(db: Kysely<DB>, orgId: string, idOrPrefix: string): Promise<Evidence[]> {
  let q = baseQuery(db, orgId);
  q =
    idOrPrefix.length >= 36
      ? q.where('e.id', '=', idOrPrefix)
      : q.where('e.id', 'like', `${idOrPrefix.replace(/[%_]/g, '')}%`);
  const rows = (await q.limit(2).execute()) as Row[];
  return rows.map(toEvidence);
}

/*
 * The inserts below write evidence and reviews only. The readiness facts kept
 * from them (modules/readiness/facts) are the caller's to keep, in the same
 * write: `readinessFacts.afterEvidence` and `readinessFacts.afterReviews`.
 */

/** Inserts one evidence row (call inside the write's transaction). */
export async function insertEvidence(db: WriteTx, row: EvidenceTable): Promise<void> {
  await db.insertInto('evidence').values(row).execute();
}

/** Inserts evidence rows in multi-row batches (imports, demo). */
export async function insertEvidenceRows(db: WriteTx, rows: EvidenceTable[]): Promise<void> {
  await insertInBatches(db, 'evidence', rows);
}

/** Records the one review decision of a piece of evidence. */
export async function insertReview(db: WriteTx, row: EvidenceReviewsTable): Promise<void> {
  await db.insertInto('evidence_reviews').values(row).execute();
}

/** Inserts review rows in multi-row batches. */
export async function insertReviews(db: WriteTx, rows: EvidenceReviewsTable[]): Promise<void> {
  await insertInBatches(db, 'evidence_reviews', rows);
}

/** Every stored hash an organization's evidence references, with one evidence id each (for verify). */
export async function evidenceHashes(
  db: Kysely<DB>,
  orgId?: string,
): Promise<{ sha256: string; evidenceId: string; orgId: string }[]> {
  let q = db
    .selectFrom('evidence')
    .select(({ fn }) => ['sha256', fn.min('id').as('evidence_id'), fn.min('org_id').as('org_id')])
    .where('sha256', 'is not', null)
    .groupBy('sha256');
  if (orgId) q = q.where('org_id', '=', orgId);
  const rows = await q.execute();
  return rows.map((r) => ({ sha256: r.sha256!, evidenceId: r.evidence_id, orgId: r.org_id }));
}

/** The current evidence of a requirement with exactly this content, if any (imports reuse it). */
export async function findEvidenceByContent(
  db: Kysely<DB>,
  orgId: string,
  requirementId: string,
  sha256: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('evidence as e')
    .leftJoin('evidence as n', 'n.supersedes_id', 'e.id')
    .select('e.id')
    .where('e.org_id', '=', orgId)
    .where('e.requirement_id', '=', requirementId)
    .where('e.sha256', '=', sha256)
    .where('n.id', 'is', null)
    .orderBy('e.collected_at')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}
