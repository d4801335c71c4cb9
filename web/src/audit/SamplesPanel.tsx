import {
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { useMembership } from '../api/session';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { useAction } from '../components/useAction';
import { engagementPath, type Sample, usePopulationKinds, usePopulationPreview, useSamples } from './queries';

/** One sample: its population, seed and hash, and the chosen records in draw order. */
function SampleView({ sample }: { sample: Sample }) {
  const population = `${sample.population.kind}${sample.population.arg ? `:${sample.population.arg}` : ''}`;
  return (
    <Paper withBorder p="sm" data-testid="sample">
      <Text size="sm" fw={600}>
        {sample.items.length} of {sample.population.count} from {population} ({sample.frequency})
      </Text>
      <Text size="xs" c="gray.7">
        Seed <code>{sample.seed}</code> · population SHA-256{' '}
        <code>{sample.population.hash.slice(0, 16)}…</code> · by {sample.createdBy} on{' '}
        {sample.createdAt.slice(0, 10)}
        {sample.requestId ? ` · request ${sample.requestId}` : ''}
      </Text>
      {sample.items.length > 0 ? (
        <Table mt="xs" striped aria-label={`Sample ${sample.id}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>Date</Table.Th>
              <Table.Th>Record</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sample.items.map((i) => (
              <Table.Tr key={i.ordinal}>
                <Table.Td>{i.ordinal + 1}</Table.Td>
                <Table.Td>{i.date}</Table.Td>
                <Table.Td>{i.label}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm">The population was empty: nothing was chosen.</Text>
      )}
    </Paper>
  );
}

/**
 * The samples of an engagement (of one request when `requestId` is given)
 * and, for those who may, a form to draw one: pick a population, see its
 * size and the proposed sample size, optionally a size and a seed.
 */
export function SamplesPanel({
  org,
  engagementId,
  requestId,
}: {
  org: string;
  engagementId: string;
  requestId?: string;
}) {
  const membership = useMembership(org);
  const canCreate = Boolean(membership?.can.sample.create);
  const kinds = usePopulationKinds(org, engagementId);
  const samples = useSamples(org, engagementId, requestId);
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<string | null>(null);
  const [arg, setArg] = useState('');
  const [size, setSize] = useState<number | string>('');
  const [seed, setSeed] = useState('');
  const descriptor = kinds.data?.find((k) => k.kind === kind);
  const ready = kind !== null && (!descriptor?.argument || arg.trim() !== '');
  const preview = usePopulationPreview(org, engagementId, ready ? kind : null, arg.trim());
  const { busy, error, run } = useAction(async () => {
    await api<Sample>(engagementPath(org, engagementId, '/samples'), {
      method: 'POST',
      body: {
        kind,
        ...(descriptor?.argument ? { arg: arg.trim() } : {}),
        ...(typeof size === 'number' ? { size } : {}),
        ...(seed.trim() ? { seed: seed.trim() } : {}),
        ...(requestId ? { requestId } : {}),
      },
    });
    setSeed('');
    await queryClient.invalidateQueries({ queryKey: [org, 'audit', engagementId, 'samples'] });
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        Samples
      </Title>
      {canCreate ? (
        <form onSubmit={submit} aria-label="Draw a sample">
          <Group align="end" gap="sm">
            <Select
              label="Population"
              placeholder="Pick a population"
              data={(kinds.data ?? []).map((k) => ({ value: k.kind, label: k.label }))}
              value={kind}
              onChange={setKind}
              w={280}
            />
            {descriptor?.argument ? (
              <TextInput
                label={descriptor.argument.name}
                description={descriptor.argument.description}
                value={arg}
                onChange={(e) => setArg(e.currentTarget.value)}
              />
            ) : null}
            <NumberInput
              label="Size"
              min={1}
              max={1000}
              placeholder={preview.data ? String(preview.data.defaultSize) : 'by frequency'}
              value={size}
              onChange={setSize}
              w={110}
            />
            <TextInput
              label="Seed"
              placeholder="random"
              value={seed}
              onChange={(e) => setSeed(e.currentTarget.value)}
              w={160}
            />
            <Button type="submit" loading={busy} disabled={!ready}>
              Draw sample
            </Button>
          </Group>
          {preview.data ? (
            <Text size="xs" c="gray.7" mt={4} data-testid="population-preview">
              {preview.data.count} records from {preview.data.period.start} to {preview.data.period.end} (
              {preview.data.frequency}): proposed size {preview.data.defaultSize}.
            </Text>
          ) : null}
          {preview.error ? <ErrorNote title="Could not read the population" error={preview.error} /> : null}
          {error ? <ErrorNote title="Could not draw the sample" error={error} /> : null}
        </form>
      ) : null}
      {samples.isPending ? <Loading what="the samples" /> : null}
      {samples.error ? <ErrorNote error={samples.error} /> : null}
      {samples.data?.length === 0 ? <Text size="sm">No sample drawn yet.</Text> : null}
      {samples.data?.map((s) => (
        <SampleView key={s.id} sample={s} />
      ))}
    </Stack>
  );
}
