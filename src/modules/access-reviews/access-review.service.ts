/**
 * Access reviews (SPEC §3, issue 16, docs/decisions/0026): account lists,
 * campaigns, decisions (one by one or from a reviewer's spreadsheet), their
 * follow-ups tracked to closure, the completed campaign as system-generated
 * evidence, and the rule findings kept in step. Every write is one ledger
 * entry per import, decision batch or transition.
 */
import { Readable } from 'node:stream';
import {
  ACCESS_DECISIONS,
  ACCESS_REVIEW_FINDING_SOURCE,
  ACCOUNT_REVIEW_CONTROL,
  type AccessDecision,
  accessReviewFindings,
  type CampaignFacts,
  type FollowUpFacts,
  followUpClosedBy,
  followUpDueOn,
  type LatestAccountFacts,
  NHI_REVIEW_CONTROL,
  planFindingSync,
  type SubjectType,
  separationOfDutiesProblem,
} from '../../core/access-reviews/rules.js';
import { inputDateProblem, isIsoDate } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import type { Cadence } from '../../core/vocabulary.js';
import { type AccountListFormat, readAccountRows, sniffAccountList } from '../../importers/accounts/index.js';
import { type CsvRecord, readCsvRecords } from '../../importers/csv/read-csv.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type {
  AccessAccountsTable,
  AccessReviewCampaignsTable,
  AccessReviewFollowUpsTable,
  AccessReviewItemsTable,
} from '../../platform/db/schema.js';
import { AppError, ImportError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { recordSystemEvidence } from '../evidence/system-evidence.js';
import { applyRuleFindingSync } from '../findings/rule-finding-sync.js';
import { findPersonByEmail, listPeople } from '../people/person.repository.js';
import { emailSchema } from '../people/person.schema.js';
import {
  activeNhis,
  closeFollowUp,
  decidedItemsIn,
  deleteOpenFollowUp,
  departedAccounts,
  insertAccountList,
  insertCampaign,
  insertFollowUps,
  insertRuleFindingLinks,
  itemCounts,
  latestAccountLists,
  listAccountLists,
  listAccounts,
  listCampaignRows,
  listFollowUps,
  listItems,
  listReviewers,
  nhiStates,
  openRuleFindings,
  updateCampaign,
  updateItemDecision,
} from './access-review.repository.js';
import {
  type AccountListResult,
  accountListFormatSchema,
  type CampaignSummary,
  type CampaignView,
  campaignInputSchema,
  type DecideResult,
  type DecisionInput,
  decisionInputSchema,
  type FollowUpView,
  systemSchema,
} from './access-review.schema.js';

/** Who accepts a campaign's own record as evidence: auditready, at completion (never a person's review). */
export const ACCESS_REVIEW_REVIEWER: Actor = {
  type: 'system',
  id: 'access-review',
  label: 'auditready access review (system-generated at completion)',
};

/** The columns of a decisions CSV (a reviewer's spreadsheet). */
export const DECISION_COLUMNS = ['subject', 'decision', 'comment'] as const;

const MAX_CELL = 500;

function invalid(field: string, message: string): AppError {
  return new AppError('invalid_input', `${field}: ${message}`, { field });
}

function checkDate(value: string, field: string): string {
  const problem = inputDateProblem(value);
  if (problem) throw invalid(field, problem);
  return value;
}

// ---------------------------------------------------------------- account lists

/** One account list file to import. */
export interface AccountListImport {
  system: string;
  /** The file name the errors name. */
  file: string;
  input: Readable;
  /** The file's format; by default told from its content (CSV, or an Okta or GitHub JSON export). */
  format?: AccountListFormat | string;
  /** The date the list describes (today by default). */
  asOf?: string;
  /** T for follow-up closure and rule findings (today by default). */
  at?: string;
}

/** Whether a stored file is a CSV or a JSON export, from its first bytes. */
async function sniffBlob(blobs: EvidenceStores['blobs'], sha256: string): Promise<'csv' | 'json'> {
  const stream = await blobs.open(sha256);
  let head = '';
  for await (const chunk of stream) {
    head += String(chunk);
    if (head.trim() !== '' || head.length > 4096) break;
  }
  stream.destroy();
  return sniffAccountList(head);
}

/**
 * Imports a snapshot of one system's accounts (CSV
 * `system,account,email,role,last_login`, an Okta users export or a GitHub
 * organization members export), all or nothing: a bad row names its file,
 * line and column (or JSON path) and reason, and nothing is stored. The original file
 * is kept content-addressed; accounts join to people by e-mail
 * (case-insensitive). A later list closes the follow-ups it proves done.
 * The same file for the same date again changes nothing.
 */
export async function importAccountList(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  options: AccountListImport,
): Promise<AccountListResult> {
  const parsedSystem = systemSchema.safeParse(options.system);
  if (!parsedSystem.success) throw invalid('system', parsedSystem.error.issues[0]!.message);
  const system = parsedSystem.data;
  const at = checkDate(options.at ?? todayIso(), 'at');
  const asOf = checkDate(options.asOf ?? at, 'asOf');
  const chosen = options.format === undefined ? null : accountListFormatSchema.safeParse(options.format);
  if (chosen && !chosen.success) throw invalid('format', chosen.error.issues[0]!.message);
  const { database, blobs } = stores;
  const blob = await blobs.put(options.input);
  const format = chosen?.data ?? (await sniffBlob(blobs, blob.sha256));
  const people = new Map((await listPeople(database.db, orgId)).map((p) => [p.email, p]));
  const accounts: AccessAccountsTable[] = [];
  const seen = new Set<string>();
  const listId = newId();
  let listFormat: AccountListFormat = format === 'json' ? 'okta-users' : format;
  for await (const row of readAccountRows(await blobs.open(blob.sha256), options.file, format)) {
    listFormat = row.format;
    for (const field of ['account', 'email', 'role', 'last_login'] as const)
      if ((field === 'last_login' ? row.lastLogin : row[field]).length > MAX_CELL)
        throw row.error(field, `longer than ${MAX_CELL} characters`);
    if (row.system !== null && row.system !== system)
      throw row.error('system', `the list is of system "${system}", this row says "${row.system}"`);
    const account = row.account;
    if (account === '') throw row.error('account', 'the account name is empty');
    if (seen.has(account)) throw row.error('account', `account "${account}" is listed twice`);
    seen.add(account);
    let email: string | null = null;
    if (row.email !== '') {
      const parsed = emailSchema.safeParse(row.email);
      if (!parsed.success) throw row.error('email', `"${row.email}" is not a valid e-mail address`);
      email = parsed.data;
    }
    const role = row.role;
    if (role === '') throw row.error('role', 'say the role, group or privilege of the account');
    const lastLogin = row.lastLogin;
    if (lastLogin !== '' && (!isIsoDate(lastLogin.slice(0, 10)) || Number.isNaN(Date.parse(lastLogin))))
      throw row.error('last_login', `"${lastLogin}" is not an ISO-8601 date or time`);
    accounts.push({
      list_id: listId,
      org_id: orgId,
      account,
      email,
      person_id: email ? (people.get(email)?.id ?? null) : null,
      role,
      last_login: lastLogin === '' ? null : lastLogin,
    });
  }
  if (accounts.length === 0)
    throw new ImportError({ file: options.file }, 'the account list has no accounts');

  const [latest] = await listAccountLists(database.db, orgId, system);
  const matchedPeople = accounts.filter((a) => a.person_id !== null).length;
  if (latest && latest.sha256 === blob.sha256 && latest.as_of === asOf) {
    return {
      status: 'unchanged',
      listId: latest.id,
      system,
      format: listFormat,
      asOf,
      accounts: latest.account_count,
      matchedPeople,
      followUpsClosed: 0,
    };
  }
  const current = new Map(accounts.map((a) => [a.account, { access: a.role, active: true }]));
  const isLatest = !latest || latest.as_of <= asOf;
  const open = isLatest
    ? (await listFollowUps(database.db, orgId, { open: true })).filter(
        (f) => f.subject_type === 'account' && f.system === system,
      )
    : [];
  const closing = open.filter((f) =>
    followUpClosedBy(
      { action: f.action as 'revoke' | 'change', access: f.access },
      current.get(f.subject) ?? null,
    ),
  );
  const followUpRecords = await followUpRecordsAfterClosing(
    stores,
    orgId,
    closing.map((f) => f.id),
    asOf,
  );
  await write(database, { actor, orgId }, async (w) => {
    const list = {
      id: listId,
      org_id: orgId,
      system,
      as_of: asOf,
      format: listFormat,
      file_name: options.file.split(/[\\/]/).pop()!.slice(0, 200),
      sha256: blob.sha256,
      account_count: accounts.length,
      imported_at: nowIso(),
    };
    await insertAccountList(w.tx, list, accounts);
    for (const f of closing)
      await closeFollowUp(w.tx, orgId, f.id, {
        closed_on: asOf,
        closed_by: 'account-list',
        closure_ref: listId,
      });
    w.record({
      action: 'import',
      recordType: 'access-account-list',
      recordId: listId,
      change: { ...list, matchedPeople, followUpsClosed: closing.map((f) => f.id) },
    });
    await recordFollowUpEvidence(w, orgId, followUpRecords);
    await syncRuleFindings(w, orgId, at);
  });
  return {
    status: 'imported',
    listId,
    system,
    format: listFormat,
    asOf,
    accounts: accounts.length,
    matchedPeople,
    followUpsClosed: closing.length,
  };
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

function followUpView(f: Awaited<ReturnType<typeof listFollowUps>>[number]): FollowUpView {
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

// ---------------------------------------------------------------- decisions

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

// ---------------------------------------------------------------- completion and evidence

interface PendingEvidence {
  campaignId: string;
  requirementCodes: string[];
  stored: { sha256: string; size: number; fileName: string };
  effectiveOn: string;
  description: string;
  column: 'evidence_sha256' | 'follow_ups_evidence_sha256';
}

async function storeJson(stores: EvidenceStores, json: unknown): Promise<{ sha256: string; size: number }> {
  const blob = await stores.blobs.put(Readable.from([Buffer.from(`${JSON.stringify(json, null, 2)}\n`)]));
  return { sha256: blob.sha256, size: blob.size };
}

function requirementsOf(campaign: CampaignView, which: 'campaign' | 'followUps'): string[] {
  return [
    ...(campaign.items.some((i) => i.subjectType === 'account') ? [ACCOUNT_REVIEW_CONTROL[which]] : []),
    ...(campaign.items.some((i) => i.subjectType === 'nhi') ? [NHI_REVIEW_CONTROL[which]] : []),
  ];
}

/**
 * The follow-ups' closure record of completed campaigns whose last open
 * follow-ups these closures close, stored and ready to be recorded as evidence.
 */
async function followUpRecordsAfterClosing(
  stores: EvidenceStores,
  orgId: string,
  closingIds: string[],
  closedOn: string,
  completing?: CampaignView,
): Promise<PendingEvidence[]> {
  const closing = new Set(closingIds);
  const open = await listFollowUps(stores.database.db, orgId, { open: true });
  const campaignIds = new Set(open.filter((f) => closing.has(f.id)).map((f) => f.campaign_id));
  if (completing) campaignIds.add(completing.id);
  const out: PendingEvidence[] = [];
  for (const id of campaignIds) {
    if (open.some((f) => f.campaign_id === id && !closing.has(f.id))) continue;
    const campaign = completing?.id === id ? completing : await getCampaign(stores.database, orgId, id);
    if (campaign.status !== 'completed' && completing?.id !== id) continue;
    if (campaign.followUps.length === 0 && completing?.id !== id) continue;
    const followUps = campaign.followUps.map((f) =>
      closing.has(f.id) ? { ...f, closedOn, closedBy: f.closedBy ?? 'pending' } : f,
    );
    const lastClosed = followUps.reduce(
      (d, f) => (f.closedOn && f.closedOn > d ? f.closedOn : d),
      '0000-00-00',
    );
    const effectiveOn =
      lastClosed > (completing?.completedOn ?? '') ? lastClosed : (completing?.completedOn ?? closedOn);
    const json = {
      kind: 'auditready access-review follow-ups',
      campaign: {
        id: campaign.id,
        system: campaign.system,
        openedOn: campaign.openedOn,
        dueOn: campaign.dueOn,
      },
      followUps: followUps.map((f) => ({
        subject: f.subject,
        action: f.action,
        owner: f.ownerEmail,
        dueOn: f.dueOn,
        closedOn: f.closedOn,
        closedBy: f.closedBy,
        closureRef: f.closureRef,
      })),
    };
    const stored = await storeJson(stores, json);
    out.push({
      campaignId: id,
      requirementCodes: requirementsOf(campaign, 'followUps'),
      stored: { ...stored, fileName: `access-review-follow-ups-${campaign.id}.json` },
      effectiveOn,
      description: `Follow-ups of the access review of ${campaign.system}: ${followUps.length} revoke/change decision(s), every one closed`,
      column: 'follow_ups_evidence_sha256',
    });
  }
  return out;
}

/** Records pending evidence on its requirements (accepted by auditready) and notes it on the campaign. */
async function recordFollowUpEvidence(
  w: Write,
  orgId: string,
  pending: readonly PendingEvidence[],
): Promise<void> {
  for (const p of pending) {
    await recordSystemEvidence(w, orgId, {
      requirementCodes: p.requirementCodes,
      stored: {
        sha256: p.stored.sha256,
        size: p.stored.size,
        fileName: p.stored.fileName,
        mediaType: 'application/json',
        url: null,
      },
      effectiveOn: p.effectiveOn,
      description: p.description,
      reviewer: ACCESS_REVIEW_REVIEWER,
    });
    await updateCampaign(w.tx, orgId, p.campaignId, { [p.column]: p.stored.sha256, updated_at: nowIso() });
  }
}

/**
 * Completes a campaign whose every item is decided: its record (items,
 * decisions, follow-ups) becomes system-generated evidence on the
 * access-review requirements of the starter controls, effective at
 * completion; once every follow-up is closed, their closure record proves
 * the follow-up requirement too.
 */
export async function completeCampaign(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  idOrPrefix: string,
  options: { at?: string } = {},
): Promise<CampaignView> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const campaign = await getCampaign(stores.database, orgId, idOrPrefix, { at });
  if (campaign.status === 'completed')
    throw new AppError('conflict', `the access review of ${campaign.system} is already completed`);
  const undecided = campaign.items.filter((i) => i.decision === null);
  if (undecided.length > 0)
    throw new AppError(
      'conflict',
      `${undecided.length} of ${campaign.total} items are not decided yet (first: ${undecided[0]!.subject})`,
    );
  const completed: CampaignView = { ...campaign, status: 'completed', completedOn: at, overdue: false };
  const record = {
    kind: 'auditready access-review campaign',
    campaign: {
      id: campaign.id,
      system: campaign.system,
      cadence: campaign.cadence,
      openedOn: campaign.openedOn,
      dueOn: campaign.dueOn,
      completedOn: at,
      accountListAsOf: campaign.accountListAsOf,
      nhiProvider: campaign.nhiProvider,
      nhiKind: campaign.nhiKind,
      reviewers: campaign.reviewers.map((r) => r.email),
    },
    items: campaign.items.map((i) => ({
      subjectType: i.subjectType,
      subject: i.subject,
      label: i.label,
      access: i.access,
      decision: i.decision,
      comment: i.comment,
      decidedBy: i.decidedBy,
      decidedAt: i.decidedAt,
    })),
    followUps: campaign.followUps.map((f) => ({
      subject: f.subject,
      action: f.action,
      owner: f.ownerEmail,
      dueOn: f.dueOn,
      closedOn: f.closedOn,
    })),
  };
  const stored = await storeJson(stores, record);
  const pending: PendingEvidence[] = [
    {
      campaignId: campaign.id,
      requirementCodes: requirementsOf(campaign, 'campaign'),
      stored: { ...stored, fileName: `access-review-${campaign.id}.json` },
      effectiveOn: at,
      description: `Access review of ${campaign.system} completed on ${at}: ${campaign.total} items (${campaign.revoked} revoke, ${campaign.changed} change), reviewed by ${campaign.reviewers.map((r) => r.email).join(', ')}`,
      column: 'evidence_sha256',
    },
    ...(await followUpRecordsAfterClosing(stores, orgId, [], at, completed)),
  ];
  await write(stores.database, { actor, orgId }, async (w) => {
    await updateCampaign(w.tx, orgId, campaign.id, {
      status: 'completed',
      completed_on: at,
      updated_at: nowIso(),
    });
    w.record({
      action: 'complete',
      recordType: 'access-review-campaign',
      recordId: campaign.id,
      change: { status: ['open', 'completed'], completedOn: at, evidenceSha256: stored.sha256 },
    });
    await recordFollowUpEvidence(w, orgId, pending);
    await syncRuleFindings(w, orgId, at);
  });
  return getCampaign(stores.database, orgId, campaign.id, { at });
}

/** Marks a follow-up done by hand, with the evidence of it (a ticket or change reference). */
export async function closeFollowUpWithEvidence(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  input: { followUpId: string; reference: string; at?: string },
): Promise<FollowUpView> {
  const at = checkDate(input.at ?? todayIso(), 'at');
  const reference = input.reference.trim();
  if (reference === '' || reference.length > 500)
    throw invalid('reference', 'name the evidence of the closure (a ticket, a change), up to 500 characters');
  const followUp = (await listFollowUps(stores.database.db, orgId)).find((f) => f.id === input.followUpId);
  if (!followUp) throw notFound('follow-up', input.followUpId);
  if (followUp.closed_on !== null)
    throw new AppError('conflict', `the follow-up of ${followUp.subject} is already closed`);
  const pending = await followUpRecordsAfterClosing(stores, orgId, [followUp.id], at);
  await write(stores.database, { actor, orgId }, async (w) => {
    await closeFollowUp(w.tx, orgId, followUp.id, {
      closed_on: at,
      closed_by: 'evidence',
      closure_ref: reference,
    });
    w.record({
      action: 'close',
      recordType: 'access-review-follow-up',
      recordId: followUp.id,
      change: { closedOn: at, closedBy: 'evidence', closureRef: reference },
    });
    await recordFollowUpEvidence(w, orgId, pending);
    await syncRuleFindings(w, orgId, at);
  });
  const [closed] = (await listFollowUps(stores.database.db, orgId)).filter((f) => f.id === followUp.id);
  return followUpView(closed!);
}

/**
 * Brings access reviews up to date at T: closes the NHI follow-ups the
 * inventory proves done (the identity gone, disabled, or its privileges
 * changed) and keeps the rule findings in step (overdue campaigns and
 * follow-ups appear with time, without any other write).
 */
export async function refreshAccessReviews(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  options: { at?: string } = {},
): Promise<{ followUpsClosed: number; findingsOpened: number; findingsResolved: number }> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const open = (await listFollowUps(stores.database.db, orgId, { open: true })).filter(
    (f) => f.subject_type === 'nhi' && f.nhi_id !== null,
  );
  const states = new Map(
    (
      await nhiStates(
        stores.database.db,
        orgId,
        open.map((f) => f.nhi_id!),
      )
    ).map((n) => [n.id, n]),
  );
  const closing = open.filter((f) => {
    const n = states.get(f.nhi_id!);
    return followUpClosedBy(
      { action: f.action as 'revoke' | 'change', access: f.access },
      n ? { access: n.privilege_summary ?? '', active: n.status === 'active' } : null,
    );
  });
  const pending = await followUpRecordsAfterClosing(
    stores,
    orgId,
    closing.map((f) => f.id),
    at,
  );
  return write(stores.database, { actor, orgId }, async (w) => {
    for (const f of closing)
      await closeFollowUp(w.tx, orgId, f.id, {
        closed_on: at,
        closed_by: 'nhi-inventory',
        closure_ref: f.nhi_id,
      });
    if (closing.length > 0)
      w.record({
        action: 'close',
        recordType: 'access-review-follow-up',
        recordId: closing[0]!.campaign_id,
        change: { closedOn: at, closedBy: 'nhi-inventory', followUps: closing.map((f) => f.id) },
      });
    await recordFollowUpEvidence(w, orgId, pending);
    const sync = await syncRuleFindings(w, orgId, at);
    return { followUpsClosed: closing.length, findingsOpened: sync.opened, findingsResolved: sync.resolved };
  });
}

/**
 * After an NHI import: when open follow-ups are about NHIs, brings them up to
 * date against the inventory ({@link refreshAccessReviews}); nothing is
 * written otherwise.
 */
export async function closeAccessReviewFollowUpsOnNhis(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  options: { at?: string } = {},
): Promise<void> {
  const open = await listFollowUps(stores.database.db, orgId, { open: true });
  if (open.some((f) => f.subject_type === 'nhi')) await refreshAccessReviews(stores, actor, orgId, options);
}

// ---------------------------------------------------------------- rule findings

/**
 * Keeps the access-review rule findings in step at T inside the caller's
 * write: opens what the rules want and is not open, resolves what is open
 * and no longer wanted; one ledger entry when anything changed.
 */
async function syncRuleFindings(
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

// ---------------------------------------------------------------- population

/** The decided items of access reviews in a window, for sampling (see access-review.populations.ts). */
export async function decidedItems(
  database: Database,
  orgId: string,
  window: { start: string; end: string },
) {
  return decidedItemsIn(database.db, orgId, window);
}
