import type { IsoDate } from '../../dates.js';
import { isActiveOn } from '../owner.js';
import { makeReason } from '../reason.js';
import type { Reason } from '../schema.js';
import type { ControlSubject } from './subject.js';

/** Ownership is due by the readiness assessment (SPEC §5), or now without an engagement. */
function ownershipDue(s: ControlSubject): IsoDate {
  return s.ctx.readinessAssessmentOn ?? s.ctx.at;
}

/** Gap: the control has no owner at all. */
export function* noOwner(s: ControlSubject): Generator<Reason> {
  if (s.control.ownerId !== null) return;
  yield makeReason(s, {
    code: 'no-owner',
    severity: 'gap',
    message: `Assign an owner to ${s.control.code} ${s.control.title}.`,
    dueOn: ownershipDue(s),
  });
}

/** Gap: the owner is not in the roster or has left; the message names them and the departure date. */
export function* ownerNotActive(s: ControlSubject): Generator<Reason> {
  const ownerId = s.control.ownerId;
  if (ownerId === null) return;
  const person = s.ctx.people.get(ownerId);
  if (person && isActiveOn(person, s.ctx.at)) return;
  const who = person
    ? `Owner ${person.name} left${person.departedOn ? ` on ${person.departedOn}` : ''}`
    : `Owner ${ownerId} is not in the roster`;
  const backup = s.owner.name && !s.owner.unowned ? ` (backup ${s.owner.name} covers until then)` : '';
  yield makeReason(s, {
    code: 'owner-not-active',
    severity: 'gap',
    message: `${who}: assign a new owner to ${s.control.code}${backup}.`,
    dueOn: ownershipDue(s),
  });
}

/** Gap: the control is still a draft. */
export function* controlDraft(s: ControlSubject): Generator<Reason> {
  if (s.control.status !== 'draft') return;
  yield makeReason(s, {
    code: 'control-draft',
    severity: 'gap',
    message: `Finish implementing ${s.control.code} and mark it implemented.`,
    dueOn: ownershipDue(s),
  });
}
