import { Badge, Button, Group, Popover, Stack, Table, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { AnchorLink } from '../components/links';
import { TONE } from '../components/tones';
import type { RosterRow } from './roster';

const ROW_HEIGHT = 52;

interface Props {
  org: string;
  rows: RosterRow[];
  /** Shown (with edit and depart actions) only to roles that may change the roster. */
  canEdit: boolean;
  onEdit: (row: RosterRow) => void;
  onDepart: (row: RosterRow) => void;
  empty: string;
}

/** The controls a person owns or backs up, listed (each linked) in a popover. */
function OwnedControls({ org, row }: { org: string; row: RosterRow }) {
  if (row.owns.length === 0 && row.backs.length === 0)
    return (
      <Text size="sm" c="gray.7" pl={10}>
        none
      </Text>
    );
  const breaks = row.status === 'departed' && row.owns.length > 0;
  const label = [
    row.owns.length ? `owns ${row.owns.length}` : null,
    row.backs.length ? `backup for ${row.backs.length}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const text = breaks ? `${row.owns.length} now ${row.owns.length === 1 ? 'a gap' : 'gaps'}` : label;
  return (
    <Popover position="bottom-start" withArrow shadow="md">
      <Popover.Target>
        <Button
          size="compact-sm"
          variant={breaks ? 'filled' : 'subtle'}
          color={breaks ? 'red.9' : TONE.neutral}
          aria-label={`${text}: controls of ${row.name}`}
          data-breaks={breaks || undefined}
        >
          {text}
        </Button>
      </Popover.Target>
      <Popover.Dropdown maw={360}>
        <Stack gap={6}>
          {breaks ? (
            <Text size="sm" c="red.9" fw={600}>
              {row.name} has departed: the controls they own are gaps until a lead assigns a new owner in the
              control matrix.
            </Text>
          ) : null}
          {row.owns.length ? (
            <Text size="sm">
              Owner of{' '}
              {row.owns.map((code, i) => (
                <span key={code}>
                  {i ? ', ' : ''}
                  <AnchorLink to="/o/$org/controls/$code" params={{ org, code }}>
                    {code}
                  </AnchorLink>
                </span>
              ))}
            </Text>
          ) : null}
          {row.backs.length ? (
            <Text size="sm">
              Backup owner of{' '}
              {row.backs.map((code, i) => (
                <span key={code}>
                  {i ? ', ' : ''}
                  <AnchorLink to="/o/$org/controls/$code" params={{ org, code }}>
                    {code}
                  </AnchorLink>
                </span>
              ))}
            </Text>
          ) : null}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** The roster, virtualized (only the visible rows are in the DOM); departed people clearly marked. */
export function RosterTable({ org, rows, canEdit, onEdit, onDepart, empty }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    initialRect: { width: 1200, height: 600 },
  });
  const items = virtual.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  const cell = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;
  return (
    <div ref={scroller} style={{ height: 'calc(100vh - 250px)', minHeight: 320, overflow: 'auto' }}>
      <Table stickyHeader fz="sm" highlightOnHover layout="fixed" aria-rowcount={rows.length}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="24%">Person</Table.Th>
            <Table.Th w="12%">Team</Table.Th>
            <Table.Th w="15%">Manager</Table.Th>
            <Table.Th w="13%">Status</Table.Th>
            <Table.Th w="15%">Controls</Table.Th>
            {canEdit ? <Table.Th w="21%">Actions</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {top > 0 ? <tr style={{ height: top }} aria-hidden /> : null}
          {items.map((item) => {
            const r = rows[item.index]!;
            const departed = r.status === 'departed';
            return (
              <Table.Tr
                key={r.id}
                h={ROW_HEIGHT}
                data-person={r.email}
                data-status={r.status}
                bg={departed ? 'gray.0' : undefined}
              >
                <Table.Td style={cell}>
                  <Text size="sm" fw={600} td={departed ? 'line-through' : undefined} style={cell}>
                    {r.name}
                  </Text>
                  <Text size="xs" c="gray.7" style={cell}>
                    {r.email}
                  </Text>
                </Table.Td>
                <Table.Td style={cell}>{r.team ?? '—'}</Table.Td>
                <Table.Td style={cell} title={r.managerEmail ?? undefined}>
                  {r.managerName ?? r.managerEmail ?? '—'}
                </Table.Td>
                <Table.Td>
                  {departed ? (
                    <>
                      <Badge color="red.9" variant="filled">
                        Departed
                      </Badge>
                      <Text size="xs" c="gray.7">
                        on {r.departedOn ?? 'an unknown date'}
                      </Text>
                    </>
                  ) : (
                    <Badge color="teal.9" variant="outline">
                      Active
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <OwnedControls org={org} row={r} />
                </Table.Td>
                {canEdit ? (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="default"
                        onClick={() => onEdit(r)}
                        aria-label={`Edit ${r.name}`}
                      >
                        Edit
                      </Button>
                      {departed ? null : (
                        <Button
                          size="compact-xs"
                          color="red.9"
                          variant="outline"
                          onClick={() => onDepart(r)}
                          aria-label={`Mark departed: ${r.name}`}
                        >
                          Mark departed
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            );
          })}
          {bottom > 0 ? <tr style={{ height: bottom }} aria-hidden /> : null}
        </Table.Tbody>
      </Table>
      {rows.length === 0 ? (
        <Text c="gray.7" p="md">
          {empty}
        </Text>
      ) : null}
    </div>
  );
}
