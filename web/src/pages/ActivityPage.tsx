import { Group, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useCallback, useMemo } from 'react';
import { ActivityFilters } from '../activity/ActivityFilters';
import { ActivityTable } from '../activity/ActivityTable';
import type { SubjectLookup } from '../activity/activity';
import { type ActivityFilter, FILTER_KEYS, useActivity, useVerification } from '../activity/queries';
import { VerifyBanner } from '../activity/VerifyBanner';
import { useControls } from '../api/queries';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { useExceptions } from '../exceptions/queries';
import { useFindings } from '../findings/queries';
import { useRoster } from '../people/queries';

/** The hash-chained activity log: the current verify result, server-side filters, newest first, paged. */
export function ActivityPage() {
  const { org } = useParams({ from: '/o/$org/activity' });
  const filter = useSearch({ from: '/o/$org/activity' });
  const navigate = useNavigate({ from: '/o/$org/activity' });
  const verification = useVerification(org);
  const log = useActivity(org, filter);
  const people = useRoster(org);
  const controls = useControls(org);
  const exceptions = useExceptions(org);
  const findings = useFindings(org);

  const lookup = useMemo<SubjectLookup>(
    () => ({
      people: new Map((people.data ?? []).map((p) => [p.id, p.name])),
      controls: new Map((controls.data ?? []).map((c) => [c.id, c.code])),
      exceptions: new Map((exceptions.data ?? []).map((x) => [x.id, `on ${x.controlCode}: ${x.summary}`])),
      findings: new Map((findings.data ?? []).map((f) => [f.id, f.title])),
    }),
    [people.data, controls.data, exceptions.data, findings.data],
  );
  const entries = useMemo(() => log.data?.pages.flatMap((p) => p.items) ?? [], [log.data]);
  const seen = useMemo(
    () => ({
      recordTypes: [...new Set(entries.map((e) => e.recordType))],
      actions: [...new Set(entries.map((e) => e.action))],
    }),
    [entries],
  );
  const broken = useMemo(
    () => new Set(verification.data?.problems.map((p) => p.seq) ?? []),
    [verification.data],
  );
  const apply = (next: ActivityFilter) => void navigate({ search: next });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = log;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const filtered = FILTER_KEYS.some((k) => filter[k]);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Activity log</Title>
        <Text size="sm" c="gray.7">
          Every change, append-only: each entry holds the SHA-256 of the one before.
        </Text>
      </Group>
      <VerifyBanner verification={verification} />
      <ActivityFilters key={JSON.stringify(filter)} value={filter} seen={seen} onApply={apply} />
      {log.isPending ? (
        <Loading what="the activity log" />
      ) : log.error ? (
        <ErrorNote title="Could not load the activity log" error={log.error} />
      ) : (
        <ActivityTable
          org={org}
          entries={entries}
          lookup={lookup}
          broken={broken}
          hasMore={!!hasNextPage}
          loadingMore={isFetchingNextPage}
          onLoadMore={loadMore}
          onOnlyRecord={(recordType, recordId) => apply({ recordType, recordId })}
          empty={
            filtered
              ? 'No entry matches these filters: widen the days or clear a filter.'
              : 'The log is empty: every change made from now on appears here.'
          }
        />
      )}
    </Stack>
  );
}
