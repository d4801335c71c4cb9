// Access-review decisions: one by one or from a reviewer's spreadsheet, all or none, each batch one
// ledger entry; revoke and change decisions open follow-ups (docs/decisions/0026).
import type { Readable } from 'node:stream';
import {
  ACCESS_DECISIONS,
  type AccessDecision,
  followUpDueOn,
  separationOfDutiesProblem,
} from '../../core/access-reviews/rules.js';
import type { Actor } from '../../core/ledger/chain.js';
import { type CsvRecord, readCsvRecords } from '../../importers/csv/read-csv.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { AccessReviewFollowUpsTable } from '../../platform/db/schema.js';
import { AppError, ImportError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import { deleteOpenFollowUp, insertFollowUps, updateItemDecision } from './access-review.repository.js';
import {
  type CampaignView,
  type DecideResult,
  type DecisionInput,
  decisionInputSchema,
} from './access-review.schema.js';
import { checkDate, getCampaign, invalid } from './access-review.service.js';
import { syncRuleFindings } from './access-review-findings.service.js';

/** The columns of a decisions CSV (a reviewer's spreadsheet). */
export const DECISION_COLUMNS = ['subject', 'decision', 'comment'] as const;

/**
 * Who decides: the caller's own person, and optionally the e-mail of the
 * reviewer a lead records decisions for (a reviewer's signed-off
 * spreadsheet); only a caller who may record for others (leads, the local
 * CLI) may name someone else.
 */
export interface DecidingCaller {
  personId: string | null;
  reviewerEmail?: string | null | undefined;
  mayRecordForOthers?: boolean;
}

/** The named reviewer a decision batch is recorded for, or 403 with the reason. */
function reviewerOf(campaign: CampaignView, caller: DecidingCaller): { id: string; email: string } {
  const named = campaign.reviewers.map((r) => r.email).join(', ');
  if (caller.reviewerEmail) {
    const email = caller.reviewerEmail.trim().toLowerCase();
    const reviewer = campaign.reviewers.find((r) => r.email === email);
    if (!reviewer)
      throw new AppError('forbidden', `${email} is not a reviewer named on this campaign (${named})`, {
        field: 'reviewer',
      });
    if (reviewer.id !== caller.personId && !caller.mayRecordForOthers)
      throw new AppError('forbidden', 'you may record only your own decisions as a reviewer', {
        field: 'reviewer',
      });
    return reviewer;
  }
  const reviewer = campaign.reviewers.find((r) => r.id === caller.personId);
  if (!reviewer)
    throw new AppError('forbidden', `only a reviewer named on this campaign (${named}) decides its items`, {
      field: 'reviewer',
    });
  return reviewer;
}

/** Why one decision of a batch is refused, and which of the batch it is. */
interface DecisionProblem {
  index: number;
  field: string;
  code: 'invalid_input' | 'forbidden' | 'conflict';
  reason: string;
}

interface DecisionPlan {
  campaign: CampaignView;
  reviewer: { id: string; email: string };
  decisions: { item: CampaignView['items'][number]; input: DecisionInput }[];
}

/**
 * Checks a batch of decisions: the campaign is open, the caller is a
 * reviewer named on it, every item exists once, no reviewer decides on their
 * own access, and a decision whose follow-up is already closed stays.
 */
async function planDecisions(
  database: Database,
  orgId: string,
  campaignId: string,
  caller: DecidingCaller,
  decisions: readonly DecisionInput[],
): Promise<{ plan: DecisionPlan } | { problem: DecisionProblem; campaign: CampaignView }> {
  const campaign = await getCampaign(database, orgId, campaignId);
  if (campaign.status !== 'open')
    throw new AppError(
      'conflict',
      `the access review of ${campaign.system} is completed; its decisions are final`,
    );
  const reviewer = reviewerOf(campaign, caller);
  const byKey = new Map<string, CampaignView['items'][number]>();
  for (const item of campaign.items) {
    byKey.set(item.id, item);
    if (!byKey.has(item.subject)) byKey.set(item.subject, item);
  }
  const closed = new Set(campaign.followUps.filter((f) => f.closedOn !== null).map((f) => f.itemId));
  const seen = new Set<string>();
  const out: DecisionPlan['decisions'] = [];
  for (const [index, input] of decisions.entries()) {
    const item = byKey.get(input.item);
    const problem = (field: string, code: DecisionProblem['code'], reason: string) => ({
      problem: { index, field, code, reason },
      campaign,
    });
    if (!item) return problem('item', 'invalid_input', `"${input.item}" is not an item of this campaign`);
    if (seen.has(item.id))
      return problem('item', 'invalid_input', `"${input.item}" is decided twice in this batch`);
    seen.add(item.id);
    const sod = separationOfDutiesProblem(item, reviewer.id);
    if (sod) return problem('item', 'forbidden', sod);
    if (closed.has(item.id) && input.decision !== item.decision)
      return problem(
        'decision',
        'conflict',
        `the follow-up of "${item.subject}" is already closed; its decision stays`,
      );
    out.push({ item, input });
  }
  return { plan: { campaign, reviewer, decisions: out } };
}

async function applyDecisions(
  database: Database,
  actor: Actor,
  orgId: string,
  plan: DecisionPlan,
  at: string,
  source: { file: string } | null,
): Promise<DecideResult> {
  // A decision is dated at T: now when T is today, else the start of that day.
  const decidedAt = at === todayIso() ? nowIso() : `${at}T00:00:00.000Z`;
  const decidedOn = at;
  let opened = 0;
  await write(database, { actor, orgId }, async (w) => {
    const followUps: AccessReviewFollowUpsTable[] = [];
    for (const { item, input } of plan.decisions) {
      await updateItemDecision(w.tx, orgId, item.id, {
        decision: input.decision,
        comment: input.comment,
        decided_by: plan.reviewer.id,
        decided_at: decidedAt,
      });
      await deleteOpenFollowUp(w.tx, orgId, item.id);
      if (
        input.decision !== 'keep' &&
        !plan.campaign.followUps.some((f) => f.itemId === item.id && f.closedOn)
      ) {
        followUps.push({
          id: newId(),
          org_id: orgId,
          campaign_id: plan.campaign.id,
          item_id: item.id,
          action: input.decision,
          owner_id: item.subjectType === 'nhi' ? (item.ownerPersonId ?? plan.reviewer.id) : plan.reviewer.id,
          due_on: followUpDueOn(decidedOn),
          closed_on: null,
          closed_by: null,
          closure_ref: null,
          created_at: decidedAt,
        });
      }
    }
    await insertFollowUps(w.tx, followUps);
    opened = followUps.length;
    w.record({
      action: 'decide',
      recordType: 'access-review-campaign',
      recordId: plan.campaign.id,
      change: {
        reviewer: plan.reviewer.email,
        ...(source ? { file: source.file } : {}),
        decisions: plan.decisions.map((d) => [d.item.subject, d.input.decision, d.input.comment]),
        followUps: followUps.map((f) => [f.id, f.action, f.due_on]),
      },
    });
    await syncRuleFindings(w, orgId, at);
  });
  return {
    decided: plan.decisions.length,
    followUpsOpened: opened,
    campaign: await getCampaign(database, orgId, plan.campaign.id),
  };
}

/**
 * Records decisions on items of an open campaign by a reviewer named on it
 * (the person the caller is), all or none: a reviewer's own account or an
 * NHI they own is refused with the reason. Revoke and change decisions
 * become follow-ups due a week later.
 */
export async function decideItems(
  database: Database,
  actor: Actor,
  orgId: string,
  input: { campaignId: string; caller: DecidingCaller; decisions: unknown[]; at?: string },
): Promise<DecideResult> {
  const at = checkDate(input.at ?? todayIso(), 'at');
  if (input.decisions.length === 0) throw invalid('decisions', 'no decision given');
  const decisions = input.decisions.map((d, index) => {
    const parsed = decisionInputSchema.safeParse(d);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw invalid(`decisions.${index}.${issue.path.join('.')}`, issue.message);
    }
    return parsed.data;
  });
  const result = await planDecisions(database, orgId, input.campaignId, input.caller, decisions);
  if ('problem' in result) {
    const p = result.problem;
    const field = decisions.length === 1 ? p.field : `decisions.${p.index}.${p.field}`;
    throw new AppError(p.code, p.reason, { field });
  }
  return applyDecisions(database, actor, orgId, result.plan, at, null);
}

/**
 * Imports a reviewer's spreadsheet of decisions (CSV `subject,decision,comment`)
 * into an open campaign, all or nothing: a bad row names its file, line,
 * column and reason, and nothing is decided. One ledger entry for the batch.
 */
export async function importDecisions(
  database: Database,
  actor: Actor,
  orgId: string,
  input: { campaignId: string; caller: DecidingCaller; file: string; input: Readable; at?: string },
): Promise<DecideResult> {
  const at = checkDate(input.at ?? todayIso(), 'at');
  const rows: { record: CsvRecord; input: DecisionInput }[] = [];
  for await (const record of readCsvRecords(input.input, input.file, {
    required: ['subject', 'decision'],
    known: DECISION_COLUMNS,
  })) {
    const decision = record.get('decision').toLowerCase();
    if (!(ACCESS_DECISIONS as readonly string[]).includes(decision))
      throw record.error(
        'decision',
        `"${record.get('decision')}" is not one of ${ACCESS_DECISIONS.join(', ')}`,
      );
    const subject = record.get('subject');
    if (subject === '') throw record.error('subject', 'the subject is empty');
    const comment = record.get('comment');
    if (comment.length > 2000) throw record.error('comment', 'longer than 2000 characters');
    rows.push({
      record,
      input: {
        item: subject,
        decision: decision as AccessDecision,
        comment: comment === '' ? null : comment,
      },
    });
  }
  if (rows.length === 0) throw new ImportError({ file: input.file }, 'the file has no decisions');
  const result = await planDecisions(
    database,
    orgId,
    input.campaignId,
    input.caller,
    rows.map((r) => r.input),
  );
  if ('problem' in result) {
    const p = result.problem;
    throw rows[p.index]!.record.error(p.field === 'item' ? 'subject' : 'decision', p.reason);
  }
  return applyDecisions(database, actor, orgId, result.plan, at, { file: input.file });
}
