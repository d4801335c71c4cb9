import { makeReason } from '../reason.js';
import type { Reason } from '../schema.js';
import type { ControlSubject } from './subject.js';

/**
 * Not applicable: the control is marked so; the reason carries the
 * justification (or asks for one). Like every reason it names a date: the
 * readiness assessment, by which the justification stands for the auditor.
 */
export function* notApplicable(s: ControlSubject): Generator<Reason> {
  if (s.control.status !== 'not-applicable') return;
  const why = s.control.naJustification?.trim();
  yield makeReason(s, {
    code: 'not-applicable',
    severity: 'info',
    message: why
      ? `Not applicable: ${why}`
      : `${s.control.code} is marked not applicable without a justification: write one for the auditor.`,
    dueOn: s.ctx.readinessAssessmentOn ?? s.ctx.at,
  });
}

/**
 * Info: a control without any evidence requirement can never show that it
 * operated. SPEC §4 does not make this a gap, but the readiness assessment
 * (SPEC §5) expects one, so it is said out loud.
 */
export function* noRequirement(s: ControlSubject): Generator<Reason> {
  if (s.requirements.length > 0) return;
  yield makeReason(s, {
    code: 'no-requirement',
    severity: 'info',
    message: `Define an evidence requirement for ${s.control.code}: what proves it operated, and how often.`,
    dueOn: s.ctx.readinessAssessmentOn ?? s.ctx.at,
  });
}
