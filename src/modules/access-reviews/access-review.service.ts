import type { AccessDecision, SubjectType } from '../../core/access-reviews/rules.js';
import { inputDateProblem } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import type { Cadence } from '../../core/vocabulary.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { AccessReviewCampaignsTable, AccessReviewItemsTable } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import { findPersonByEmail } from '../people/person.repository.js';
import {
  activeNhis,
  decidedItemsIn,
  insertCampaign,
  itemCounts,
  listAccountLists,
  listAccounts,
  listCampaignRows,
  listFollowUps,
  listItems,
  listReviewers,
} from './access-review.repository.js';
import {
  type CampaignSummary,
  type CampaignView,
  campaignInputSchema,
  type FollowUpView,
} from './access-review.schema.js';
import { syncRuleFindings } from './access-review-findings.service.js';

/** Who accepts a campaign's own record as evidence: auditready, at completion (never a person's review). */
export const ACCESS_REVIEW_REVIEWER: Actor = {
  type: 'system',
  id: 'access-review',
  label: 'auditready access review (system-generated at completion)',
};

export function invalid(field: string, message: string): AppError {
  return new AppError('invalid_input', `${field}: ${message}`, { field });
}

export function checkDate(value: string, field: string): string {
  const problem = inputDateProblem(value);
  if (problem) throw invalid(field, problem);
  return value;
}

// ---------------------------------------------------------------- campaigns

/**
 * Opens a campaign over a system: the people accounts of its latest account
 * list and/or the active NHIs of a provider (and kind), with the named
 * reviewers (active people), due date and cadence.
 */
export async function createCampaign(
  database: Database,
  actor: Actor,
  orgId: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<CampaignView> {
  const parsed = campaignInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'campaign';
    throw new AppError('invalid_input', `${field}: ${issue.message}`, { field, issues: parsed.error.issues });
  }
  const c = parsed.data;
  const openedOn = checkDate(options.at ?? todayIso(), 'at');
  if (c.dueOn < openedOn)
    throw invalid('dueOn', `the due date ${c.dueOn} is before the campaign opens (${openedOn})`);
  const reviewers: { id: string; email: string }[] = [];
  for (const email of new Set(c.reviewers)) {
    const person = await findPersonByEmail(database.db, orgId, email);
    if (!person)
      throw new AppError('not_found', `no person with e-mail ${email} in the roster`, { field: 'reviewers' });
    if (person.status !== 'active') throw invalid('reviewers', `${email} has departed and cannot review`);
    reviewers.push(person);
  }
  const id = newId();
  const items: AccessReviewItemsTable[] = [];
  let accountListId: string | null = null;
  if (c.accounts) {
    const [list] = await listAccountLists(database.db, orgId, c.system);
    if (!list && c.nhiProvider === null)
      throw invalid(
        'system',
        `no account list of ${c.system} yet: import one first (access-reviews accounts import FILE --system ${c.system})`,
      );
    if (list) {
      accountListId = list.id;
      for (const a of await listAccounts(database.db, orgId, list.id)) {
        items.push({
          id: newId(),
          campaign_id: id,
          org_id: orgId,
          position: items.length,
          subject_type: 'account',
          subject: a.account,
          label: a.email ?? a.account,
          email: a.email,
          person_id: a.person_id,
          nhi_id: null,
          owner_person_id: null,
          access: a.role,
          decision: null,
          comment: null,
          decided_by: null,
          decided_at: null,
        });
      }
    }
  }
  if (c.nhiProvider !== null) {
    for (const n of await activeNhis(database.db, orgId, c.nhiProvider, c.nhiKind)) {
      items.push({
        id: newId(),
        campaign_id: id,
        org_id: orgId,
        position: items.length,
        subject_type: 'nhi',
        subject: n.external_id,
        label: n.name,
        email: null,
        person_id: null,
        nhi_id: n.id,
        owner_person_id: n.owner_person_id,
        access: n.privilege_summary ?? n.kind,
        decision: null,
        comment: null,
        decided_by: null,
        decided_at: null,
      });
    }
  }
  if (items.length === 0)
    throw invalid(
      'nhiProvider',
      'the campaign would review nothing: no accounts and no active NHIs in its scope',
    );
  const now = nowIso();
  const campaign: AccessReviewCampaignsTable = {
    id,
    org_id: orgId,
    system: c.system,
    cadence: c.cadence,
    opened_on: openedOn,
    due_on: c.dueOn,
    account_list_id: accountListId,
    nhi_provider: c.nhiProvider,
    nhi_kind: c.nhiKind,
    status: 'open',
    completed_on: null,
    evidence_sha256: null,
    follow_ups_evidence_sha256: null,
    created_at: now,
    updated_at: now,
  };
  await write(database, { actor, orgId }, async (w) => {
    await insertCampaign(
      w.tx,
      campaign,
      reviewers.map((r) => ({ campaign_id: id, org_id: orgId, person_id: r.id })),
      items,
    );
    w.record({
      action: 'create',
      recordType: 'access-review-campaign',
      recordId: id,
      change: {
        ...campaign,
        reviewers: reviewers.map((r) => r.email),
        items: items.length,
        accounts: items.filter((i) => i.subject_type === 'account').length,
        nhis: items.filter((i) => i.subject_type === 'nhi').length,
      },
    });
    await syncRuleFindings(w, orgId, openedOn);
  });
  return getCampaign(database, orgId, id);
}

/** Every campaign of an organization with its progress, newest first. */
export async function listCampaigns(
  database: Database,
  orgId: string,
  options: { at?: string } = {},
): Promise<CampaignSummary[]> {
  return summaries(database, orgId, undefined, options.at ?? todayIso());
}

async function summaries(
  database: Database,
  orgId: string,
  ids: string[] | undefined,
  at: string,
): Promise<CampaignSummary[]> {
  const rows = await listCampaignRows(database.db, orgId, ids);
  const reviewers = await listReviewers(database.db, orgId);
  const counts = await itemCounts(database.db, orgId);
  const followUps = await listFollowUps(database.db, orgId, { open: true });
  const lists = new Map((await listAccountLists(database.db, orgId)).map((l) => [l.id, l.as_of]));
  return rows.map((r) => {
    const mine = counts.filter((c) => c.campaign_id === r.id);
    const n = (d: string | null) => Number(mine.find((c) => c.decision === d)?.n ?? 0);
    const total = mine.reduce((s, c) => s + Number(c.n), 0);
    return {
      id: r.id,
      system: r.system,
      cadence: r.cadence as Cadence,
      openedOn: r.opened_on,
      dueOn: r.due_on,
      status: r.status as 'open' | 'completed',
      completedOn: r.completed_on,
      nhiProvider: r.nhi_provider,
      nhiKind: r.nhi_kind,
      accountListAsOf: r.account_list_id ? (lists.get(r.account_list_id) ?? null) : null,
      reviewers: reviewers
        .filter((p) => p.campaign_id === r.id)
        .map((p) => ({ id: p.id, email: p.email, name: p.name })),
      total,
      decided: total - n(null),
      revoked: n('revoke'),
      changed: n('change'),
      openFollowUps: followUps.filter((f) => f.campaign_id === r.id).length,
      overdue: r.status === 'open' && at > r.due_on,
    };
  });
}

export function followUpView(f: Awaited<ReturnType<typeof listFollowUps>>[number]): FollowUpView {
  return {
    id: f.id,
    itemId: f.item_id,
    subject: f.subject,
    label: f.label,
    action: f.action as FollowUpView['action'],
    ownerId: f.owner_id,
    ownerEmail: f.owner_email,
    dueOn: f.due_on,
    closedOn: f.closed_on,
    closedBy: f.closed_by as FollowUpView['closedBy'],
    closureRef: f.closure_ref,
  };
}

/** One campaign (by id or unique id prefix) with its items and follow-ups. */
export async function getCampaign(
  database: Database,
  orgId: string,
  idOrPrefix: string,
  options: { at?: string } = {},
): Promise<CampaignView> {
  const id = await resolveCampaignId(database, orgId, idOrPrefix);
  const [summary] = await summaries(database, orgId, [id], options.at ?? todayIso());
  const items = await listItems(database.db, orgId, id);
  const followUps = await listFollowUps(database.db, orgId, { campaignId: id });
  return {
    ...summary!,
    items: items.map((i) => ({
      id: i.id,
      subjectType: i.subject_type as SubjectType,
      subject: i.subject,
      label: i.label,
      email: i.email,
      personId: i.person_id,
      ownerPersonId: i.owner_person_id,
      access: i.access,
      decision: i.decision as AccessDecision | null,
      comment: i.comment,
      decidedBy: i.decided_by_email,
      decidedAt: i.decided_at,
    })),
    followUps: followUps.map(followUpView),
  };
}

async function resolveCampaignId(database: Database, orgId: string, idOrPrefix: string): Promise<string> {
  const key = idOrPrefix.trim();
  const matches = (await listCampaignRows(database.db, orgId)).filter(
    (c) => c.id === key || (key.length >= 4 && c.id.startsWith(key)),
  );
  if (matches.length === 0) throw notFound('access review', idOrPrefix);
  if (matches.length > 1) throw new AppError('invalid_input', `access review id ${idOrPrefix} is ambiguous`);
  return matches[0]!.id;
}

// ---------------------------------------------------------------- population

/** The decided items of access reviews in a window, for sampling (see access-review.populations.ts). */
export async function decidedItems(
  database: Database,
  orgId: string,
  window: { start: string; end: string },
) {
  return decidedItemsIn(database.db, orgId, window);
}
