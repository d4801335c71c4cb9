import { inputDateProblem } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import type { Plan } from '../../core/plan/index.js';
import { todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import type { StoredEngagement } from '../engagements/engagement.schema.js';
import { loadReadinessContext } from '../readiness/readiness.service.js';
import { insertCompletion } from './plan.repository.js';

/*
 * The plan of an engagement: milestones worked back from its dates and the
 * evidence due dates (computePlan in src/core/plan), derived on every read
 * from the same records readiness reads; only the manual completions of its
 * items are stored.
 */

/** The back-planned milestones and due dates of an engagement. */
export async function getPlan(
  database: Database,
  orgId: string,
  options: { engagementId?: string } = {},
): Promise<{ engagement: StoredEngagement; plan: Plan }> {
  const { engagement, plan } = await loadReadinessContext(database, orgId, options);
  if (!engagement || !plan)
    throw new AppError('not_found', 'no engagement yet: create one with `auditready engagement create`');
  return { engagement, plan };
}

/** Marks a plan item (usually a milestone) done by hand; it stays done when the dates move. */
export async function completePlanItem(
  database: Database,
  actor: Actor,
  orgId: string,
  input: { engagementId?: string; key: string; doneOn?: string; note?: string | null },
): Promise<Plan> {
  const { engagement, plan } = await getPlan(
    database,
    orgId,
    input.engagementId ? { engagementId: input.engagementId } : {},
  );
  const item = [...plan.milestones, ...plan.items].find((i) => i.key === input.key);
  if (!item) throw new AppError('not_found', `plan item ${input.key} not found`);
  if (item.doneOn) throw new AppError('conflict', `plan item ${input.key} is already done (${item.doneOn})`);
  const doneOn = input.doneOn ?? todayIso();
  const doneOnProblem = inputDateProblem(doneOn);
  if (doneOnProblem) throw new AppError('invalid_input', `doneOn: ${doneOnProblem}`);
  await write(database, { actor, orgId }, async (w) => {
    const row = {
      id: newId(),
      org_id: orgId,
      engagement_id: engagement.id,
      item_key: input.key,
      done_on: doneOn,
      done_by: actor.label,
      note: input.note ?? null,
    };
    await insertCompletion(w.tx, row);
    w.record({ action: 'complete', recordType: 'plan-item', recordId: row.id, change: row });
  });
  return (await getPlan(database, orgId, { engagementId: engagement.id })).plan;
}
