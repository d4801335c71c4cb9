import { Button, Center, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { LabelledSegments } from '../components/forms';
import { Loading } from '../components/Loading';
import { RISKS, type Risk } from '../components/RiskBadge';
import { NhiFindingList } from './NhiFindingList';
import { useNhiFindings } from './queries';
import { type NhiFindingFilter, RULES } from './types';

/** The rule findings of the inventory with their framework tags; filter by state, severity and rule; 100 at a time. */
export function NhiFindingsTab({ org }: { org: string }) {
  const [filter, setFilter] = useState<NhiFindingFilter>({ rule: null, severity: null, state: 'open' });
  const findings = useNhiFindings(org, filter);
  const set = (next: Partial<NhiFindingFilter>) => setFilter({ ...filter, ...next });
  const items = findings.data?.pages.flatMap((p) => p.items) ?? [];
  const total = findings.data?.pages[0]?.total ?? 0;
  return (
    <Stack gap="sm">
      <Group align="end" gap="sm">
        <LabelledSegments
          id="nhi-finding-state"
          label="State"
          data={[
            { value: 'open', label: 'Open' },
            { value: 'resolved', label: 'Resolved' },
            { value: 'all', label: 'All' },
          ]}
          value={filter.state}
          onChange={(state) => set({ state })}
        />
        <Select
          label="Severity"
          placeholder="Any severity"
          clearable
          data={[...RISKS].reverse()}
          value={filter.severity}
          onChange={(v) => set({ severity: v as Risk | null })}
          w={170}
        />
        <Select
          label="Rule"
          placeholder="Any rule"
          clearable
          data={RULES}
          value={filter.rule}
          onChange={(rule) => set({ rule })}
          w={250}
        />
      </Group>
      {findings.isPending ? (
        <Loading what="findings" />
      ) : findings.error ? (
        <ErrorNote error={findings.error} />
      ) : items.length === 0 ? (
        <Paper withBorder p="md">
          <Text c="gray.7">
            {filter.state === 'open' && !filter.rule && !filter.severity
              ? 'No open finding: every identity passes the NHI rules. Resolved ones are under "Resolved".'
              : 'No finding matches these filters: clear one or pick another state.'}
          </Text>
        </Paper>
      ) : (
        <>
          <Text size="sm" c="gray.7" data-testid="nhi-findings-count">
            {items.length} of {total} {filter.state === 'all' ? '' : `${filter.state} `}findings shown. Open
            high and critical ones make their NHI controls a gap until they are fixed.
          </Text>
          <NhiFindingList org={org} findings={items} />
          {findings.hasNextPage ? (
            <Center>
              <Button
                variant="default"
                onClick={() => findings.fetchNextPage()}
                loading={findings.isFetchingNextPage}
              >
                Show more findings
              </Button>
            </Center>
          ) : null}
        </>
      )}
    </Stack>
  );
}
