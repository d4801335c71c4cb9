import type { IsoDate } from '../../core/dates.js';
import type { EvidenceItem } from '../../core/plan/index.js';
import type { ControlReadiness } from '../../core/readiness/index.js';

/** When a control's evidence is next due, and for which requirement. */
export interface NextDue {
  dueOn: IsoDate;
  requirementCode: string;
}

/**
 * The next due date of each control's evidence: the earliest of the plan's
 * evidence items not done yet (a cadence period still uncovered) and the
 * dates readiness gives the control's requirement reasons at T (missing,
 * stale, going stale, waiting for review). It may lie before T: then it is
 * overdue. A control marked not applicable has none (in scope of the
 * engagement or not, so the caller names them); ties go to the lower
 * requirement code, so the answer is the same on every run.
 */
export function nextDueDates(
  items: readonly Pick<EvidenceItem, 'controlId' | 'requirementCode' | 'dueOn' | 'doneOn'>[],
  controls: readonly Pick<ControlReadiness, 'controlId' | 'status' | 'reasons'>[],
  notApplicableIds: ReadonlySet<string> = new Set(),
): Map<string, NextDue> {
  const out = new Map<string, NextDue>();
  const offer = (controlId: string, candidate: NextDue) => {
    const seen = out.get(controlId);
    if (
      !seen ||
      candidate.dueOn < seen.dueOn ||
      (candidate.dueOn === seen.dueOn && candidate.requirementCode < seen.requirementCode)
    ) {
      out.set(controlId, candidate);
    }
  };
  const notApplicable = new Set(notApplicableIds);
  for (const c of controls) if (c.status === 'not-applicable') notApplicable.add(c.controlId);
  for (const item of items) {
    if (item.doneOn === null && !notApplicable.has(item.controlId))
      offer(item.controlId, { dueOn: item.dueOn, requirementCode: item.requirementCode });
  }
  for (const control of controls) {
    if (notApplicable.has(control.controlId)) continue;
    for (const reason of control.reasons) {
      if (reason.severity === 'info' || !reason.requirementCode || !reason.dueOn) continue;
      offer(control.controlId, { dueOn: reason.dueOn, requirementCode: reason.requirementCode });
    }
  }
  return out;
}
