import type { ReadinessContext } from './context.js';
import { compareReasons } from './reason.js';
import { coverageGap, noEvidence, staleEvidence } from './rules/evidence-gaps.js';
import { currentPeriodUncovered, pendingReview, staleSoon } from './rules/evidence-risks.js';
import { activeExceptions, exceptionExpired, exceptionNotes } from './rules/exceptions.js';
import { findingDueSoon, openFinding } from './rules/findings.js';
import { noRequirement, notApplicable } from './rules/notes.js';
import { controlDraft, noOwner, ownerNotActive } from './rules/ownership.js';
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
];

/** The rules that make a control without gaps at risk (SPEC §4). */
export const AT_RISK_RULES: readonly Rule[] = [
  staleSoon,
  pendingReview,
  findingDueSoon,
  currentPeriodUncovered,
];

function all(rules: readonly Rule[], s: ControlSubject): Reason[] {
  return rules.flatMap((rule) => [...rule(s)]);
}

function any(rules: readonly Rule[], s: ControlSubject): boolean {
  return rules.some((rule) => !rule(s)[Symbol.iterator]().next().done);
}

/**
 * A control's status and reasons on date T: not applicable when marked so;
 * otherwise gap (or excepted, when an active approved exception covers the
 * gaps), else at risk, else ready.
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
    reasons: reasons.sort(compareReasons),
  });
  if (control.status === 'not-applicable') return result('not-applicable', [...notApplicable(s)]);
  const notes = [...noRequirement(s)];
  const gaps = all(GAP_RULES, s);
  if (gaps.length > 0) {
    // Any active exception covers every gap of the control, an expired sibling exception included.
    const active = activeExceptions(s);
    if (active.length > 0) return result('excepted', [...gaps, ...exceptionNotes(s, active), ...notes]);
    return result('gap', [...gaps, ...notes]);
  }
  const risks = all(AT_RISK_RULES, s);
  return result(risks.length > 0 ? 'at-risk' : 'ready', [...risks, ...notes]);
}

/** The same status as `classifyControl`, without building every reason (the burndown asks it weekly). */
export function controlStatus(control: ReadinessControl, ctx: ReadinessContext): ReadinessStatus {
  if (control.status === 'not-applicable') return 'not-applicable';
  const s = controlSubject(control, ctx);
  if (any(GAP_RULES, s)) return activeExceptions(s).length > 0 ? 'excepted' : 'gap';
  return any(AT_RISK_RULES, s) ? 'at-risk' : 'ready';
}
