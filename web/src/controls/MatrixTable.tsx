import { Badge, Checkbox, Table, Text, UnstyledButton } from '@mantine/core';
import type { Cadence } from '@server/core/vocabulary';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type CSSProperties, useRef } from 'react';
import { AnchorLink } from '../components/links';
import { StatusBadge } from '../components/StatusBadge';
import { TONE } from '../components/tones';
import { InlineSelect } from './InlineSelect';
import { CADENCES, dueState, FRAMEWORKS, type MatrixRow, needsOwner, type SortKey } from './matrix';

const ROW_HEIGHT = 40;
const CLIP: CSSProperties = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' };
const CADENCE_OPTIONS = CADENCES.map((c) => ({ value: c, label: c }));
const DUE_COLOR = { overdue: 'red.9', soon: '#a63a0b', later: undefined } as const;

interface Props {
  org: string;
  rows: MatrixRow[];
  /** The date "overdue" is judged at (readiness' T). */
  today: string;
  /** The framework whose criteria the criteria column shows. */
  framework: string;
  selected: Set<string>;
  /** Null hides the selection column (the role cannot bulk-assign). */
  onSelect: ((codes: string[], on: boolean) => void) | null;
  sort: SortKey;
  desc: boolean;
  onSort: (key: SortKey) => void;
  /** Active people to pick an owner from (e-mail → name). */
  owners: { value: string; label: string }[];
  canEditOwner: (row: MatrixRow) => boolean;
  canEditCadence: (row: MatrixRow) => boolean;
  onOwnerChange: (row: MatrixRow, email: string) => void;
  onCadenceChange: (row: MatrixRow, cadence: Cadence) => void;
}

/** The matrix rows, virtualized (only the visible rows are in the DOM), with sortable headers and inline edits. */
export function MatrixTable(props: Props) {
  const { org, rows, today, framework, selected, onSelect, sort, desc, onSort } = props;
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
  const frameworkName = FRAMEWORKS.find((f) => f.value === framework)?.label ?? framework;
  const header = (key: SortKey, label: string, width?: string | number) => (
    <Table.Th w={width} aria-sort={sort === key ? (desc ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton onClick={() => onSort(key)} fw={700} fz="sm" style={CLIP} maw="100%">
        {label} {sort === key ? (desc ? '▼' : '▲') : ''}
      </UnstyledButton>
    </Table.Th>
  );
  const columns = onSelect ? 8 : 7;
  return (
    <div
      ref={scroller}
      data-matrix
      style={{ height: 'calc(100vh - 280px)', minHeight: 320, overflow: 'auto' }}
    >
      <Table stickyHeader fz="sm" highlightOnHover layout="fixed" aria-rowcount={rows.length + 1}>
        <Table.Thead>
          <Table.Tr>
            {onSelect ? (
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
            ) : null}
            {header('code', 'Control', 96)}
            {header('title', 'Title')}
            {header('status', 'Status', 104)}
            {header('owner', 'Owner', '16%')}
            {header('cadence', 'Cadence', 128)}
            {header('nextDue', 'Next due', 164)}
            {header('criteria', `${frameworkName} criteria`, '15%')}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {top > 0 ? (
            <tr aria-hidden>
              <td colSpan={columns} style={{ height: top, padding: 0, border: 0 }} />
            </tr>
          ) : null}
          {items.map((item) => {
            const r = rows[item.index]!;
            const due = r.nextDue ? dueState(r.nextDue.dueOn, today) : null;
            const criteria = r.criteria[framework] ?? [];
            return (
              <Table.Tr key={r.code} h={ROW_HEIGHT} data-code={r.code} aria-rowindex={item.index + 2}>
                {onSelect ? (
                  <Table.Td>
                    <Checkbox
                      aria-label={`Select ${r.code}`}
                      checked={selected.has(r.code)}
                      onChange={(e) => onSelect([r.code], e.currentTarget.checked)}
                    />
                  </Table.Td>
                ) : null}
                <Table.Td style={CLIP}>
                  <AnchorLink to="/o/$org/controls/$code" params={{ org, code: r.code }}>
                    {r.code}
                  </AnchorLink>
                </Table.Td>
                <Table.Td style={CLIP} title={r.title}>
                  {r.title}
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={r.status} />
                </Table.Td>
                <Table.Td data-owner>
                  <InlineSelect
                    label={`owner of ${r.code}`}
                    value={r.ownerEmail}
                    data={props.owners}
                    editable={props.canEditOwner(r)}
                    searchable
                    onChange={(email) => props.onOwnerChange(r, email)}
                  >
                    {r.ownerName ? (
                      <>
                        {r.ownerName}
                        {needsOwner(r) ? (
                          <Badge
                            ml={4}
                            size="xs"
                            color={TONE.danger}
                            variant="light"
                            data-owner-departed
                            title={`${r.ownerName} is ${r.ownerStatus}: this control needs a new owner`}
                          >
                            {r.ownerStatus}
                          </Badge>
                        ) : null}
                      </>
                    ) : (
                      <Text c="red.9" size="sm" component="span">
                        Unowned
                      </Text>
                    )}
                  </InlineSelect>
                </Table.Td>
                <Table.Td data-cadence>
                  <InlineSelect
                    label={`cadence of ${r.code}`}
                    value={r.cadence}
                    data={CADENCE_OPTIONS}
                    editable={props.canEditCadence(r)}
                    onChange={(cadence) => props.onCadenceChange(r, cadence as Cadence)}
                  >
                    {r.cadence}
                  </InlineSelect>
                </Table.Td>
                <Table.Td
                  data-next-due={r.nextDue?.dueOn ?? ''}
                  title={r.nextDue ? `${r.nextDue.requirementCode} due ${r.nextDue.dueOn}` : undefined}
                  style={CLIP}
                >
                  {r.nextDue && due ? (
                    <Text
                      component="span"
                      size="sm"
                      c={DUE_COLOR[due]}
                      fw={due === 'later' ? undefined : 600}
                    >
                      {r.nextDue.dueOn}
                      {due === 'overdue' ? (
                        <Badge size="xs" color="red.8" ml={4} variant="filled">
                          overdue
                        </Badge>
                      ) : null}
                    </Text>
                  ) : (
                    <Text component="span" size="sm" c="gray.7">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={CLIP} title={criteria.join(', ')}>
                  {criteria.join(', ') || '—'}
                </Table.Td>
              </Table.Tr>
            );
          })}
          {bottom > 0 ? (
            <tr aria-hidden>
              <td colSpan={columns} style={{ height: bottom, padding: 0, border: 0 }} />
            </tr>
          ) : null}
        </Table.Tbody>
      </Table>
      {rows.length === 0 ? (
        <Text c="gray.7" p="md">
          No control matches these filters: clear the search or pick another status, owner or category.
        </Text>
      ) : null}
    </div>
  );
}
