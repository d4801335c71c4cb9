import { Badge, Table, Text } from '@mantine/core';
import type { Reason } from '../api/types';
import { AnchorLink } from '../components/links';

const SEVERITY_COLOR = { gap: 'red.8', 'at-risk': '#a63a0b', info: 'gray.7' } as const;

/** Readiness reasons as a table: control, what to do, owner (unless they are all the reader's), due date. */
export function ReasonList({
  reasons,
  org,
  empty,
  showOwner = true,
}: {
  reasons: Reason[];
  org: string;
  empty: string;
  showOwner?: boolean;
}) {
  if (reasons.length === 0) return <Text c="gray.7">{empty}</Text>;
  return (
    <Table striped fz="sm" verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Control</Table.Th>
          <Table.Th>What to do</Table.Th>
          {showOwner ? <Table.Th>Owner</Table.Th> : null}
          <Table.Th>Due</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {reasons.map((r) => (
          <Table.Tr key={`${r.controlCode}-${r.code}-${r.requirementCode ?? r.exceptionId ?? ''}`}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <AnchorLink to="/o/$org/controls/$code" params={{ org, code: r.controlCode }}>
                {r.controlCode}
              </AnchorLink>
            </Table.Td>
            <Table.Td>
              <Badge size="xs" color={SEVERITY_COLOR[r.severity]} mr={6}>
                {r.severity}
              </Badge>
              {r.message}
            </Table.Td>
            {showOwner ? (
              <Table.Td>
                {r.ownerName ?? (
                  <Text c="red.9" size="sm">
                    Unowned
                  </Text>
                )}
              </Table.Td>
            ) : null}
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.dueOn ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Every actionable reason (gap first, then at-risk), soonest due first. */
export function actionableReasons(reasons: Reason[]): Reason[] {
  const rank = { gap: 0, 'at-risk': 1, info: 2 };
  return reasons
    .filter((r) => r.severity !== 'info')
    .sort((a, b) => rank[a.severity] - rank[b.severity] || (a.dueOn ?? '9').localeCompare(b.dueOn ?? '9'));
}
