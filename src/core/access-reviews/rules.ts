/**
 * Access reviews (SPEC §3, issue 16, docs/decisions/0026) as pure rules:
 * separation of duties, follow-ups of revoke/change decisions and their
 * closure by a later account list or NHI inventory, the rule findings
 * (campaign overdue, follow-up overdue, a departed person's account still
 * present) and the plan that keeps the stored findings in step with them.
 * The date T is always an input.
 */
import { remediationDueOn } from '../at-date.js';
import { addDays, type IsoDate } from '../dates.js';

/** What a reviewer decides for one item. */
export const ACCESS_DECISIONS = ['keep', 'revoke', 'change'] as const;
/** One of {@link ACCESS_DECISIONS}. */
export type AccessDecision = (typeof ACCESS_DECISIONS)[number];

/** What a campaign reviews: a people account of an account list, or a non-human identity. */
export const SUBJECT_TYPES = ['account', 'nhi'] as const;
/** One of {@link SUBJECT_TYPES}. */
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** Days a revoke or change decision has to be carried out (AC-03: within 5 business days). */
export const FOLLOW_UP_DAYS = 7;

/** The starter control of people-account reviews, and its requirements (campaign; follow-ups closed). */
export const ACCOUNT_REVIEW_CONTROL = {
  control: 'AC-03',
  campaign: 'AC-03-E1',
  followUps: 'AC-03-E2',
} as const;
/** The starter control of NHI reviews, and its requirements (campaign; follow-ups closed). */
export const NHI_REVIEW_CONTROL = {
  control: 'NHI-06',
  campaign: 'NHI-06-E1',
  followUps: 'NHI-06-E2',
} as const;
/** The starter control of removing a leaver's access. */
export const LEAVER_CONTROL = 'AC-06';

/** Who an item is about, as separation of duties reads it. */
export interface ItemSubject {
  subjectType: SubjectType;
  subject: string;
  /** The person whose account it is (accounts). */
  personId: string | null;
  /** The person who owns the identity (NHIs). */
  ownerPersonId: string | null;
}

/**
 * Why a reviewer may not decide on an item (their own account, or an NHI
 * they own), or null when they may.
 */
export function separationOfDutiesProblem(item: ItemSubject, reviewerPersonId: string): string | null {
  if (item.subjectType === 'account' && item.personId === reviewerPersonId)
    return `${item.subject} is the reviewer's own account: another reviewer must decide on it (separation of duties)`;
  if (item.subjectType === 'nhi' && item.ownerPersonId === reviewerPersonId)
    return `${item.subject} is a non-human identity the reviewer owns: another reviewer must decide on it (separation of duties)`;
  return null;
}

/** The due date of the follow-up of a revoke or change decided on a date. */
export function followUpDueOn(decidedOn: IsoDate): IsoDate {
  return addDays(decidedOn, FOLLOW_UP_DAYS);
}

/** An open follow-up as closure reads it: what was decided on which subject with which access. */
export interface FollowUpSubject {
  action: 'revoke' | 'change';
  /** The access the subject had when it was reviewed. */
  access: string;
}

/**
 * Whether a later observation of the subject proves its follow-up done:
 * a revoke when the subject is gone (absent, or an NHI no longer active), a
 * change when it is gone or its access differs from what was reviewed.
 * `current` is null when the subject is absent.
 */
export function followUpClosedBy(
  followUp: FollowUpSubject,
  current: { access: string; active: boolean } | null,
): boolean {
  if (current === null || !current.active) return true;
  return followUp.action === 'change' && current.access !== followUp.access;
}

/** The rules of access reviews, each raising findings on starter controls. */
export const ACCESS_REVIEW_RULES = ['campaign-overdue', 'follow-up-overdue', 'departed-account'] as const;
/** One of {@link ACCESS_REVIEW_RULES}. */
export type AccessReviewRule = (typeof ACCESS_REVIEW_RULES)[number];

/** The `source` of the findings access-review rules raise. */
export const ACCESS_REVIEW_FINDING_SOURCE = 'access-review-rule';

/** A campaign as the rules read it. */
export interface CampaignFacts {
  id: string;
  system: string;
  dueOn: IsoDate;
  status: 'open' | 'completed';
  hasAccounts: boolean;
  hasNhis: boolean;
  decided: number;
  total: number;
}

/** A follow-up as the rules read it. */
export interface FollowUpFacts {
  id: string;
  system: string;
  subjectType: SubjectType;
  label: string;
  action: 'revoke' | 'change';
  ownerId: string | null;
  dueOn: IsoDate;
  closedOn: IsoDate | null;
}

/** An account of the latest account list of a system, with its person's status. */
export interface LatestAccountFacts {
  system: string;
  asOf: IsoDate;
  account: string;
  personId: string;
  personEmail: string;
  personStatus: string;
  departedOn: IsoDate | null;
}

/** A finding the rules want open, keyed by rule and subject. */
export interface WantedFinding {
  rule: AccessReviewRule;
  /** What the finding is about (`campaign:<id>`, `follow-up:<id>`, `account:<system>/<account>`). */
  key: string;
  title: string;
  description: string;
  severity: 'medium' | 'high';
  ownerId: string | null;
  controlCodes: string[];
}

/** Everything the rules read at T. */
export interface AccessReviewRuleInput {
  at: IsoDate;
  campaigns: readonly CampaignFacts[];
  followUps: readonly FollowUpFacts[];
  latestAccounts: readonly LatestAccountFacts[];
}

/** The findings the access-review rules want open at T, in a stable order. */
export function accessReviewFindings(input: AccessReviewRuleInput): WantedFinding[] {
  const out: WantedFinding[] = [];
  for (const c of input.campaigns) {
    if (c.status !== 'open' || input.at <= c.dueOn) continue;
    const controls = [
      ...(c.hasAccounts ? [ACCOUNT_REVIEW_CONTROL.control] : []),
      ...(c.hasNhis ? [NHI_REVIEW_CONTROL.control] : []),
    ];
    out.push({
      rule: 'campaign-overdue',
      key: `campaign:${c.id}`,
      title: `Access review of ${c.system} overdue since ${c.dueOn}`,
      description: `The access-review campaign of ${c.system} was due on ${c.dueOn} and is not completed (${c.decided} of ${c.total} items decided).`,
      severity: 'high',
      ownerId: null,
      controlCodes: controls,
    });
  }
  for (const f of input.followUps) {
    if (f.closedOn !== null || input.at <= f.dueOn) continue;
    out.push({
      rule: 'follow-up-overdue',
      key: `follow-up:${f.id}`,
      title: `Access ${f.action} of ${f.label} on ${f.system} overdue since ${f.dueOn}`,
      description: `An access review decided to ${f.action} the access of ${f.label} on ${f.system}; it was due by ${f.dueOn} and no later account list or inventory shows it done.`,
      severity: 'high',
      ownerId: f.ownerId,
      controlCodes: [f.subjectType === 'nhi' ? NHI_REVIEW_CONTROL.control : ACCOUNT_REVIEW_CONTROL.control],
    });
  }
  for (const a of input.latestAccounts) {
    if (a.personStatus !== 'departed') continue;
    if (a.departedOn !== null && a.departedOn > a.asOf) continue;
    out.push({
      rule: 'departed-account',
      key: `account:${a.system}/${a.account}`,
      title: `Departed ${a.personEmail} still has account ${a.account} on ${a.system}`,
      description: `${a.personEmail} departed${a.departedOn ? ` on ${a.departedOn}` : ''} and is still listed in the account list of ${a.system} as of ${a.asOf}.`,
      severity: 'high',
      ownerId: null,
      controlCodes: [LEAVER_CONTROL, ACCOUNT_REVIEW_CONTROL.control],
    });
  }
  return out.sort((a, b) => (a.rule + a.key < b.rule + b.key ? -1 : a.rule + a.key > b.rule + b.key ? 1 : 0));
}

/** A finding an access-review rule raised earlier and that is still open. */
export interface OpenAccessReviewFinding {
  findingId: string;
  rule: string;
  key: string;
}

/** What to do to the stored findings: open the wanted ones not open yet, resolve the open ones no longer wanted. */
export interface FindingSyncPlan<F extends KeyedFinding = WantedFinding> {
  open: { finding: F; dueOn: IsoDate }[];
  resolve: string[];
}

/** A wanted rule finding as the sync reads it: its rule, subject key and severity (policies use it too). */
export interface KeyedFinding {
  rule: string;
  key: string;
  severity: 'medium' | 'high';
}

/**
 * The plan that keeps the stored rule findings in step with what the rules
 * want at T ({@link accessReviewFindings}, and the policy rules').
 */
export function planFindingSync<F extends KeyedFinding>(
  wanted: readonly F[],
  open: readonly OpenAccessReviewFinding[],
  at: IsoDate,
): FindingSyncPlan<F> {
  const openKeys = new Set(open.map((o) => `${o.rule}|${o.key}`));
  const wantedKeys = new Set(wanted.map((w) => `${w.rule}|${w.key}`));
  return {
    open: wanted
      .filter((w) => !openKeys.has(`${w.rule}|${w.key}`))
      .map((finding) => ({ finding, dueOn: remediationDueOn(finding.severity, at) })),
    resolve: open
      .filter((o) => !wantedKeys.has(`${o.rule}|${o.key}`))
      .map((o) => o.findingId)
      .sort(),
  };
}
