import { Checkbox, Table, Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { AnchorLink } from '../components/links';
import { StatusBadge } from '../components/StatusBadge';
import type { MatrixRow, SortKey } from './matrix';

const ROW_HEIGHT = 40;

interface Props {
  org: string;
  rows: MatrixRow[];
  selected: Set<string>;
  onSelect: (codes: string[], on: boolean) => void;
  sort: SortKey;
  desc: boolean;
  onSort: (key: SortKey) => void;
}

/** The matrix rows, virtualized (only the visible rows are in the DOM), with sortable headers. */
export function MatrixTable({ org, rows, selected, onSelect, sort, desc, onSort }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1200, height: 600 },
  });
  const items = virtual.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  const allOn = rows.length > 0 && rows.every((r) => selected.has(r.code));
  const header = (key: SortKey, label: string) => (
    <Table.Th aria-sort={sort === key ? (desc ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton onClick={() => onSort(key)} fw={700} fz="sm">
        {label} {sort === key ? (desc ? '▼' : '▲') : ''}
      </UnstyledButton>
    </Table.Th>
  );
  return (
    <div ref={scroller} style={{ height: 'calc(100vh - 260px)', minHeight: 320, overflow: 'auto' }}>
      <Table stickyHeader fz="sm" highlightOnHover layout="fixed" aria-rowcount={rows.length}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>
              <Checkbox
                aria-label="Select every listed control"
                checked={allOn}
                onChange={(e) =>
                  onSelect(
                    rows.map((r) => r.code),
                    e.currentTarget.checked,
                  )
                }
              />
            </Table.Th>
            {header('code', 'Control')}
            <Table.Th w="34%">Title</Table.Th>
            {header('status', 'Status')}
            {header('owner', 'Owner')}
            {header('cadence', 'Cadence')}
            <Table.Th w="18%">SOC 2 criteria</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {top > 0 ? <tr style={{ height: top }} aria-hidden /> : null}
          {items.map((item) => {
            const r = rows[item.index]!;
            return (
              <Table.Tr key={r.code} h={ROW_HEIGHT} data-code={r.code}>
                <Table.Td>
                  <Checkbox
                    aria-label={`Select ${r.code}`}
                    checked={selected.has(r.code)}
                    onChange={(e) => onSelect([r.code], e.currentTarget.checked)}
                  />
                </Table.Td>
                <Table.Td>
                  <AnchorLink to="/o/$org/controls/$code" params={{ org, code: r.code }}>
                    {r.code}
                  </AnchorLink>
                </Table.Td>
                <Table.Td style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                  {r.title}
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={r.status} />
                </Table.Td>
                <Table.Td>
                  {r.ownerName ?? (
                    <Text c="red.9" size="sm">
                      Unowned
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{r.cadence}</Table.Td>
                <Table.Td style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                  {(r.criteria.soc2 ?? []).join(', ') || '—'}
                </Table.Td>
              </Table.Tr>
            );
          })}
          {bottom > 0 ? <tr style={{ height: bottom }} aria-hidden /> : null}
        </Table.Tbody>
      </Table>
      {rows.length === 0 ? (
        <Text c="gray.7" p="md">
          No control matches these filters: clear the search or pick another status.
        </Text>
      ) : null}
    </div>
  );
}
