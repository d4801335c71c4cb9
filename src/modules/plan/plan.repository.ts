import type { Kysely } from 'kysely';
import type { DB, PlanCompletionsTable } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';

/** The manual completions of an engagement's plan items. */
export async function listCompletions(db: Kysely<DB>, orgId: string, engagementId: string) {
  return db
    .selectFrom('plan_completions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('engagement_id', '=', engagementId)
    .execute();
}

/** Records one manual completion. */
export async function insertCompletion(db: WriteTx, row: PlanCompletionsTable): Promise<void> {
  await db.insertInto('plan_completions').values(row).execute();
}
