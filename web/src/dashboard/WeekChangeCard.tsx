import { Anchor, Group, Paper, Table, Text, Title } from '@mantine/core';
import type { SnapshotChange } from '@server/core/digests/schema';
import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';

/** `GET /orgs/:org/readiness/change`: the latest kept weekly snapshot against the one before (null: none yet). */
export const useReadinessChange = (org: string) =>
  useQuery({
    queryKey: [org, 'readiness', 'change'],
    queryFn: () => api<{ change: SnapshotChange | null }>(orgPath(org, '/readiness/change')),
  });

const STATUSES = ['gap', 'at-risk', 'ready', 'excepted'] as const;

/** A count's change since the previous snapshot: `+2`, `−1`, `±0`, or `new` without a previous snapshot. */
export function changeLabel(now: number, before: number | null): string {
  if (before === null) return 'new';
  const d = now - before;
  return d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '±0';
}

function ControlLinks({ org, codes, empty }: { org: string; codes: string[]; empty: string }) {
  if (codes.length === 0)
    return (
      <Text size="sm" c="gray.7">
        {empty}
      </Text>
    );
  return (
    <Group gap={6}>
      {codes.map((code) => (
        <Anchor key={code} size="sm" href={`/o/${org}/controls/${encodeURIComponent(code)}`}>
          {code}
        </Anchor>
      ))}
    </Group>
  );
}

/** The change since last week as the two latest weekly snapshots say it (never recomputed from history). */
export function WeekChangeView({ org, change }: { org: string; change: SnapshotChange | null }) {
  if (!change)
    return (
      <Text size="sm" c="gray.7" data-testid="week-change-empty">
        No weekly snapshot yet. The weekly run keeps one each week; from the second week on this card compares
        each week with the one before.
      </Text>
    );
  const categories = change.categories.filter(
    (c) => c.gapsNow + c.readyNow > 0 || (c.gapsBefore ?? 0) + (c.readyBefore ?? 0) > 0,
  );
  return (
    <div data-testid="week-change" data-week={change.week} data-previous-week={change.previousWeek ?? ''}>
      <Text size="sm" mb="xs">
        {change.previousWeek
          ? `Week of ${change.week} against the week of ${change.previousWeek}.`
          : `First snapshot (week of ${change.week}): nothing to compare with yet.`}
      </Text>
      <Table withRowBorders={false} verticalSpacing={2} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Controls</Table.Th>
            <Table.Th ta="right">Now</Table.Th>
            <Table.Th ta="right">Change</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {STATUSES.map((s) => {
            const c = change.controls[s] ?? { now: 0, before: change.previousWeek ? 0 : null };
            return (
              <Table.Tr key={s} data-testid={`week-change-${s}`}>
                <Table.Td>{s}</Table.Td>
                <Table.Td ta="right">{c.now}</Table.Td>
                <Table.Td ta="right">{changeLabel(c.now, c.before)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {categories.length > 0 ? (
        <Table withRowBorders={false} verticalSpacing={2} fz="sm" mt="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Category</Table.Th>
              <Table.Th ta="right">Gaps</Table.Th>
              <Table.Th ta="right">Ready</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {categories.map((c) => (
              <Table.Tr key={`${c.frameworkId}:${c.code}`} data-testid={`week-change-category-${c.code}`}>
                <Table.Td>
                  {c.code} {c.title}
                </Table.Td>
                <Table.Td ta="right">
                  {c.gapsNow} ({changeLabel(c.gapsNow, c.gapsBefore)})
                </Table.Td>
                <Table.Td ta="right">
                  {c.readyNow} ({changeLabel(c.readyNow, c.readyBefore)})
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {change.previousWeek ? (
        <>
          <Text fw={600} size="sm" mt="xs">
            New gaps ({change.newGaps.length})
          </Text>
          <ControlLinks org={org} codes={change.newGaps} empty="None." />
          <Text fw={600} size="sm" mt="xs">
            Gaps closed ({change.closedGaps.length})
          </Text>
          <ControlLinks org={org} codes={change.closedGaps} empty="None." />
        </>
      ) : null}
    </div>
  );
}

/** The dashboard's "since last week" card: reads the kept weekly snapshots. */
export function WeekChangeCard({ org }: { org: string }) {
  const change = useReadinessChange(org);
  return (
    <Paper withBorder p="sm">
      <Title order={3} size="h5" mb="xs">
        Since last week
      </Title>
      {change.error ? <ErrorNote error={change.error} /> : null}
      {change.isPending ? <Loading what="the weekly snapshots" /> : null}
      {change.data ? <WeekChangeView org={org} change={change.data.change} /> : null}
    </Paper>
  );
}
