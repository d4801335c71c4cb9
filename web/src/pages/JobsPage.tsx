import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useMembership } from '../api/session';
import { CadenceSettingsForm } from '../cadence/CadenceSettingsForm';
import { retryJob, useDeadJobs, useWeeklyRuns, type WeeklyRun } from '../cadence/queries';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { TONE } from '../components/tones';
import { useAction } from '../components/useAction';
import { GithubConnections } from '../connectors/GithubConnections';

const STATUS_TONE: Record<string, string> = {
  succeeded: TONE.ok,
  partial: TONE.warning,
  failed: TONE.danger,
  running: 'blue',
  queued: 'gray',
};

function RunCard({ run }: { run: WeeklyRun }) {
  return (
    <Paper withBorder p="sm" data-testid="weekly-run">
      <Group justify="space-between">
        <Text fw={600}>Week of {run.week}</Text>
        <Badge color={STATUS_TONE[run.status] ?? 'gray'}>{run.status}</Badge>
      </Group>
      <Text size="xs" c="gray.7">
        started {run.startedAt}
        {run.finishedAt ? `, finished ${run.finishedAt}` : ''}
      </Text>
      <Table mt="xs" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Step</Table.Th>
            <Table.Th>Outcome</Table.Th>
            <Table.Th>Detail</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {run.steps.map((s) => (
            <Table.Tr key={s.position}>
              <Table.Td>{s.name}</Table.Td>
              <Table.Td>
                <Badge color={STATUS_TONE[s.status] ?? 'gray'} variant="light">
                  {s.status}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{s.error ?? (s.detail === null ? '' : JSON.stringify(s.detail))}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** The weekly run: its runs and steps, the dead letters (leads retry them), and its settings (admins). */
export function JobsPage() {
  const { org } = useParams({ from: '/o/$org/settings/jobs' });
  const membership = useMembership(org);
  const runs = useWeeklyRuns(org);
  const dead = useDeadJobs(org);
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const retry = useAction(async (id: string) => {
    await retryJob(org, id);
    setDone('Queued again: the next worker runs it.');
    await queryClient.invalidateQueries({ queryKey: [org, 'cadence'] });
  });
  const canRetry = membership?.can.cadence.retry === true;
  const canConfigure = membership?.can.cadence.configure === true;

  if (runs.isPending || dead.isPending) return <Loading what="the weekly runs" />;
  if (runs.error) return <ErrorNote error={runs.error} />;
  if (dead.error) return <ErrorNote error={dead.error} />;

  return (
    <Stack gap="sm">
      <Title order={2}>Weekly run and jobs</Title>
      <Text size="sm" c="gray.7">
        Once a week auditready runs the scheduled collections, keeps a readiness snapshot and sends the
        digests. A collection that fails is retried with a growing pause, then set aside here as a dead
        letter; the digests go out regardless and the lead's summary names it.
      </Text>
      {done ? (
        <Alert color={TONE.ok} withCloseButton closeButtonLabel="Dismiss" onClose={() => setDone(null)}>
          {done}
        </Alert>
      ) : null}
      {retry.error ? <ErrorNote error={retry.error} /> : null}
      <Title order={3}>Dead letters ({dead.data.length})</Title>
      {dead.data.length === 0 ? (
        <Text size="sm">No job is waiting for a retry.</Text>
      ) : (
        <Table striped data-testid="dead-letters">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Task</Table.Th>
              <Table.Th>Attempts</Table.Th>
              <Table.Th>Last error</Table.Th>
              <Table.Th>Failed</Table.Th>
              {canRetry ? <Table.Th /> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {dead.data.map((j) => (
              <Table.Tr key={j.id}>
                <Table.Td>{j.task}</Table.Td>
                <Table.Td>
                  {j.attempts}/{j.maxAttempts}
                </Table.Td>
                <Table.Td>{j.lastError}</Table.Td>
                <Table.Td>{j.finishedAt}</Table.Td>
                {canRetry ? (
                  <Table.Td>
                    <Button size="xs" loading={retry.busy} onClick={() => void retry.run(j.id)}>
                      Retry
                    </Button>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={3}>Runs</Title>
      {runs.data.length === 0 ? <Text size="sm">No weekly run yet.</Text> : null}
      {runs.data.map((run) => (
        <RunCard key={run.id} run={run} />
      ))}
      <GithubConnections org={org} canConfigure={canConfigure} />
      {canConfigure ? <CadenceSettingsForm org={org} /> : null}
    </Stack>
  );
}
