/**
 * Reading ticket histories: tickets with their transitions, approval, the
 * pull requests they name (each with the change record it is, when the
 * repository's changes are imported) and the incidents they name.
 */
import type { TicketPerson, TicketTransition } from '../../core/tickets/types.js';
import type { Database } from '../../platform/db/database.js';
import type { TicketsTable } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { pullChangesByLabel } from '../changes/changes.repository.js';
import { findTicketRow, listTicketRows } from './tickets.repository.js';
import { type TicketListQuery, type TicketView, ticketListQuerySchema } from './tickets.schema.js';

type Linked = Awaited<ReturnType<typeof pullChangesByLabel>>;

function ticketView(row: TicketsTable & { project: string }, linked: Linked): TicketView {
  const pulls = JSON.parse(row.pull_links) as string[];
  return {
    id: row.id,
    source: row.source as TicketView['source'],
    key: row.key,
    project: row.project,
    type: row.type,
    title: row.title,
    status: row.status,
    reporter: row.reporter ? (JSON.parse(row.reporter) as TicketPerson) : null,
    url: row.url,
    openedAt: row.opened_at,
    approval: row.approval as TicketView['approval'],
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
    transitions: JSON.parse(row.transitions) as TicketTransition[],
    pulls: pulls.map((pull) => {
      const change = linked.get(pull.toLowerCase());
      return { pull, changeId: change?.id ?? null, approval: change?.approval ?? null };
    }),
    incidentKeys: JSON.parse(row.incident_keys) as string[],
    requirementCodes: JSON.parse(row.requirement_codes) as string[],
  };
}

async function linkedOf(database: Database, orgId: string, rows: TicketsTable[]): Promise<Linked> {
  const labels = [...new Set(rows.flatMap((r) => JSON.parse(r.pull_links) as string[]))];
  return labels.length === 0 ? new Map() : pullChangesByLabel(database.db, orgId, labels);
}

/** Tickets, newest first, filtered by project, type and approval. */
export async function listTickets(
  database: Database,
  orgId: string,
  query: TicketListQuery = {},
): Promise<TicketView[]> {
  const parsed = ticketListQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid_input', `${issue.path.join('.')}: ${issue.message}`, {
      field: String(issue.path[0] ?? ''),
    });
  }
  const rows = await listTicketRows(database.db, orgId, parsed.data);
  const linked = await linkedOf(database, orgId, rows);
  return rows.map((r) => ticketView(r, linked));
}

/** One ticket by id or key (`PAY-123`). */
export async function getTicket(database: Database, orgId: string, idOrKey: string): Promise<TicketView> {
  const row = await findTicketRow(database.db, orgId, idOrKey);
  if (!row) throw notFound('ticket', idOrKey);
  return ticketView(row, await linkedOf(database, orgId, [row]));
}
