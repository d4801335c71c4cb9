import { Badge, Table, Text } from '@mantine/core';
import { AnchorLink } from '../components/links';
import type { PlanEntry } from './queries';
import { itemState } from './workload';

/** What an item asks for, in a few words. */
function work(item: PlanEntry): string {
  if (item.kind === 'milestone') return item.title;
  if (item.kind === 'gap') return item.message;
  const period = item.period ? ` for ${item.period.start} – ${item.period.end}` : '';
  return item.gap ? item.gap.message : `Evidence ${item.requirementCode}${period}`;
}

/** The reader's open plan items (gap work, evidence, milestones) as a table: due, control, what to do, state. */
export function MyItems({ items, org, today }: { items: PlanEntry[]; org: string; today: string }) {
  if (items.length === 0)
    return (
      <Text c="gray.7">Nothing is waiting on you: no gap work, nothing due in the next four weeks.</Text>
    );
  return (
    <Table striped fz="sm" verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Due</Table.Th>
          <Table.Th>Control</Table.Th>
          <Table.Th>What to do</Table.Th>
          <Table.Th>State</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item) => {
          const state = itemState(item, today);
          return (
            <Table.Tr key={item.key} data-item={item.key}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{item.dueOn}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {item.kind === 'milestone' ? (
                  'Milestone'
                ) : (
                  <AnchorLink to="/o/$org/controls/$code" params={{ org, code: item.controlCode }}>
                    {item.controlCode}
                  </AnchorLink>
                )}
              </Table.Td>
              <Table.Td>{work(item)}</Table.Td>
              <Table.Td>
                <Badge size="sm" color={state === 'overdue' ? 'red.8' : 'gray.7'}>
                  {state === 'overdue' ? 'Overdue' : 'Open'}
                </Badge>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
