import { Alert, Button, Code, Group, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useCallback, useMemo, useState } from 'react';
import { AUDITREADY_TOKENS_SYNC } from '../../../src/core/nhi/import-kinds';
import { usePeople } from '../api/queries';
import { useMembership } from '../api/session';
import { DownloadMenu } from '../components/DownloadMenu';
import { todayLocal } from '../components/days';
import { spreadsheetLinks } from '../components/downloads';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { TONE } from '../components/tones';
import { ImportHistory } from '../nhi/ImportHistory';
import { DoneNote, NhiBulkActions } from '../nhi/NhiBulkActions';
import { NhiFilters } from '../nhi/NhiFilters';
import { NhiFindingsTab } from '../nhi/NhiFindingsTab';
import { NhiImport } from '../nhi/NhiImport';
import { NhiTable } from '../nhi/NhiTable';
import { useNhiImports, useNhis } from '../nhi/queries';
import type { NhiFilter } from '../nhi/types';

const NO_FILTER: NhiFilter = {
  search: '',
  kind: null,
  provider: null,
  status: null,
  orphaned: false,
  rule: null,
};

/**
 * Non-human identities: the inventory (filters, virtualized table, bulk owner
 * assignment and review for leads), the rule findings with their framework
 * tags, and the imports (upload for leads, history for everyone).
 */
export function NhiPage() {
  const { org } = useParams({ from: '/o/$org/nhi' });
  const { tab = 'identities' } = useSearch({ from: '/o/$org/nhi' });
  const navigate = useNavigate();
  const membership = useMembership(org);
  const canAct = membership?.can.nhi.import === true;
  const [filter, setFilter] = useState<NhiFilter>(NO_FILTER);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [importing, setImporting] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const nhis = useNhis(org, filter);
  const imports = useNhiImports(org);
  const people = usePeople(org);
  const queryClient = useQueryClient();
  const today = todayLocal();

  const rows = useMemo(() => nhis.data?.pages.flatMap((p) => p.items) ?? [], [nhis.data]);
  const total = nhis.data?.pages[0]?.total ?? 0;
  const filtered = JSON.stringify(filter) !== JSON.stringify(NO_FILTER);
  const importedAny = (imports.data?.pages[0]?.items ?? []).some(
    (r) => r.kind !== AUDITREADY_TOKENS_SYNC.name,
  );
  const changeFilter = useCallback((next: NhiFilter) => {
    setFilter(next);
    setSelected(new Set());
  }, []);
  const loadMore = useCallback(() => void nhis.fetchNextPage(), [nhis.fetchNextPage]);
  const select = (ids: string[], on: boolean) => {
    const next = new Set(selected);
    for (const id of ids) on ? next.add(id) : next.delete(id);
    setSelected(next);
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Non-human identities</Title>
        <Group gap="xs">
          <DownloadMenu
            links={[
              ...spreadsheetLinks(org, 'nhi-inventory').map((l) => ({
                ...l,
                label: `Inventory: ${l.label}`,
              })),
              ...spreadsheetLinks(org, 'nhi-findings').map((l) => ({ ...l, label: `Findings: ${l.label}` })),
            ]}
          />
          {canAct ? <Button onClick={() => setImporting(true)}>Import an export</Button> : null}
        </Group>
      </Group>
      {!imports.isPending && !importedAny ? (
        <Alert color={TONE.neutral} title="Nothing imported yet" data-testid="nhi-empty">
          <Text size="sm">
            The inventory fills from your providers' own exports: service accounts, roles, access keys,
            tokens, app installations, deploy keys and secrets.{' '}
            {canAct
              ? 'Use "Import an export" and pick the kind of file, or from a shell:'
              : 'A compliance lead or an admin imports them here, or from a shell:'}
          </Text>
          <Code block mt="xs">
            aws iam get-credential-report {'>'} credential-report.json{'\n'}
            auditready import aws-credential-report credential-report.json
          </Code>
          <Text size="sm" mt="xs">
            auditready's own API tokens are listed already, as provider "auditready API tokens".
          </Text>
        </Alert>
      ) : null}
      {done ? <DoneNote message={done} onClose={() => setDone(null)} /> : null}
      <Tabs
        value={tab}
        onChange={(next) =>
          navigate({
            to: '/o/$org/nhi',
            params: { org },
            search: next === 'findings' || next === 'imports' ? { tab: next } : {},
          })
        }
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="identities">Identities</Tabs.Tab>
          <Tabs.Tab value="findings">Findings</Tabs.Tab>
          <Tabs.Tab value="imports">Imports</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="identities" pt="sm">
          <Stack gap="sm">
            <NhiFilters filter={filter} onChange={changeFilter} />
            {canAct && selected.size > 0 ? (
              <NhiBulkActions
                org={org}
                ids={[...selected]}
                people={people.data ?? []}
                onDone={(message) => {
                  setSelected(new Set());
                  setDone(message);
                }}
              />
            ) : null}
            {nhis.isPending ? (
              <Loading what="the inventory" />
            ) : nhis.error ? (
              <ErrorNote error={nhis.error} />
            ) : rows.length === 0 ? (
              <Paper withBorder p="md">
                <Text c="gray.7">
                  {filtered
                    ? 'No identity matches these filters: clear one to see more.'
                    : 'No identity yet: import an export to fill the inventory.'}
                </Text>
              </Paper>
            ) : (
              <>
                <Text size="sm" c="gray.7" data-testid="nhi-count" aria-live="polite">
                  {nhis.isPlaceholderData
                    ? 'Applying the filters…'
                    : `${total === 1 ? '1 identity' : `${total} identities`}${filtered ? ' match' : ''}${
                        rows.length < total ? ` (${rows.length} loaded; scroll for more)` : ''
                      }.${canAct ? ' Select rows to assign an owner or record a review.' : ''}`}
                </Text>
                <NhiTable
                  busy={nhis.isPlaceholderData}
                  org={org}
                  rows={rows}
                  selected={canAct ? selected : null}
                  onSelect={select}
                  hasMore={nhis.hasNextPage}
                  loadingMore={nhis.isFetchingNextPage}
                  onLoadMore={loadMore}
                  today={today}
                />
              </>
            )}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="findings" pt="sm">
          <NhiFindingsTab org={org} />
        </Tabs.Panel>
        <Tabs.Panel value="imports" pt="sm">
          <ImportHistory org={org} />
        </Tabs.Panel>
      </Tabs>
      {canAct ? (
        <NhiImport
          org={org}
          opened={importing}
          onClose={() => setImporting(false)}
          onImported={() => void queryClient.invalidateQueries({ queryKey: [org] })}
        />
      ) : null}
    </Stack>
  );
}
