import { Anchor, Badge, Button, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import { STATUS_COLORS } from '../components/tones';
import type { Ticket } from './queries';

/** The colour of each approval status: an independent approval is ready, none or the reporter's own a gap. */
export const APPROVAL_COLOR: Record<Ticket['approval'], string> = {
  approved: STATUS_COLORS.ready,
  'self-approved': STATUS_COLORS.gap,
  unapproved: STATUS_COLORS.gap,
  'not-required': STATUS_COLORS['not-applicable'],
};

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** The approval in words: the status, by whom and when. */
export function approvalText(t: Ticket): string {
  if (t.approval === 'not-required') return 'no approval needed';
  return t.approvedBy
    ? `${t.approval} by ${t.approvedBy}${t.approvedAt ? ` ${when(t.approvedAt)}` : ''}`
    : t.approval;
}

/** Tickets with their approval and linked pull requests; each row opens its status transitions. */
export function TicketTable({ tickets }: { tickets: Ticket[] }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Table striped withRowBorders={false} fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Ticket</Table.Th>
          <Table.Th>Type</Table.Th>
          <Table.Th>Title</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Reporter</Table.Th>
          <Table.Th>Approval</Table.Th>
          <Table.Th>Pull requests</Table.Th>
          <Table.Th>Transitions</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {tickets.map((t) => (
          <Fragment key={t.id}>
            <Table.Tr>
              <Table.Td>{t.url ? <Anchor href={t.url}>{t.key}</Anchor> : t.key}</Table.Td>
              <Table.Td>{t.type}</Table.Td>
              <Table.Td>{t.title}</Table.Td>
              <Table.Td>{t.status}</Table.Td>
              <Table.Td>{t.reporter?.name ?? '—'}</Table.Td>
              <Table.Td>
                <Badge color={APPROVAL_COLOR[t.approval]} variant="filled" tt="none">
                  {approvalText(t)}
                </Badge>
              </Table.Td>
              <Table.Td>
                {t.pulls.length === 0
                  ? '—'
                  : t.pulls.map((p) => (
                      <Text key={p.pull} size="sm">
                        {p.pull}
                        {p.changeId ? ` (change ${p.approval})` : ' (not imported)'}
                      </Text>
                    ))}
                {t.incidentKeys.length > 0 ? (
                  <Text size="sm">incidents: {t.incidentKeys.join(', ')}</Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Button
                  variant="subtle"
                  size="compact-sm"
                  aria-expanded={open === t.id}
                  onClick={() => setOpen(open === t.id ? null : t.id)}
                >
                  {t.transitions.length} {open === t.id ? 'hide' : 'show'}
                </Button>
              </Table.Td>
            </Table.Tr>
            {open === t.id ? (
              <Table.Tr>
                <Table.Td colSpan={8}>
                  {t.transitions.length === 0 ? (
                    <Text size="sm">No status change recorded.</Text>
                  ) : (
                    t.transitions.map((x) => (
                      <Text key={`${x.at}-${x.to}`} size="sm" data-testid="transition">
                        {when(x.at)} · {x.from ?? '—'} → {x.to} · {x.by?.name ?? 'automation'}
                      </Text>
                    ))
                  )}
                </Table.Td>
              </Table.Tr>
            ) : null}
          </Fragment>
        ))}
      </Table.Tbody>
    </Table>
  );
}
