import type { TicketImportResult, TicketView } from '@server/modules/tickets/tickets.schema';
import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';
import type { Wire } from '../api/types';

/** A ticket as `GET /orgs/:org/tickets` gives it. */
export type Ticket = Wire<TicketView>;
/** What the server answers to a page import. */
export type TicketImport = Wire<TicketImportResult>;

/** Tickets, newest first (one approval status, or all). */
export const useTickets = (org: string, approval: string | null) =>
  useQuery({
    queryKey: [org, 'tickets', approval],
    queryFn: () =>
      fetchAll<Ticket>(
        orgPath(org, `/tickets${approval ? `?approval=${encodeURIComponent(approval)}` : ''}`),
      ),
  });

/** Uploads one page of a Jira search or of the Linear issues query (`POST /tickets/imports`, all or nothing). */
export function importTicketPage(org: string, file: File): Promise<TicketImport> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api<TicketImport>(orgPath(org, '/tickets/imports'), { method: 'POST', body: form });
}

/** The result of a page import in words. */
export function ticketImportSummary(file: string, r: TicketImport): string {
  const c = r.counts;
  if (r.status === 'unchanged') return `${file}: the same page was imported already: nothing changed.`;
  return `${file}: ${c.issues} ${r.source === 'jira' ? 'Jira' : 'Linear'} issues, ${c.created} added, ${c.updated} changed, ${c.unchanged} unchanged; ${c.approved} approved, ${c.selfApproved} self-approved, ${c.unapproved} unapproved; ${c.linkedChanges} of ${c.pullLinks} named pull requests are imported changes.`;
}
