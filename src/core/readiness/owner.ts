import type { IsoDate } from '../dates.js';
import type { ReadinessControl, ReadinessPerson } from './types.js';

/**
 * Who answers for a control's reasons. `unowned`: no active owner or backup,
 * so the compliance lead (else an admin) was assigned; id and name are null
 * only when none of them is active either.
 */
export interface ResponsibleOwner {
  id: string | null;
  name: string | null;
  unowned: boolean;
}

/**
 * Whether a person is active on a date. A departure date wins over the status
 * so that past dates (the burndown) and announced departures are judged right.
 */
export function isActiveOn(person: ReadinessPerson | undefined, at: IsoDate): boolean {
  if (!person) return false;
  if (person.departedOn !== null) return at < person.departedOn;
  return person.status === 'active';
}

/**
 * The control owner when active, else the backup owner when active, else the
 * first active of `fallback` (the engagement's compliance lead, then the
 * organization's admins), marked unowned; else nobody.
 */
export function responsibleOwner(
  control: ReadinessControl,
  people: ReadonlyMap<string, ReadinessPerson>,
  at: IsoDate,
  fallback: readonly string[] = [],
): ResponsibleOwner {
  for (const id of [control.ownerId, control.backupOwnerId]) {
    const person = id === null ? undefined : people.get(id);
    if (person && isActiveOn(person, at)) return { id: person.id, name: person.name, unowned: false };
  }
  for (const id of fallback) {
    const person = people.get(id);
    if (person && isActiveOn(person, at)) return { id: person.id, name: person.name, unowned: true };
  }
  return { id: null, name: null, unowned: true };
}
