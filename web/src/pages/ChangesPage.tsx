import { Anchor, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useMembership } from '../api/session';
import { useChangeRepositories, useReleases } from '../changes/queries';
import { ReleaseCard } from '../changes/ReleaseCard';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';

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
