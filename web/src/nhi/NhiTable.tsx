import { Badge, Center, Checkbox, Group, Loader, Table, Text, Tooltip } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { nhiAccountOf } from '../../../src/core/nhi/scope-words';
import { AnchorLink } from '../components/links';
import { TONE } from '../components/tones';
import { dayOf, providerLabel, ruleLabel } from './nhi';
import { OwnerBadge } from './OwnerBadge';
import type { Nhi } from './types';

const ROW_HEIGHT = 44;
/** Load the next page when the visible rows come this close to the end of what is loaded. */
const PREFETCH_ROWS = 25;
const clip = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;

interface Props {
  org: string;
  rows: Nhi[];
  /** Null when the signed-in role cannot act on identities (no checkboxes then). */
  selected: Set<string> | null;
  onSelect: (ids: string[], on: boolean) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  today: string;
  /** True while a new filter loads (the previous rows stay, dimmed). */
  busy?: boolean;
}

/**
 * The inventory, virtualized (only the visible rows are in the DOM); the next
 * page loads as the reader scrolls towards the end of what is loaded.
 */
export function NhiTable({
  org,
  rows,
  selected,
  onSelect,
  hasMore,
  loadingMore,
  onLoadMore,
  today,
  busy = false,
}: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1200, height: 600 },
  });
  const items = virtual.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore]);
  const top = items[0]?.start ?? 0;
  const bottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  const allOn = selected !== null && rows.length > 0 && rows.every((r) => selected.has(r.id));

  return (
    <div
      ref={scroller}
      style={{ height: 'calc(100vh - 330px)', minHeight: 320, overflow: 'auto', opacity: busy ? 0.5 : 1 }}
      data-testid="nhi-table"
      aria-busy={busy}
    >
      <Table stickyHeader fz="sm" highlightOnHover layout="fixed" aria-rowcount={rows.length}>
        <Table.Thead>
          <Table.Tr>
            {selected ? (
              <Table.Th w={40}>
                <Checkbox
                  aria-label="Select every loaded identity"
                  checked={allOn}
                  onChange={(e) =>
                    onSelect(
                      rows.map((r) => r.id),
                      e.currentTarget.checked,
                    )
                  }
                />
              </Table.Th>
            ) : null}
            <Table.Th w="20%">Name</Table.Th>
            <Table.Th w="11%">Kind</Table.Th>
            <Table.Th w="7%">Provider</Table.Th>
            <Table.Th
              w="11%"
              title="The AWS account, GCP project, Azure tenant, cluster or GitHub organization"
            >
              Account
            </Table.Th>
            <Table.Th w="14%">Owner</Table.Th>
            <Table.Th w={90}>Privileged</Table.Th>
            <Table.Th w={100}>Last used</Table.Th>
            <Table.Th w={100}>Expires</Table.Th>
            <Table.Th>Open findings</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {top > 0 ? <tr style={{ height: top }} aria-hidden /> : null}
          {items.map((item) => {
            const n = rows[item.index]!;
            const expired = n.expiresAt !== null && n.expiresAt.slice(0, 10) < today;
            const account = nhiAccountOf(n);
            return (
              <Table.Tr key={n.id} h={ROW_HEIGHT} data-nhi={n.name} data-kind={n.kind}>
                {selected ? (
                  <Table.Td>
                    <Checkbox
                      aria-label={`Select ${n.name}`}
                      checked={selected.has(n.id)}
                      onChange={(e) => onSelect([n.id], e.currentTarget.checked)}
                    />
                  </Table.Td>
                ) : null}
                <Table.Td title={n.externalId}>
                  <Group gap={6} wrap="nowrap">
                    <div style={{ ...clip, minWidth: 0 }}>
                      <AnchorLink to="/o/$org/nhi/$nhiId" params={{ org, nhiId: n.id }}>
                        {n.name}
                      </AnchorLink>
                    </div>
                    {n.status !== 'active' ? (
                      <Badge size="xs" variant="outline" color={TONE.muted}>
                        {n.status}
                      </Badge>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td style={clip}>{n.kind}</Table.Td>
                <Table.Td style={clip}>{providerLabel(n.provider)}</Table.Td>
                <Table.Td
                  style={clip}
                  title={account ?? 'the export does not say'}
                  data-account={account ?? ''}
                >
                  {account ?? '—'}
                </Table.Td>
                <Table.Td style={{ overflow: 'hidden' }}>
                  <OwnerBadge nhi={n} />
                </Table.Td>
                <Table.Td>
                  {n.privileged ? (
                    <Tooltip label={n.privilegeSummary ?? 'privileged'} withArrow>
                      <Badge color={TONE.warning} variant="outline" tabIndex={0}>
                        Yes
                      </Badge>
                    </Tooltip>
                  ) : (
                    <Text size="sm" c="gray.7">
                      No
                    </Text>
                  )}
                </Table.Td>
                <Table.Td
                  style={clip}
                  title={n.lastUsedAt ? undefined : 'never used, or the export does not say'}
                >
                  {n.lastUsedAt ? dayOf(n.lastUsedAt) : '—'}
                </Table.Td>
                <Table.Td
                  style={clip}
                  c={expired ? TONE.danger : undefined}
                  title={
                    n.expiresAt
                      ? expired
                        ? `expired on ${dayOf(n.expiresAt)}`
                        : undefined
                      : 'no expiry, or the export does not say'
                  }
                >
                  {n.expiresAt ? (expired ? 'Expired' : dayOf(n.expiresAt)) : '—'}
                </Table.Td>
                <Table.Td style={clip} title={n.openFindings.map(ruleLabel).join(', ')}>
                  {n.openFindings.length === 0 ? (
                    <Text size="sm" c="gray.7">
                      None
                    </Text>
                  ) : (
                    <span data-findings={n.openFindings.length}>
                      <b>{n.openFindings.length}</b>: {n.openFindings.map(ruleLabel).join(', ')}
                    </span>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
          {bottom > 0 ? <tr style={{ height: bottom }} aria-hidden /> : null}
        </Table.Tbody>
      </Table>
      {loadingMore ? (
        <Center p="sm" role="status">
          <Loader size="xs" mr="xs" />
          <Text size="sm" c="gray.7">
            Loading more identities…
          </Text>
        </Center>
      ) : null}
    </div>
  );
}
