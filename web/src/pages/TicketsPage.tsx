import { Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { TICKET_APPROVAL_STATUSES } from '../../../src/core/tickets/types';
import { useMembership } from '../api/session';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { useTickets } from '../tickets/queries';
import { TicketImport } from '../tickets/TicketImport';
import { TicketTable } from '../tickets/TicketTable';

/** Ticket histories (Jira, Linear): each ticket with its approval, linked pull requests and transitions. */
export function TicketsPage() {
  const { org } = useParams({ from: '/o/$org/tickets' });
  const membership = useMembership(org);
  const client = useQueryClient();
  const [approval, setApproval] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const tickets = useTickets(org, approval);

  if (membership?.can.ticket.read !== true)
    return <ErrorNote error={new Error('You may not see tickets here.')} />;
  if (tickets.isPending) return <Loading what="tickets" />;
  if (tickets.error) return <ErrorNote error={tickets.error} />;

  const all = tickets.data;
  const missing = all.filter((t) => t.approval === 'self-approved' || t.approval === 'unapproved').length;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Tickets</Title>
        <Group>
          <Select
            aria-label="Approval"
            placeholder="Any approval"
            clearable
            data={[...TICKET_APPROVAL_STATUSES]}
            value={approval}
            onChange={setApproval}
            w={200}
          />
          {membership.can.ticket.import === true ? (
            <Button onClick={() => setImporting(true)}>Import tickets</Button>
          ) : null}
        </Group>
      </Group>
      <Text size="sm" c="gray.7">
        {all.length} ticket{all.length === 1 ? '' : 's'}
        {approval ? ` ${approval}` : ''}; {missing} without an approval by someone other than the reporter.
      </Text>
      {all.length === 0 ? <Text>No ticket imported yet.</Text> : <TicketTable tickets={all} />}
      <TicketImport
        org={org}
        opened={importing}
        onClose={() => setImporting(false)}
        onImported={() => client.invalidateQueries({ queryKey: [org, 'tickets'] })}
      />
    </Stack>
  );
}
