import type { IsoDate } from '../dates.js';
import type { ReadinessControl, ReadinessPerson } from './types.js';

/** Who answers for a control's reasons; both null when nobody active does. */
export interface ResponsibleOwner {
  id: string | null;
  name: string | null;
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

/** The control owner when active, else the backup owner when active, else nobody. */
export function responsibleOwner(
  control: ReadinessControl,
  people: ReadonlyMap<string, ReadinessPerson>,
  at: IsoDate,
): ResponsibleOwner {
  for (const id of [control.ownerId, control.backupOwnerId]) {
    const person = id === null ? undefined : people.get(id);
    if (person && isActiveOn(person, at)) return { id: person.id, name: person.name };
  }
  return { id: null, name: null };
}
