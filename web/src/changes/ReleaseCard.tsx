import { Badge, Group, Paper, Table, Text } from '@mantine/core';
import type { Change, Release } from './queries';

const APPROVAL_COLOR: Record<Change['approval'], string> = {
  approved: 'green',
  'retro-approved': 'green',
  'retro-pending': 'yellow',
  'self-approved': 'red',
  unapproved: 'red',
  'direct-push': 'red',
};
const CHECKS_COLOR: Record<Change['checks'], string> = {
  passed: 'green',
  failed: 'red',
  missing: 'red',
  'not-exported': 'gray',
};

function approvalText(c: Change): string {
  return c.approvers.length > 0 ? `${c.approval} by ${c.approvers.join(', ')}` : c.approval;
}

/** One production release: its changes with approval and checks; violations in red. */
export function ReleaseCard({ release }: { release: Release }) {
  const flagged = release.findings.length > 0 || release.changes.some((c) => c.findings.length > 0);
  return (
    <Paper withBorder p="sm" style={flagged ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>
          {release.deployedAt.slice(0, 16).replace('T', ' ')} · {release.label}
        </Text>
        <Group gap="xs">
          <Badge variant="light">{release.environment}</Badge>
          <Badge variant="light" color={flagged ? 'red' : 'green'}>
            {release.changes.length} change{release.changes.length === 1 ? '' : 's'}
          </Badge>
        </Group>
      </Group>
      {release.findings.map((f) => (
        <Text key={f.findingId} size="sm" c="red.8">
          {f.title}
        </Text>
      ))}
      {release.changes.length > 0 ? (
        <Table striped withRowBorders={false} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Change</Table.Th>
              <Table.Th>Title</Table.Th>
              <Table.Th>Author</Table.Th>
              <Table.Th>Approval</Table.Th>
              <Table.Th>Checks</Table.Th>
              <Table.Th>Violations</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {release.changes.map((c) => (
              <Table.Tr key={c.id} bg={c.findings.length > 0 ? 'red.0' : undefined}>
                <Table.Td>{c.label}</Table.Td>
                <Table.Td>
                  {c.emergency ? (
                    <Badge size="xs" color="orange" mr={4}>
                      emergency
                    </Badge>
                  ) : null}
                  {c.title}
                </Table.Td>
                <Table.Td>{c.author}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={APPROVAL_COLOR[c.approval]}>
                    {approvalText(c)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={CHECKS_COLOR[c.checks]}>
                    {c.checks}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {c.findings.map((f) => (
                    <Text key={f.findingId} size="xs" c="red.8">
                      {f.rule}
                    </Text>
                  ))}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="red.8">
          No change: {release.emptyReason ?? 'nothing in its commit range'}
        </Text>
      )}
    </Paper>
  );
}
