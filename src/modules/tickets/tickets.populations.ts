/**
 * Tickets as a sampling population (issue 23: tickets "serve as a population
 * for sampling"): the tickets opened inside a window, in the stable order
 * (day, then id), labelled with their key, type, title and approval.
 */
import type { DateRange } from '../../core/dates.js';
import { orderPopulation, type PopulationRecord } from '../../core/sampling/population.js';
import type { Database } from '../../platform/db/database.js';
import { listTicketRows } from './tickets.repository.js';

/** The tickets opened in the window (both days included), sorted stably. */
export async function listTicketPopulation(
  database: Database,
  orgId: string,
  window: DateRange,
): Promise<PopulationRecord[]> {
  const rows = await listTicketRows(database.db, orgId, { from: window.start, to: window.end });
  return orderPopulation(
    rows.map((t) => ({
      id: t.id,
      date: t.opened_at.slice(0, 10),
      label: `${t.key} [${t.type}, ${t.approval}] ${t.title}`.slice(0, 300),
    })),
  );
}
