/** The only SQL of access reviews: account lists, campaigns, items, follow-ups and rule finding links. */
import type { Kysely } from 'kysely';
import { chunks } from '../../platform/db/chunks.js';
import { insertInBatches } from '../../platform/db/insert-batches.js';
import type {
  AccessAccountListsTable,
  AccessAccountsTable,
  AccessReviewCampaignsTable,
  AccessReviewFindingsTable,
  AccessReviewFollowUpsTable,
  AccessReviewItemsTable,
  AccessReviewReviewersTable,
  DB,
} from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';

/** Every account list of an organization (one system or all), newest first. */
export async function listAccountLists(
  db: Kysely<DB>,
  orgId: string,
  system?: string,
): Promise<AccessAccountListsTable[]> {
  let q = db.selectFrom('access_account_lists').selectAll().where('org_id', '=', orgId);
  if (system !== undefined) q = q.where('system', '=', system);
  return q.orderBy('as_of', 'desc').orderBy('imported_at', 'desc').orderBy('id', 'desc').execute();
}

/** The latest account list of each system (by the date it describes, then import time). */
export async function latestAccountLists(db: Kysely<DB>, orgId: string): Promise<AccessAccountListsTable[]> {
  const latest = new Map<string, AccessAccountListsTable>();
  for (const list of await listAccountLists(db, orgId))
    if (!latest.has(list.system)) latest.set(list.system, list);
  return [...latest.values()].sort((a, b) => (a.system < b.system ? -1 : a.system > b.system ? 1 : 0));
}

/** The accounts of one list, by account name. */
export async function listAccounts(
  db: Kysely<DB>,
  orgId: string,
  listId: string,
): Promise<AccessAccountsTable[]> {
  return db
    .selectFrom('access_accounts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('list_id', '=', listId)
    .orderBy('account')
    .execute();
}

/** The accounts of these lists held by departed people, with the person's e-mail and departure. */
export async function departedAccounts(db: Kysely<DB>, orgId: string, listIds: string[]) {
  const out = [];
  for (const ids of chunks(listIds)) {
    out.push(
      ...(await db
        .selectFrom('access_accounts as a')
        .innerJoin('people as p', 'p.id', 'a.person_id')
        .select(['a.list_id', 'a.account', 'p.id as person_id', 'p.email', 'p.status', 'p.departed_on'])
        .where('a.org_id', '=', orgId)
        .where('a.list_id', 'in', ids)
        .where('p.status', '=', 'departed')
        .execute()),
    );
  }
  return out;
}

/** Inserts an account list and its accounts. */
export async function insertAccountList(
  db: WriteTx,
  list: AccessAccountListsTable,
  accounts: AccessAccountsTable[],
): Promise<void> {
  await db.insertInto('access_account_lists').values(list).execute();
  await insertInBatches(db, 'access_accounts', accounts);
}

/** Inserts a campaign with its reviewers and items. */
export async function insertCampaign(
  db: WriteTx,
  campaign: AccessReviewCampaignsTable,
  reviewers: AccessReviewReviewersTable[],
  items: AccessReviewItemsTable[],
): Promise<void> {
  await db.insertInto('access_review_campaigns').values(campaign).execute();
  await insertInBatches(db, 'access_review_reviewers', reviewers);
  await insertInBatches(db, 'access_review_items', items);
}

/** The campaigns of an organization (or one), newest first. */
export async function listCampaignRows(
  db: Kysely<DB>,
  orgId: string,
  ids?: string[],
): Promise<AccessReviewCampaignsTable[]> {
  let q = db.selectFrom('access_review_campaigns').selectAll().where('org_id', '=', orgId);
  if (ids !== undefined) q = q.where('id', 'in', ids.length > 0 ? ids : ['']);
  return q.orderBy('opened_on', 'desc').orderBy('id', 'desc').execute();
}

/** The reviewers of campaigns, with their e-mail and name. */
export async function listReviewers(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('access_review_reviewers as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .select(['r.campaign_id', 'p.id', 'p.email', 'p.name'])
    .where('r.org_id', '=', orgId)
    .orderBy('p.email')
    .execute();
}

/** Item counts per campaign: total, decided, revoked, changed. */
export async function itemCounts(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('access_review_items')
    .select(['campaign_id', 'decision'])
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId)
    .groupBy(['campaign_id', 'decision'])
    .execute();
}

/** The items of a campaign in their order, with the deciding reviewer's e-mail. */
export async function listItems(db: Kysely<DB>, orgId: string, campaignId: string) {
  return db
    .selectFrom('access_review_items as i')
    .leftJoin('people as p', 'p.id', 'i.decided_by')
    .selectAll('i')
    .select('p.email as decided_by_email')
    .where('i.org_id', '=', orgId)
    .where('i.campaign_id', '=', campaignId)
    .orderBy('i.position')
    .execute();
}

/** Sets the decision of one item. */
export async function updateItemDecision(
  db: WriteTx,
  orgId: string,
  id: string,
  fields: Pick<AccessReviewItemsTable, 'decision' | 'comment' | 'decided_by' | 'decided_at'>,
): Promise<void> {
  await db
    .updateTable('access_review_items')
    .set(fields)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Follow-ups (of one campaign, or all) with their item's subject and campaign's system. */
export async function listFollowUps(
  db: Kysely<DB>,
  orgId: string,
  filter: { campaignId?: string; open?: boolean } = {},
) {
  let q = db
    .selectFrom('access_review_follow_ups as f')
    .innerJoin('access_review_items as i', 'i.id', 'f.item_id')
    .innerJoin('access_review_campaigns as c', 'c.id', 'f.campaign_id')
    .leftJoin('people as p', 'p.id', 'f.owner_id')
    .selectAll('f')
    .select([
      'i.subject_type',
      'i.subject',
      'i.label',
      'i.access',
      'i.nhi_id',
      'c.system',
      'c.account_list_id',
      'p.email as owner_email',
    ])
    .where('f.org_id', '=', orgId);
  if (filter.campaignId !== undefined) q = q.where('f.campaign_id', '=', filter.campaignId);
  if (filter.open === true) q = q.where('f.closed_on', 'is', null);
  return q.orderBy('f.due_on').orderBy('f.id').execute();
}

/** Inserts follow-ups. */
export async function insertFollowUps(db: WriteTx, rows: AccessReviewFollowUpsTable[]): Promise<void> {
  await insertInBatches(db, 'access_review_follow_ups', rows);
}

/** Removes the open follow-up of an item (its decision was changed before the campaign completed). */
export async function deleteOpenFollowUp(db: WriteTx, orgId: string, itemId: string): Promise<void> {
  await db
    .deleteFrom('access_review_follow_ups')
    .where('org_id', '=', orgId)
    .where('item_id', '=', itemId)
    .where('closed_on', 'is', null)
    .execute();
}

/** Closes one follow-up. */
export async function closeFollowUp(
  db: WriteTx,
  orgId: string,
  id: string,
  fields: Pick<AccessReviewFollowUpsTable, 'closed_on' | 'closed_by' | 'closure_ref'>,
): Promise<void> {
  await db
    .updateTable('access_review_follow_ups')
    .set(fields)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Sets the state fields of a campaign. */
export async function updateCampaign(
  db: WriteTx,
  orgId: string,
  id: string,
  fields: Partial<
    Pick<
      AccessReviewCampaignsTable,
      'status' | 'completed_on' | 'evidence_sha256' | 'follow_ups_evidence_sha256' | 'updated_at'
    >
  >,
): Promise<void> {
  await db
    .updateTable('access_review_campaigns')
    .set(fields)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** The active NHIs of a provider (and kind), by external id. */
export async function activeNhis(db: Kysely<DB>, orgId: string, provider: string, kind: string | null) {
  let q = db
    .selectFrom('nhis')
    .select(['id', 'external_id', 'name', 'kind', 'privilege_summary', 'owner_person_id'])
    .where('org_id', '=', orgId)
    .where('provider', '=', provider)
    .where('status', '=', 'active');
  if (kind !== null) q = q.where('kind', '=', kind);
  return q.orderBy('external_id').execute();
}

/** The current status and privileges of these NHIs. */
export async function nhiStates(db: Kysely<DB>, orgId: string, ids: string[]) {
  const out = [];
  for (const part of chunks(ids)) {
    out.push(
      ...(await db
        .selectFrom('nhis')
        .select(['id', 'status', 'privilege_summary'])
        .where('org_id', '=', orgId)
        .where('id', 'in', part)
        .execute()),
    );
  }
  return out;
}

/** The open findings raised by access-review rules, with their rule and subject. */
export async function openRuleFindings(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('access_review_findings as a')
    .innerJoin('findings as f', 'f.id', 'a.finding_id')
    .select(['a.finding_id', 'a.rule', 'a.subject_key'])
    .where('a.org_id', '=', orgId)
    .where('f.resolved_on', 'is', null)
    .execute();
}

/** Links findings to the rule and subject they are about. */
export async function insertRuleFindingLinks(db: WriteTx, rows: AccessReviewFindingsTable[]): Promise<void> {
  await insertInBatches(db, 'access_review_findings', rows);
}

/** The decided items of campaigns whose decision date falls in a window, for sampling. */
export async function decidedItemsIn(db: Kysely<DB>, orgId: string, window: { start: string; end: string }) {
  return db
    .selectFrom('access_review_items as i')
    .innerJoin('access_review_campaigns as c', 'c.id', 'i.campaign_id')
    .select(['i.id', 'i.subject', 'i.decision', 'i.decided_at', 'c.system'])
    .where('i.org_id', '=', orgId)
    .where('i.decided_at', 'is not', null)
    .where('i.decided_at', '>=', window.start)
    .where('i.decided_at', '<', `${window.end}T99`)
    .orderBy('i.decided_at')
    .orderBy('i.id')
    .execute();
}
