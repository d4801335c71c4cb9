import { Button, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { type CSSProperties, useState } from 'react';
import type { OwnerWorkload, Workload, WorkloadCell } from './workload';

/** How many owner rows show before "show all". */
const FIRST_ROWS = 12;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Heat-map shade of a cell: five steps of the count against the busiest owner-week (dark text on all). */
export function shadeOf(due: number, peak: number): number {
  if (due === 0 || peak === 0) return 0;
  return Math.min(4, Math.ceil((due / peak) * 4));
}

function cellStyle(cell: WorkloadCell, peak: number, current: boolean): CSSProperties {
  const shade = shadeOf(cell.due, peak);
  return {
    textAlign: 'center',
    padding: '2px 0',
    minWidth: 30,
    background:
      cell.overdue > 0
        ? 'var(--mantine-color-red-1)'
        : shade > 0
          ? `var(--mantine-color-indigo-${shade})`
          : undefined,
    color: cell.overdue > 0 ? 'var(--mantine-color-red-9)' : 'var(--mantine-color-dark-9)',
    fontWeight: cell.overdue > 0 ? 700 : undefined,
    outline: cell.overdue > 0 ? '1px solid var(--mantine-color-red-8)' : undefined,
    outlineOffset: -1,
    borderLeft: current ? '2px solid var(--mantine-color-dark-6)' : undefined,
  };
}

function Cell({ cell, peak, current }: { cell: WorkloadCell; peak: number; current: boolean }) {
  return (
    <Table.Td
      style={cellStyle(cell, peak, current)}
      data-week={cell.week}
      data-overdue={cell.overdue || undefined}
    >
      {cell.due > 0 ? (
        <>
          {cell.due}
          {cell.overdue > 0 ? '!' : ''}
          <VisuallyHidden>
            {' '}
            due in the week of {cell.week}
            {cell.done ? `, ${cell.done} done` : ''}
            {cell.overdue ? `, ${cell.overdue} overdue` : ''}
          </VisuallyHidden>
        </>
      ) : null}
    </Table.Td>
  );
}

const sticky: CSSProperties = {
  position: 'sticky',
  left: 0,
  zIndex: 1,
  background: 'var(--mantine-color-body)',
  whiteSpace: 'nowrap',
  maxWidth: 200,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
};

/**
 * Owners × weeks: how many plan items each owner has due each ISO week,
 * shaded by load, overdue cells in red with "!"; the current week is ruled.
 * Clicking an owner filters the plan's items (and clicking again clears it).
 */
export function WorkloadHeatmap({
  workload,
  currentWeek,
  selected,
  onSelect,
}: {
  workload: Workload;
  currentWeek: string;
  selected: string | null;
  onSelect: (owner: string | null) => void;
}) {
  const [all, setAll] = useState(false);
  if (workload.owners.length === 0)
    return (
      <Text c="gray.7">
        Nothing is planned yet: the plan gets due dates once controls have evidence requirements.
      </Text>
    );
  const keyOf = (o: OwnerWorkload) => o.ownerId ?? '__none';
  const selectedRow = workload.owners.find((o) => keyOf(o) === selected);
  let rows = all ? workload.owners : workload.owners.slice(0, FIRST_ROWS);
  // The owner being filtered on stays visible even when the list is folded.
  if (selectedRow && !rows.includes(selectedRow)) rows = [...rows, selectedRow];
  return (
    <>
      <section
        aria-label="Plan items due per owner and week"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
        style={{ overflowX: 'auto', maxWidth: '100%', position: 'relative' }}
      >
        <Table
          fz="xs"
          withRowBorders={false}
          verticalSpacing={2}
          horizontalSpacing={4}
          data-testid="workload"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th style={sticky} scope="col">
                Owner
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Open
              </Table.Th>
              <Table.Th scope="col" ta="right">
                Overdue
              </Table.Th>
              {workload.weeks.map((w) => (
                <Table.Th
                  key={w}
                  scope="col"
                  style={{
                    textAlign: 'center',
                    fontWeight: w === currentWeek ? 700 : 400,
                    lineHeight: 1.1,
                    borderLeft: w === currentWeek ? '2px solid var(--mantine-color-dark-6)' : undefined,
                  }}
                >
                  <VisuallyHidden>Week of </VisuallyHidden>
                  {Number(w.slice(8, 10))}
                  <br />
                  {MONTHS[Number(w.slice(5, 7)) - 1]}
                  {w.slice(5, 10) <= '01-07' || w === workload.weeks[0] ? (
                    <>
                      <br />
                      {w.slice(2, 4)}
                    </>
                  ) : null}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((o) => {
              const on = keyOf(o) === selected;
              return (
                <Table.Tr key={keyOf(o)} data-owner={o.name}>
                  <Table.Th scope="row" style={sticky}>
                    <UnstyledButton
                      onClick={() => onSelect(on ? null : keyOf(o))}
                      aria-pressed={on}
                      fz="xs"
                      fw={on ? 700 : 500}
                      c={o.ownerId === null ? 'red.9' : undefined}
                      td={on ? 'underline' : undefined}
                      title={on ? 'Show everyone again' : `Show only ${o.name}'s items`}
                    >
                      {o.name}
                    </UnstyledButton>
                  </Table.Th>
                  <Table.Td ta="right">{o.open}</Table.Td>
                  <Table.Td ta="right" c={o.overdue ? 'red.9' : undefined} fw={o.overdue ? 700 : undefined}>
                    {o.overdue}
                  </Table.Td>
                  {o.cells.map((c) => (
                    <Cell key={c.week} cell={c} peak={workload.peak} current={c.week === currentWeek} />
                  ))}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th scope="row" style={sticky}>
                Everyone
              </Table.Th>
              <Table.Td ta="right" fw={700}>
                {workload.owners.reduce((n, o) => n + o.open, 0)}
              </Table.Td>
              <Table.Td ta="right" fw={700}>
                {workload.owners.reduce((n, o) => n + o.overdue, 0)}
              </Table.Td>
              {workload.totals.map((c) => (
                <Table.Td
                  key={c.week}
                  ta="center"
                  fw={700}
                  c={c.overdue ? 'red.9' : undefined}
                  style={{
                    borderLeft: c.week === currentWeek ? '2px solid var(--mantine-color-dark-6)' : undefined,
                  }}
                >
                  {c.due || ''}
                </Table.Td>
              ))}
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </section>
      {workload.owners.length > FIRST_ROWS ? (
        <Button variant="subtle" size="compact-sm" mt={4} onClick={() => setAll(!all)}>
          {all ? `Show the ${FIRST_ROWS} busiest owners` : `Show all ${workload.owners.length} owners`}
        </Button>
      ) : null}
    </>
  );
}
