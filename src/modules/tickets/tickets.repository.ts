/** SQL of ticket histories: tracker projects, imports and tickets. */
import type { Kysely } from 'kysely';
import { insertInBatches } from '../../platform/db/insert-batches.js';
import type { DB, TicketImportsTable, TicketProjectsTable, TicketsTable } from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';

/** The projects of an organization in one tracker. */
export async function listProjectRows(
  db: Kysely<DB>,
  orgId: string,
  source: string,
): Promise<TicketProjectsTable[]> {
  return db
    .selectFrom('ticket_projects')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('source', '=', source)
    .orderBy('key')
    .execute();
}

export async function insertProject(db: WriteTx, row: TicketProjectsTable): Promise<void> {
  await db.insertInto('ticket_projects').values(row).execute();
}

export async function updateProjectSettings(
  db: WriteTx,
  id: string,
  fields: Pick<TicketProjectsTable, 'settings' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('ticket_projects').set(fields).where('id', '=', id).execute();
}

/** The latest import of an organization from one tracker. */
export async function latestImportOf(
  db: Kysely<DB>,
  orgId: string,
  source: string,
): Promise<TicketImportsTable | undefined> {
  return db
    .selectFrom('ticket_imports')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('source', '=', source)
    .orderBy('imported_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertImport(db: WriteTx, row: TicketImportsTable): Promise<void> {
  await db.insertInto('ticket_imports').values(row).execute();
}

/** The stored tickets of a tracker by key: id and fact hash (what an import compares). */
export async function ticketHashes(
  db: Kysely<DB>,
  orgId: string,
  source: string,
): Promise<Map<string, { id: string; factSha256: string }>> {
  const rows = await db
    .selectFrom('tickets')
    .select(['id', 'key', 'fact_sha256'])
    .where('org_id', '=', orgId)
    .where('source', '=', source)
    .execute();
  return new Map(rows.map((r) => [r.key, { id: r.id, factSha256: r.fact_sha256 }]));
}

const TICKET_COLUMNS = [
  'project_id',
  'type',
  'title',
  'status',
  'reporter',
  'url',
  'opened_at',
  'transitions',
  'approval',
  'approved_by',
  'approved_at',
  'pull_links',
  'incident_keys',
  'requirement_codes',
  'fact_sha256',
  'import_id',
];

/** Inserts tickets, replacing the stored ones of the same keys (a newer export). */
export async function upsertTickets(db: WriteTx, rows: TicketsTable[]): Promise<void> {
  await insertInBatches(db, 'tickets', rows, {
    columns: ['org_id', 'source', 'key'],
    update: TICKET_COLUMNS,
  });
}

// An ISO timestamp of the day sorts below this text, whatever its time (a timestamp column compared to a day).
const afterDay = (day: string) => `${day}T99`;

/** What the list filters on; `from`/`to` are days of opening (both included). */
export interface TicketFilter {
  project?: string | undefined;
  type?: string | undefined;
  approval?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Tickets with their project key, newest first. */
export async function listTicketRows(
  db: Kysely<DB>,
  orgId: string,
  filter: TicketFilter = {},
): Promise<(TicketsTable & { project: string })[]> {
  let q = db
    .selectFrom('tickets as t')
    .innerJoin('ticket_projects as p', 'p.id', 't.project_id')
    .selectAll('t')
    .select('p.key as project')
    .where('t.org_id', '=', orgId);
  if (filter.project) q = q.where('p.key', '=', filter.project.toUpperCase());
  if (filter.type) q = q.where('t.type', '=', filter.type);
  if (filter.approval) q = q.where('t.approval', '=', filter.approval);
  if (filter.from) q = q.where('t.opened_at', '>=', filter.from);
  if (filter.to) q = q.where('t.opened_at', '<', afterDay(filter.to));
  return q.orderBy('t.opened_at', 'desc').orderBy('t.key').execute();
}

/** One ticket by id or key (`PAY-123`, case-insensitive; the first tracker's when two share a key). */
export async function findTicketRow(
  db: Kysely<DB>,
  orgId: string,
  idOrKey: string,
): Promise<(TicketsTable & { project: string }) | undefined> {
  const base = db
    .selectFrom('tickets as t')
    .innerJoin('ticket_projects as p', 'p.id', 't.project_id')
    .selectAll('t')
    .select('p.key as project')
    .where('t.org_id', '=', orgId);
  return (
    (await base.where('t.id', '=', idOrKey).executeTakeFirst()) ??
    (await base.where('t.key', '=', idOrKey.toUpperCase()).orderBy('t.source').executeTakeFirst())
  );
}
