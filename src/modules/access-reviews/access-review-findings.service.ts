import {
  ACCESS_REVIEW_FINDING_SOURCE,
  accessReviewFindings,
  type CampaignFacts,
  type FollowUpFacts,
  type LatestAccountFacts,
  planFindingSync,
  type SubjectType,
} from '../../core/access-reviews/rules.js';
import type { Write } from '../../platform/ledger/ledger.js';
import { applyRuleFindingSync } from '../findings/rule-finding-sync.js';
import {
  departedAccounts,
  insertRuleFindingLinks,
  itemCounts,
  latestAccountLists,
  listCampaignRows,
  listFollowUps,
  openRuleFindings,
} from './access-review.repository.js';

/**
 * Keeps the access-review rule findings in step at T inside the caller's
 * write: opens what the rules want and is not open, resolves what is open
 * and no longer wanted; one ledger entry when anything changed.
 */
export async function syncRuleFindings(
  w: Write,
  orgId: string,
  at: string,
): Promise<{ opened: number; resolved: number }> {
  const db = w.tx;
  const campaigns = await listCampaignRows(db, orgId);
  const counts = await itemCounts(db, orgId);
  const kinds = await db
    .selectFrom('access_review_items')
    .select(['campaign_id', 'subject_type'])
    .where('org_id', '=', orgId)
    .groupBy(['campaign_id', 'subject_type'])
    .execute();
  const campaignFacts: CampaignFacts[] = campaigns.map((c) => {
    const mine = counts.filter((n) => n.campaign_id === c.id);
    const total = mine.reduce((s, n) => s + Number(n.n), 0);
    return {
      id: c.id,
      system: c.system,
      dueOn: c.due_on,
      status: c.status as 'open' | 'completed',
      hasAccounts: kinds.some((k) => k.campaign_id === c.id && k.subject_type === 'account'),
      hasNhis: kinds.some((k) => k.campaign_id === c.id && k.subject_type === 'nhi'),
      decided: total - Number(mine.find((n) => n.decision === null)?.n ?? 0),
      total,
    };
  });
  const followUps: FollowUpFacts[] = (await listFollowUps(db, orgId)).map((f) => ({
    id: f.id,
    system: f.system,
    subjectType: f.subject_type as SubjectType,
    label: f.label,
    action: f.action as 'revoke' | 'change',
    ownerId: f.owner_id,
    dueOn: f.due_on,
    closedOn: f.closed_on,
  }));
  const lists = await latestAccountLists(db, orgId);
  const byList = new Map(lists.map((l) => [l.id, l]));
  const latestAccounts: LatestAccountFacts[] = (
    await departedAccounts(
      db,
      orgId,
      lists.map((l) => l.id),
    )
  ).map((a) => ({
    system: byList.get(a.list_id)!.system,
    asOf: byList.get(a.list_id)!.as_of,
    account: a.account,
    personId: a.person_id,
    personEmail: a.email,
    personStatus: a.status,
    departedOn: a.departed_on,
  }));
  const wanted = accessReviewFindings({ at, campaigns: campaignFacts, followUps, latestAccounts });
  const open = (await openRuleFindings(db, orgId)).map((o) => ({
    findingId: o.finding_id,
    rule: o.rule,
    key: o.subject_key,
  }));
  return applyRuleFindingSync(w, orgId, at, planFindingSync(wanted, open, at), {
    domain: 'access-review',
    source: () => ACCESS_REVIEW_FINDING_SOURCE,
    resolution: 'the access-review rule no longer applies',
    recordType: 'access-review-findings',
    link: insertRuleFindingLinks,
  });
}
