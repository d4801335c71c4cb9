import {
  Badge,
  Button,
  Group,
  Pagination,
  SegmentedControl,
  Select,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { AnchorLink } from '../components/links';
import { type PlanEntry, useCompleteItem } from './queries';
import { addDays, filterItems, groupByWeek, type ItemFilter, isGapWork, itemState } from './workload';

const PAGE = 50;

const STATE_BADGE = {
  done: { color: 'teal.9', label: 'Done' },
  overdue: { color: 'red.8', label: 'Overdue' },
  open: { color: 'gray.7', label: 'Open' },
} as const;

/** The words an item is known by: the milestone's title, the gap work's label, or the requirement and period. */
export function itemLabel(item: PlanEntry): string {
  if (item.kind === 'milestone') return item.title;
  if (item.kind === 'gap')
    return `${item.label}: ${item.controlCode}${item.requirementCode ? ` ${item.requirementCode}` : ''}`;
  return `${item.requirementCode}${item.period ? ` for ${item.period.start} – ${item.period.end}` : ''}`;
}

/** Whether a lead may mark the item done: milestones, and past evidence no readiness reason is about (gap work closes by itself). */
export function canMarkDone(item: PlanEntry, today: string): boolean {
  if (item.doneOn) return false;
  if (item.kind === 'milestone') return true;
  if (item.kind === 'gap') return false;
  return item.gap === undefined && item.dueOn <= today;
}

/**
 * The plan's items (milestones, evidence due dates and the gap work of
 * readiness) grouped by ISO week, filtered by owner, state, kind and text,
 * paged 50 at a time; leads mark a milestone (or past evidence that needs no
 * record) done from here; gap work closes when its reason goes.
 */
export function PlanItems({
  org,
  engagementId,
  items,
  today,
  owner,
  onOwner,
  owners,
  nameOf,
  controlTitle,
  canComplete,
}: {
  org: string;
  engagementId: string;
  items: PlanEntry[];
  today: string;
  owner: string | null;
  onOwner: (owner: string | null) => void;
  owners: { value: string; label: string }[];
  nameOf: (id: string) => string | undefined;
  controlTitle: (code: string) => string | undefined;
  canComplete: boolean;
}) {
  const [filter, setFilter] = useState<Omit<ItemFilter, 'owner'>>({
    state: 'not-done',
    kind: 'all',
    search: '',
  });
  const [page, setPage] = useState(1);
  const complete = useCompleteItem(org);
  const shown = useMemo(
    () =>
      filterItems(items, { ...filter, owner }, today, (i) =>
        i.kind === 'milestone'
          ? `${i.title} ${i.code}`
          : i.kind === 'gap'
            ? `${i.controlCode} ${i.requirementCode ?? ''} ${i.label} ${i.message} ${controlTitle(i.controlCode) ?? ''}`
            : `${i.controlCode} ${i.requirementCode} ${i.gap?.message ?? ''} ${controlTitle(i.controlCode) ?? ''}`,
      ),
    [items, filter, owner, today, controlTitle],
  );
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  const current = Math.min(page, pages);
  const groups = groupByWeek(shown.slice((current - 1) * PAGE, current * PAGE));
  const change = (next: Partial<typeof filter>) => {
    setFilter({ ...filter, ...next });
    setPage(1);
  };

  return (
    <>
      <Group align="end" gap="sm" mb="sm" wrap="wrap">
        <Select
          label="Owner"
          placeholder="Everyone"
          clearable
          searchable
          data={owners}
          value={owner}
          onChange={(o) => {
            onOwner(o);
            setPage(1);
          }}
          w={220}
        />
        <Select
          label="State"
          allowDeselect={false}
          data={[
            { value: 'not-done', label: 'Not done (open or overdue)' },
            { value: 'overdue', label: 'Overdue' },
            { value: 'open', label: 'Open, not yet due' },
            { value: 'done', label: 'Done' },
            { value: 'all', label: 'All' },
          ]}
          value={filter.state}
          onChange={(s) => s && change({ state: s as ItemFilter['state'] })}
          w={220}
        />
        <SegmentedControl
          aria-label="Kind of item"
          data={[
            { value: 'all', label: 'All items' },
            { value: 'milestone', label: 'Milestones' },
            { value: 'evidence', label: 'Evidence' },
            { value: 'gap', label: 'Gap work' },
          ]}
          value={filter.kind}
          onChange={(k) => change({ kind: k as ItemFilter['kind'] })}
        />
        <TextInput
          label="Search items"
          placeholder="Control, requirement or milestone"
          value={filter.search}
          onChange={(e) => change({ search: e.currentTarget.value })}
        />
      </Group>
      {complete.error ? <ErrorNote title="Could not mark the item done" error={complete.error} /> : null}
      <Text size="sm" c="gray.7" mb={4} aria-live="polite">
        {shown.length} of {items.length} items
        {owner ? ` owned by ${owner === '__none' ? 'nobody' : (nameOf(owner) ?? 'this person')}` : ''}.
      </Text>
      {shown.length === 0 ? (
        <Text c="gray.7" py="md">
          No item matches these filters: pick another state or owner, or clear the search.
        </Text>
      ) : (
        <Table fz="sm" verticalSpacing={4} data-testid="plan-items">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={100}>Due</Table.Th>
              <Table.Th>Item</Table.Th>
              <Table.Th w={180}>Owner</Table.Th>
              <Table.Th w={170}>State</Table.Th>
              {canComplete ? <Table.Th w={120}>Action</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          {groups.map((g) => (
            <Table.Tbody key={g.week}>
              <Table.Tr bg="gray.1">
                <Table.Th colSpan={canComplete ? 5 : 4}>
                  Week of {g.week} – {addDays(g.week, 6)} · {g.items.length} item
                  {g.items.length === 1 ? '' : 's'}
                </Table.Th>
              </Table.Tr>
              {g.items.map((item) => {
                const state = itemState(item, today);
                return (
                  <Table.Tr key={item.key} data-item={item.key} data-state={state}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{item.dueOn}</Table.Td>
                    <Table.Td>
                      {item.kind === 'milestone' ? (
                        <>
                          <Badge size="xs" color="indigo.8" mr={6}>
                            Milestone
                          </Badge>
                          {item.title}
                        </>
                      ) : (
                        <>
                          {item.kind === 'gap' || item.gap ? (
                            <Badge
                              size="xs"
                              color={
                                (item.kind === 'gap' ? item.severity : item.gap?.severity) === 'gap'
                                  ? 'red.8'
                                  : '#a63a0b'
                              }
                              mr={6}
                              data-gap={item.kind === 'gap' ? item.code : item.gap?.code}
                            >
                              {item.kind === 'gap' ? item.label : item.gap?.label}
                            </Badge>
                          ) : null}
                          <AnchorLink to="/o/$org/controls/$code" params={{ org, code: item.controlCode }}>
                            {item.controlCode}
                          </AnchorLink>{' '}
                          {controlTitle(item.controlCode) ?? ''}
                          <Text size="xs" c="gray.7">
                            {item.kind === 'gap'
                              ? item.message
                              : `${item.requirementCode}${item.period ? ` · covers ${item.period.start} – ${item.period.end}` : ''}${
                                  item.gap ? ` · ${item.gap.message}` : ''
                                }`}
                          </Text>
                        </>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {item.ownerId ? (
                        (nameOf(item.ownerId) ?? 'Unknown person')
                      ) : (
                        <Text c="red.9" size="sm">
                          Unowned
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge size="sm" color={STATE_BADGE[state].color} data-state={state}>
                        {STATE_BADGE[state].label}
                      </Badge>
                      {item.doneOn ? (
                        <Text size="xs" c="gray.7">
                          {item.doneOn}
                          {item.doneBy ? ` by ${item.doneBy}` : ''}
                        </Text>
                      ) : null}
                    </Table.Td>
                    {canComplete ? (
                      <Table.Td>
                        {!canMarkDone(item, today) ? (
                          item.doneOn ? null : (
                            <Text size="xs" c="gray.7">
                              {isGapWork(item) ? 'Closes when resolved' : 'Closes when evidence is accepted'}
                            </Text>
                          )
                        ) : (
                          <Button
                            size="compact-xs"
                            variant="outline"
                            aria-label={`Mark done: ${itemLabel(item)}`}
                            loading={complete.isPending && complete.variables?.key === item.key}
                            onClick={() => complete.mutate({ key: item.key, engagementId })}
                          >
                            Mark done
                          </Button>
                        )}
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          ))}
        </Table>
      )}
      {pages > 1 ? (
        <Pagination
          mt="sm"
          total={pages}
          value={current}
          onChange={setPage}
          getControlProps={(control) => ({ 'aria-label': `${control} page` })}
          getItemProps={(p) => ({ 'aria-label': `Page ${p} of ${pages}` })}
        />
      ) : null}
    </>
  );
}
