/**
 * Access reviews as a population for sampling (issue 15): every decided item
 * of every campaign whose decision falls in the window, in a stable order
 * (decision time, then id), so a recorded seed picks the same sample again.
 */
import type { Database } from '../../platform/db/database.js';
import { decidedItems } from './access-review.service.js';

/** One member of the access-review population. */
export interface AccessReviewPopulationItem {
  id: string;
  kind: 'access-review-item';
  /** The date the item was decided. */
  occurredOn: string;
  label: string;
}

/** The decided access-review items of an organization decided inside the window (dates inclusive). */
export async function listAccessReviewPopulation(
  db: Database,
  orgId: string,
  window: { start: string; end: string },
): Promise<AccessReviewPopulationItem[]> {
  return (await decidedItems(db, orgId, window)).map((i) => ({
    id: i.id,
    kind: 'access-review-item',
    occurredOn: i.decided_at!.slice(0, 10),
    label: `${i.system}: ${i.subject} (${i.decision})`,
  }));
}
