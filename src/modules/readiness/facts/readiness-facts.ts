/**
 * The readiness facts kept from evidence, reviews and engagements
 * (docs/decisions/0006): a projection of those records that readiness reads
 * at today and later instead of the whole evidence history.
 *
 *   evidence_latest      per requirement and review state, the most recent fact
 *   evidence_coverage    per requirement and effective period, the earliest accepted collection
 *   engagement_coverage  per engagement, requirement and cadence period, the earliest accepted
 *                        cover (with engagement_coverage_requirements and _state: for which
 *                        cadences and dates the rows were computed)
 *
 * Nothing keeps them implicitly: every service that writes one of their
 * inputs calls the matching entry point below in the same write, after its
 * rows are inserted. The SQL is in this folder's repositories; the migration
 * `0005-readiness-facts.ts` computes the same tables from scratch (the tests
 * compare the two).
 */
import type { EvidenceReviewsTable, EvidenceTable } from '../../../platform/db/schema.js';
import type { Write } from '../../../platform/ledger/ledger.js';
import { keepEngagementCoverage } from './engagement-coverage.repository.js';
import { keepFactsOfEvidence, keepFactsOfReviews } from './evidence-facts.upkeep.js';

export const readinessFacts = {
  /**
   * After evidence rows were inserted in this write: each new row becomes a
   * submitted fact (unless a row of the same batch supersedes it), the rows
   * they supersede leave the facts, and the engagements' covers of the
   * requirements whose accepted evidence changed follow.
   */
  async afterEvidence(w: Write, inserted: readonly EvidenceTable[]): Promise<void> {
    await keepFactsOfEvidence(w.tx, inserted);
  },

  /**
   * After review decisions were inserted in this write (their evidence's
   * facts already kept): a reviewed current row moves from the submitted
   * facts to its decision's, and accepted evidence reaches the covers.
   */
  async afterReviews(w: Write, inserted: readonly EvidenceReviewsTable[]): Promise<void> {
    await keepFactsOfReviews(w.tx, inserted);
  },

  /**
   * After an engagement was inserted or its fields updated in this write: its
   * kept covers are computed for its dates (again only when its dates moved).
   */
  async afterEngagement(w: Write, engagementId: string): Promise<void> {
    await keepEngagementCoverage(w.tx, engagementId);
  },
} as const;
