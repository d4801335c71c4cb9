/**
 * Policies with acknowledgements (SPEC §3, issue 17, docs/decisions/0029) as
 * pure rules: which version is in force, when its review falls due, who is
 * asked to acknowledge it and by when, the share acknowledged per team, the
 * rule findings (not approved, review overdue, acknowledgement overdue) and
 * the plan's "policies approved and acknowledged" milestone. The date T is
 * always an input.
 */
import { addCadence } from '../cadence.js';
import { addDays, type IsoDate, maxDate } from '../dates.js';
import type { Cadence } from '../vocabulary.js';

/** Days an active person has to acknowledge the version in force, from joining or from its approval. */
export const DEFAULT_ACKNOWLEDGEMENT_DAYS = 30;

/** The starter controls policies prove: approval and review (GOV-07), acknowledgement (GOV-08). */
export const POLICY_CONTROLS = {
  approval: 'GOV-07',
  /** The approved copy of each policy with its version history. */
  approvedText: 'GOV-07-E2',
  acknowledgement: 'GOV-08',
  /** The acknowledgement export (an HR or LMS file, or our own record). */
  acknowledgements: 'GOV-08-E1',
} as const;

/** The rules of policies, each raising findings on the starter controls above. */
export const POLICY_RULES = ['not-approved', 'review-overdue', 'acknowledgement-overdue'] as const;
/** One of {@link POLICY_RULES}. */
export type PolicyRule = (typeof POLICY_RULES)[number];

/** The `source` of the findings policy rules raise. */
export const POLICY_FINDING_SOURCE = 'policy-rule';

/** A policy as the rules read it: its version in force is its latest approved version. */
export interface PolicyFacts {
  id: string;
  key: string;
  title: string;
  ownerId: string | null;
  reviewCadence: Cadence;
  /** The latest approved version, or null when no version was ever approved. */
  current: { id: string; version: number; approvedOn: IsoDate } | null;
}

/** A person of the roster as the rules read it. */
export interface PersonFacts {
  id: string;
  email: string;
  name: string;
  team: string | null;
  status: string;
  /** The day the person joined the roster. */
  joinedOn: IsoDate;
}

/** One stored acknowledgement: a person acknowledged a version on a day. */
export interface AcknowledgementFacts {
  versionId: string;
  personId: string;
  acknowledgedOn: IsoDate;
}

/** The date the review of the version in force falls due (one review cadence after its approval). */
export function reviewDueOn(policy: PolicyFacts): IsoDate | null {
  return policy.current ? addCadence(policy.current.approvedOn, policy.reviewCadence) : null;
}

/** By when a person must acknowledge a version: N days after they joined or it was approved, the later. */
export function acknowledgementDueOn(joinedOn: IsoDate, approvedOn: IsoDate, days: number): IsoDate {
  return addDays(maxDate(joinedOn, approvedOn), days);
}

/** Where one asked person stands with the version in force. */
export interface PersonAcknowledgement {
  personId: string;
  email: string;
  name: string;
  team: string | null;
  dueOn: IsoDate;
  acknowledgedOn: IsoDate | null;
  /** Not acknowledged and past the due date at T. */
  overdue: boolean;
}

/**
 * Who is asked to acknowledge the version in force, and where each stands at
 * T: every active person (a departed person is never asked); an
 * acknowledgement of another version does not count, so a new version asks
 * everyone again. Empty while no version is approved. Sorted by e-mail.
 */
export function acknowledgementsOf(
  policy: PolicyFacts,
  people: readonly PersonFacts[],
  acknowledgements: readonly AcknowledgementFacts[],
  at: IsoDate,
  days: number = DEFAULT_ACKNOWLEDGEMENT_DAYS,
): PersonAcknowledgement[] {
  const current = policy.current;
  if (!current) return [];
  const acked = new Map<string, IsoDate>();
  for (const a of acknowledgements) {
    if (a.versionId !== current.id) continue;
    const seen = acked.get(a.personId);
    if (seen === undefined || a.acknowledgedOn < seen) acked.set(a.personId, a.acknowledgedOn);
  }
  return people
    .filter((p) => p.status === 'active')
    .map((p) => {
      const dueOn = acknowledgementDueOn(p.joinedOn, current.approvedOn, days);
      const acknowledgedOn = acked.get(p.id) ?? null;
      return {
        personId: p.id,
        email: p.email,
        name: p.name,
        team: p.team,
        dueOn,
        acknowledgedOn,
        overdue: acknowledgedOn === null && at > dueOn,
      };
    })
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

/** The acknowledgement progress of one team (null: people with no team). */
export interface TeamShare {
  team: string | null;
  asked: number;
  acknowledged: number;
  /** acknowledged / asked, 0 to 1 (1 when nobody is asked). */
  share: number;
}

/** The share of asked people who acknowledged, per team, teams by name and the people with no team last. */
export function teamShares(rows: readonly PersonAcknowledgement[]): TeamShare[] {
  const byTeam = new Map<string | null, { asked: number; acknowledged: number }>();
  for (const r of rows) {
    const t = byTeam.get(r.team) ?? { asked: 0, acknowledged: 0 };
    t.asked += 1;
    if (r.acknowledgedOn !== null) t.acknowledged += 1;
    byTeam.set(r.team, t);
  }
  return [...byTeam.entries()]
    .map(([team, t]) => ({ team, ...t, share: t.asked === 0 ? 1 : t.acknowledged / t.asked }))
    .sort((a, b) =>
      a.team === b.team ? 0 : a.team === null ? 1 : b.team === null ? -1 : a.team < b.team ? -1 : 1,
    );
}

/** A finding the policy rules want open, keyed by rule and subject. */
export interface PolicyWantedFinding {
  rule: PolicyRule;
  /** `policy:<id>` (not approved), `policy:<id>/v<n>` (review), `ack:<versionId>/<personId>`. */
  key: string;
  title: string;
  description: string;
  severity: 'medium' | 'high';
  ownerId: string | null;
  controlCodes: string[];
}

/** Everything the policy rules read at T. */
export interface PolicyRuleInput {
  at: IsoDate;
  policies: readonly PolicyFacts[];
  people: readonly PersonFacts[];
  acknowledgements: readonly AcknowledgementFacts[];
  /** Days to acknowledge ({@link DEFAULT_ACKNOWLEDGEMENT_DAYS} by default). */
  days?: number;
}

/**
 * The findings the policy rules want open at T, in a stable order: a policy
 * with no approved version; a version in force whose review is past due; and
 * one per active person who has not acknowledged the version in force within
 * N days of joining or of its approval (the finding names them and is theirs).
 */
export function policyFindings(input: PolicyRuleInput): PolicyWantedFinding[] {
  const out: PolicyWantedFinding[] = [];
  for (const p of input.policies) {
    if (!p.current) {
      out.push({
        rule: 'not-approved',
        key: `policy:${p.id}`,
        title: `Policy "${p.title}" has no approved version`,
        description: `The policy ${p.key} ("${p.title}") has never been approved: approve its current version (auditready policies approve ${p.key}).`,
        severity: 'medium',
        ownerId: p.ownerId,
        controlCodes: [POLICY_CONTROLS.approval],
      });
      continue;
    }
    const due = reviewDueOn(p)!;
    if (input.at > due)
      out.push({
        rule: 'review-overdue',
        key: `policy:${p.id}/v${p.current.version}`,
        title: `Review of policy "${p.title}" overdue since ${due}`,
        description: `Version ${p.current.version} of ${p.key} was approved on ${p.current.approvedOn}; its ${p.reviewCadence} review was due by ${due} and no newer version is approved.`,
        severity: 'medium',
        ownerId: p.ownerId,
        controlCodes: [POLICY_CONTROLS.approval],
      });
    for (const a of acknowledgementsOf(p, input.people, input.acknowledgements, input.at, input.days)) {
      if (!a.overdue) continue;
      out.push({
        rule: 'acknowledgement-overdue',
        key: `ack:${p.current.id}/${a.personId}`,
        title: `${a.name} (${a.email}) has not acknowledged "${p.title}" v${p.current.version}`,
        description: `${a.email}${a.team ? ` (${a.team})` : ''} was asked to acknowledge version ${p.current.version} of ${p.key} by ${a.dueOn} and has not.`,
        severity: 'medium',
        ownerId: a.personId,
        controlCodes: [POLICY_CONTROLS.acknowledgement],
      });
    }
  }
  const order = (f: PolicyWantedFinding) => `${f.rule}|${f.key}`;
  return out.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/** How the plan's policies milestone is completed by the records: its key and who (auditready) marked it. */
export const POLICIES_MILESTONE_COMPLETION = {
  key: 'milestone:policies-approved',
  doneBy: 'auditready policies: every policy approved and acknowledged',
} as const;

/**
 * The plan's "policies approved and acknowledged" milestone as the records
 * show it: done on the last approval or acknowledgement once every policy
 * has an approved version and every asked person acknowledged it; null while
 * not (or while there is no policy at all).
 */
export function policiesMilestoneDoneOn(
  policies: readonly PolicyFacts[],
  people: readonly PersonFacts[],
  acknowledgements: readonly AcknowledgementFacts[],
  at: IsoDate,
): IsoDate | null {
  if (policies.length === 0) return null;
  let last: IsoDate | null = null;
  for (const p of policies) {
    if (!p.current) return null;
    last = last === null ? p.current.approvedOn : maxDate(last, p.current.approvedOn);
    for (const a of acknowledgementsOf(p, people, acknowledgements, at)) {
      if (a.acknowledgedOn === null) return null;
      last = maxDate(last, a.acknowledgedOn);
    }
  }
  return last;
}

/** The aggregate of the policy records that decides the milestone (one query: `policiesMilestoneState`). */
export interface PoliciesMilestoneCounts {
  policies: number;
  /** Policies without an approved version. */
  unapproved: number;
  /** (policy, active person) pairs without an acknowledgement of the version in force. */
  missing: number;
  lastApproved: IsoDate | null;
  lastAcknowledged: IsoDate | null;
}

/**
 * `policiesMilestoneDoneOn` from the aggregate: null with no policy, an
 * unapproved one or a missing acknowledgement; else the last approval or
 * acknowledgement of the versions in force. The same answer, without the records.
 */
export function policiesMilestoneDoneFromCounts(counts: PoliciesMilestoneCounts): IsoDate | null {
  if (counts.policies === 0 || counts.unapproved > 0 || counts.missing > 0) return null;
  const { lastApproved, lastAcknowledged } = counts;
  if (lastApproved === null) return null;
  return lastAcknowledged === null ? lastApproved : maxDate(lastApproved, lastAcknowledged);
}
