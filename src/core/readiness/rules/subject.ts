import type { RequirementEvidence } from '../../evidence-index.js';
import type { ReadinessContext } from '../context.js';
import { responsibleOwner } from '../owner.js';
import type { ReasonSubject } from '../reason.js';
import type { ReadinessControl, ReadinessException, ReadinessFinding, ReadinessRequest } from '../types.js';

/** Everything the rules look at for one control on date T. */
export interface ControlSubject extends ReasonSubject {
  ctx: ReadinessContext;
  /** The control's requirements with their indexed evidence, ordered by code. */
  requirements: readonly RequirementEvidence[];
  exceptions: readonly ReadinessException[];
  findings: readonly ReadinessFinding[];
  /** The audit requests mapped to the control, by reference. */
  requests: readonly ReadinessRequest[];
}

/** Gather one control's records from the context. */
export function controlSubject(control: ReadinessControl, ctx: ReadinessContext): ControlSubject {
  return {
    control,
    ctx,
    owner: responsibleOwner(control, ctx.people, ctx.at, ctx.fallbackOwners),
    requirements: ctx.requirementsByControl.get(control.id) ?? [],
    exceptions: ctx.exceptionsByControl.get(control.id) ?? [],
    findings: ctx.findingsByControl.get(control.id) ?? [],
    requests: ctx.requestsByControl.get(control.id) ?? [],
  };
}
