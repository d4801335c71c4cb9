import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
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
export async function insertCompletion(
  db: WriteTx,
  row: {
    id: string;
    org_id: string;
    engagement_id: string;
    item_key: string;
    done_on: string;
    done_by: string;
    note: string | null;
  },
): Promise<void> {
  await db.insertInto('plan_completions').values(row).execute();
}
