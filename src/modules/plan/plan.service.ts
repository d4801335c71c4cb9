import { inputDateProblem } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import { type Plan, withGapItems } from '../../core/plan/index.js';
import { todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import type { StoredEngagement } from '../engagements/engagement.schema.js';
import { getPlanContext } from '../readiness/readiness.service.js';
import { insertCompletion } from './plan.repository.js';

/*
 * The plan of an engagement: milestones worked back from its dates, the
 * evidence due dates (computePlan in src/core/plan) and the gap work of
 * today's readiness (withGapItems), derived on every read from the same
 * records readiness reads (readiness itself from its cache when the records
 * have not changed); only the manual completions of its items are stored.
 */

/** The back-planned milestones, due dates and current gap work of an engagement. */
export async function getPlan(
  database: Database,
  orgId: string,
  options: { engagementId?: string } = {},
): Promise<{ engagement: StoredEngagement; plan: Plan }> {
  const { context, readiness } = await getPlanContext(database, orgId, options);
  const { engagement, plan } = context;
  if (!engagement || !plan || !readiness)
    throw new AppError('not_found', 'no engagement yet: create one with `auditready engagement create`');
  const reasons = readiness.controls.flatMap((c) => c.reasons);
  return { engagement, plan: withGapItems(plan, reasons, { reviewerId: engagement.leadId ?? null }) };
}

/**
 * Marks a plan item done by hand; it stays done when the dates move. Only
 * milestones and evidence items that need no record: gap work closes when
 * its reason goes, and an evidence item closes when its evidence is accepted,
 * so one not yet due, or one a readiness reason is about, is refused.
 */
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
  if (item.kind === 'gap')
    throw new AppError(
      'conflict',
      `plan item ${input.key} closes by itself when its reason is resolved (${item.label.toLowerCase()}): it cannot be marked done`,
      { field: 'key' },
    );
  const today = todayIso();
  if (item.kind === 'evidence' && item.gap)
    throw new AppError(
      'conflict',
      `plan item ${input.key} closes when its evidence is accepted: ${item.gap.message}`,
      { field: 'key' },
    );
  if (item.kind === 'evidence' && item.dueOn > today)
    throw new AppError(
      'conflict',
      `plan item ${input.key} is due ${item.dueOn} and has no accepted evidence: it closes when its evidence is accepted`,
      { field: 'key' },
    );
  const doneOn = input.doneOn ?? today;
  const doneOnProblem = inputDateProblem(doneOn);
  if (doneOnProblem) throw new AppError('invalid_input', `doneOn: ${doneOnProblem}`, { field: 'doneOn' });
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
