import type { Kysely } from 'kysely';
import type { PersonStatus } from '../../core/vocabulary.js';
import { insertInBatches } from '../../platform/db/insert-batches.js';
import { containsIgnoringCase } from '../../platform/db/like.js';
import type { DB, PeopleTable } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';
import type { Person } from './person.schema.js';

function toPerson(row: PeopleTable): Person {
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email,
    name: row.name,
    team: row.team,
    managerEmail: row.manager_email,
    status: row.status as PersonStatus,
    departedOn: row.departed_on,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The row for a person. */
export function toPeopleRow(p: Person): PeopleTable {
  return {
    id: p.id,
    org_id: p.orgId,
    email: p.email,
    name: p.name,
    team: p.team,
    manager_email: p.managerEmail,
    status: p.status,
    departed_on: p.departedOn,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

/** Every person of an organization, by e-mail. */
export async function listPeople(
  db: Kysely<DB>,
  orgId: string,
  filter: { status?: PersonStatus } = {},
): Promise<Person[]> {
  let q = db.selectFrom('people').selectAll().where('org_id', '=', orgId);
  if (filter.status) q = q.where('status', '=', filter.status);
  const rows = await q.orderBy('email').execute();
  return rows.map(toPerson);
}

/** One person of an organization by e-mail (already lower-cased). */
export async function findPersonByEmail(
  db: Kysely<DB>,
  orgId: string,
  email: string,
): Promise<Person | undefined> {
  const row = await db
    .selectFrom('people')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('email', '=', email)
    .executeTakeFirst();
  return row ? toPerson(row) : undefined;
}

/** One person of an organization by id. */
export async function findPersonById(db: Kysely<DB>, orgId: string, id: string): Promise<Person | undefined> {
  const row = await db
    .selectFrom('people')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toPerson(row) : undefined;
}

/** Inserts people in batches. */
export async function insertPeople(db: WriteTx, people: Person[]): Promise<void> {
  await insertInBatches(db, 'people', people.map(toPeopleRow));
}

/** Replaces the mutable fields of one person. */
export async function updatePerson(db: WriteTx, p: Person): Promise<void> {
  const { id: _id, org_id: _org, created_at: _c, email: _e, ...fields } = toPeopleRow(p);
  await db.updateTable('people').set(fields).where('org_id', '=', p.orgId).where('id', '=', p.id).execute();
}

/** Filters of the people list. */
export interface PeopleFilter {
  status?: PersonStatus | undefined;
  team?: string | undefined;
  /** Case-insensitive substring of the e-mail or the name. */
  search?: string | undefined;
}

/** One page of an organization's people by e-mail, after the e-mail `after`. */
export async function pagePeople(
  db: Kysely<DB>,
  orgId: string,
  filter: PeopleFilter,
  page: { after?: string | undefined; limit: number },
): Promise<Person[]> {
  let q = db.selectFrom('people').selectAll().where('org_id', '=', orgId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.team) q = q.where('team', '=', filter.team);
  if (filter.search) {
    const search = filter.search;
    q = q.where((eb) => eb.or([containsIgnoringCase('email', search), containsIgnoringCase('name', search)]));
  }
  if (page.after !== undefined) q = q.where('email', '>', page.after);
  const rows = await q.orderBy('email').limit(page.limit).execute();
  return rows.map(toPerson);
}
