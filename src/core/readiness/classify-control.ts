import type { ReadinessContext } from './context.js';
import { compareReasons } from './reason.js';
import {
  coverageGap,
  hasNoEvidence,
  hasStaleEvidence,
  noEvidence,
  staleEvidence,
} from './rules/evidence-gaps.js';
import { currentPeriodUncovered, pendingReview, staleSoon } from './rules/evidence-risks.js';
import {
  activeExceptions,
  exceptGaps,
  exceptionExpired,
  exceptionNotes,
  exceptionReviewDue,
  exceptionUnreviewed,
  isWholeControl,
} from './rules/exceptions.js';
import { findingDueSoon, openFinding } from './rules/findings.js';
import { noRequirement, notApplicable } from './rules/notes.js';
import { controlDraft, noOwner, ownerNotActive } from './rules/ownership.js';
import { importSuggested } from './rules/provenance.js';
import { requestDueSoon, requestOverdue } from './rules/requests.js';
import { type ControlSubject, controlSubject } from './rules/subject.js';
import type { ControlReadiness, ReadinessStatus, Reason } from './schema.js';
import type { ReadinessControl } from './types.js';

/** A readiness rule: the reasons it finds on one control, produced lazily so a status can stop at the first. */
export type Rule = (s: ControlSubject) => Iterable<Reason>;

/** The rules that make a control a gap (SPEC §4). */
export const GAP_RULES: readonly Rule[] = [
  noOwner,
  ownerNotActive,
  controlDraft,
  noEvidence,
  staleEvidence,
  coverageGap,
  openFinding,
  exceptionExpired,
  exceptionUnreviewed,
  requestOverdue,
];

/** The rules that make a control without gaps at risk (SPEC §4). */
export const AT_RISK_RULES: readonly Rule[] = [
  staleSoon,
  pendingReview,
  findingDueSoon,
  currentPeriodUncovered,
  requestDueSoon,
  exceptionReviewDue,
];

function all(rules: readonly Rule[], s: ControlSubject): Reason[] {
  return rules.flatMap((rule) => [...rule(s)]);
}

/**
 * Whether a rule finds a reason, for the rules whose first reason costs most
 * to build (a message, a review hint) when only the status is asked: the
 * burndown asks every control's status every week (docs/decisions/0037).
 * Each test answers exactly whether its rule yields (a property test holds them).
 */
export const RULE_TESTS: ReadonlyMap<Rule, (s: ControlSubject) => boolean> = new Map<
  Rule,
  (s: ControlSubject) => boolean
>([
  [noEvidence, hasNoEvidence],
  [staleEvidence, hasStaleEvidence],
]);

function any(rules: readonly Rule[], s: ControlSubject): boolean {
  return rules.some((rule) => {
    const test = RULE_TESTS.get(rule);
    return test ? test(s) : !rule(s)[Symbol.iterator]().next().done;
  });
}

/**
 * A control's status and reasons on date T: not applicable when marked so;
 * otherwise gap (or excepted, when active approved exceptions except every
 * gap: each excepts what it names; at risk instead when one of them has its
 * review due within the look-ahead), else at risk, else ready. The gaps an
 * exception excepts stay listed, marked `exceptedBy`, beside the others.
 */
export function classifyControl(control: ReadinessControl, ctx: ReadinessContext): ControlReadiness {
  const s = controlSubject(control, ctx);
  const result = (status: ReadinessStatus, reasons: Reason[]): ControlReadiness => ({
    controlId: control.id,
    code: control.code,
    title: control.title,
    status,
    ownerId: s.owner.id,
    ownerName: s.owner.name,
    unowned: s.owner.unowned,
    reasons: reasons.sort(compareReasons),
  });
  if (control.status === 'not-applicable') return result('not-applicable', [...notApplicable(s)]);
  const notes = [...noRequirement(s), ...importSuggested(s)];
  const gaps = all(GAP_RULES, s);
  if (gaps.length > 0) {
    // A whole-control exception excepts every gap, an expired sibling exception included.
    const active = activeExceptions(s);
    const marked = exceptGaps(gaps, active);
    if (!marked.every((r) => r.exceptedBy !== undefined))
      return result('gap', [...marked, ...exceptionNotes(s, active), ...notes]);
    // Excepted, unless an exception it rests on is due for review soon (docs/decisions/0030).
    const reviews = [...exceptionReviewDue(s)];
    const status = reviews.length > 0 ? 'at-risk' : 'excepted';
    return result(status, [...marked, ...reviews, ...exceptionNotes(s, active), ...notes]);
  }
  const risks = all(AT_RISK_RULES, s);
  return result(risks.length > 0 ? 'at-risk' : 'ready', [...risks, ...notes]);
}

/** The same status as `classifyControl`, without building every reason (the burndown asks it weekly). */
export function controlStatus(control: ReadinessControl, ctx: ReadinessContext): ReadinessStatus {
  if (control.status === 'not-applicable') return 'not-applicable';
  const s = controlSubject(control, ctx);
  if (any(GAP_RULES, s)) {
    const active = activeExceptions(s);
    if (active.length === 0) return 'gap';
    const excepted =
      active.some(isWholeControl) ||
      exceptGaps(all(GAP_RULES, s), active).every((r) => r.exceptedBy !== undefined);
    if (!excepted) return 'gap';
    return any([exceptionReviewDue], s) ? 'at-risk' : 'excepted';
  }
  return any(AT_RISK_RULES, s) ? 'at-risk' : 'ready';
}
