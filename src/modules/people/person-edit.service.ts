import type { Actor } from '../../core/ledger/chain.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { Tx } from '../../platform/db/transaction.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { diff, write } from '../../platform/ledger/ledger.js';
import {
  findPersonByEmail,
  findPersonById,
  insertPeople,
  type PeopleFilter,
  pagePeople,
  updatePerson,
} from './person.repository.js';
import { type Person, type PersonInput, personInputSchema } from './person.schema.js';

/** Validates person fields with the same schema as a roster row; the first problem is a 400 naming the field. */
function parsePerson(input: unknown): PersonInput {
  const parsed = personInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid_input', `${issue.path.join('.') || 'person'}: ${issue.message}`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return parsed.data;
}

async function checkManager(tx: Tx, orgId: string, managerEmail: string | null): Promise<void> {
  if (managerEmail && !(await findPersonByEmail(tx, orgId, managerEmail))) {
    throw new AppError('invalid_input', `managerEmail: ${managerEmail} is not in the roster`);
  }
}

/** Adds one person to the roster by hand. */
export async function createPerson(
  database: Database,
  actor: Actor,
  orgId: string,
  input: unknown,
): Promise<Person> {
  const fields = parsePerson(input);
  return write(database, { actor, orgId }, async (w) => {
    if (await findPersonByEmail(w.tx, orgId, fields.email)) {
      throw new AppError('conflict', `${fields.email} is already in the roster`);
    }
    await checkManager(w.tx, orgId, fields.managerEmail);
    const now = nowIso();
    const person: Person = { ...fields, id: newId(), orgId, createdAt: now, updatedAt: now };
    await insertPeople(w.tx, [person]);
    w.record({ action: 'create', recordType: 'person', recordId: person.id, change: fields });
    return person;
  });
}

/** Changes one person (the e-mail is their identity in the roster and does not change). */
export async function editPerson(
  database: Database,
  actor: Actor,
  orgId: string,
  personId: string,
  patch: Partial<Omit<PersonInput, 'email'>>,
): Promise<Person> {
  return write(database, { actor, orgId }, async (w) => {
    const current = await findPersonById(w.tx, orgId, personId);
    if (!current) throw notFound('person', personId);
    const { id: _i, orgId: _o, createdAt: _c, updatedAt: _u, ...currentFields } = current;
    const fields = parsePerson({ ...currentFields, ...patch, email: current.email });
    await checkManager(w.tx, orgId, fields.managerEmail);
    const change = diff(current, fields);
    if (Object.keys(change).length === 0) return current;
    const next: Person = { ...current, ...fields, updatedAt: nowIso() };
    await updatePerson(w.tx, next);
    w.record({ action: 'update', recordType: 'person', recordId: personId, change });
    return next;
  });
}

/** One page of the roster, by e-mail, filtered by status, team or a search string. */
export function listPeoplePage(
  database: Database,
  orgId: string,
  filter: PeopleFilter,
  page: { after?: string | undefined; limit: number },
): Promise<Person[]> {
  return pagePeople(database.db, orgId, filter, page);
}
