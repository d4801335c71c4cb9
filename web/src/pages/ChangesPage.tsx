import { Anchor, Badge, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useMembership } from '../api/session';
import { type Change, type Release, useChangeRepositories, useReleases } from '../changes/queries';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';

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

function ReleaseCard({ release }: { release: Release }) {
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

/** The releases timeline: each production release with its changes, their approval and checks; violations in red. */
export function ChangesPage() {
  const { org } = useParams({ from: '/o/$org/changes' });
  const membership = useMembership(org);
  const [repository, setRepository] = useState<string | null>(null);
  const repositories = useChangeRepositories(org);
  const releases = useReleases(org, repository);

  if (membership?.can.change.read !== true)
    return <ErrorNote error={new Error('You may not see changes here.')} />;
  if (releases.isPending || repositories.isPending) return <Loading what="releases" />;
  if (releases.error) return <ErrorNote error={releases.error} />;
  if (repositories.error) return <ErrorNote error={repositories.error} />;

  const all = releases.data;
  const violations = all.reduce(
    (n, r) => n + r.findings.length + r.changes.reduce((m, c) => m + c.findings.length, 0),
    0,
  );
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Changes and releases</Title>
        <Select
          aria-label="Repository"
          placeholder="All repositories"
          clearable
          data={repositories.data.map((r) => r.name)}
          value={repository}
          onChange={setRepository}
          w={320}
        />
      </Group>
      <Text size="sm" c="gray.7">
        {all.length} production release{all.length === 1 ? '' : 's'}; {violations} open violation
        {violations === 1 ? '' : 's'} of the change-management rules. Import a repository's export with{' '}
        <Anchor component="span" ff="monospace">
          auditready changes import DIR
        </Anchor>
        .
      </Text>
      {all.length === 0 ? <Text>No production release imported yet.</Text> : null}
      {all.map((r) => (
        <ReleaseCard key={r.id} release={r} />
      ))}
    </Stack>
  );
}
