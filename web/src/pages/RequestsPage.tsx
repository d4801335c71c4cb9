import {
  Alert,
  Badge,
  Button,
  FileInput,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useMembership } from '../api/session';
import { todayLocal } from '../components/days';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { PaperLink } from '../components/links';
import { TONE } from '../components/tones';
import {
  type DueFilter,
  filterRequests,
  importRequestList,
  REQUEST_COLUMNS,
  type RequestImportResult,
  type RequestSummary,
  useColumnMappings,
  useRequestEngagement,
  useRequests,
} from '../requests/queries';

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The requests board: one column per status, filters by assignee, due date and control; leads import the list. */
export function RequestsPage() {
  const { org } = useParams({ from: '/o/$org/requests' });
  const membership = useMembership(org);
  const { engagementId, pending } = useRequestEngagement(org);
  const requests = useRequests(org, engagementId);
  const canImport = membership?.can.request.import === true;
  const [assignee, setAssignee] = useState<string | null>(null);
  const [control, setControl] = useState<string | null>(null);
  const [due, setDue] = useState<DueFilter>('all');
  const today = todayLocal();
  const all = requests.data ?? [];
  const shown = useMemo(
    () => filterRequests(all, { assignee, control, due }, today, addDays(today, 14)),
    [all, assignee, control, due, today],
  );
  const assignees = useMemo(
    () => [...new Map(all.flatMap((r) => (r.assignee ? [[r.assignee.id, r.assignee.name]] : []))).entries()],
    [all],
  );
  const controlCodes = useMemo(
    () => [...new Set(all.flatMap((r) => r.controls.map((c) => c.code)))].sort(),
    [all],
  );

  if (pending || (engagementId !== null && requests.isPending)) return <Loading what="requests" />;
  if (engagementId === null)
    return (
      <Paper withBorder p="md">
        <Text c="gray.7">
          No engagement yet: requests belong to an engagement. Set one up under Engagement & plan.
        </Text>
      </Paper>
    );
  if (requests.error) return <ErrorNote error={requests.error} />;

  return (
    <Stack gap="sm">
      <Title order={2}>Requests ({all.length})</Title>
      <Text size="sm" c="gray.7">
        The auditor's requests of this engagement. Answer each with evidence of its controls, submit it, and
        the auditor accepts it or returns it with a reason.
      </Text>
      {canImport ? <ImportPanel org={org} engagementId={engagementId} /> : null}
      <Group align="end">
        <Select
          label="Assignee"
          placeholder="Anyone"
          clearable
          data={assignees.map(([value, label]) => ({ value, label }))}
          value={assignee}
          onChange={setAssignee}
        />
        <Select
          label="Due"
          data={[
            { value: 'all', label: 'Any date' },
            { value: 'soon', label: 'Due within 14 days' },
            { value: 'overdue', label: 'Overdue' },
          ]}
          value={due}
          allowDeselect={false}
          onChange={(v) => setDue((v as DueFilter | null) ?? 'all')}
        />
        <Select
          label="Control"
          placeholder="Any control"
          clearable
          searchable
          data={controlCodes}
          value={control}
          onChange={setControl}
        />
      </Group>
      {all.length === 0 ? (
        <Paper withBorder p="md">
          <Text c="gray.7">
            {canImport
              ? 'No request yet: upload the request list the audit firm sent (CSV or XLSX).'
              : 'No request yet: a compliance lead imports the request list.'}
          </Text>
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 5 }} spacing="sm" data-testid="requests-board">
          {REQUEST_COLUMNS.map((column) => {
            const items = shown.filter((r) => r.status === column.status);
            return (
              <Stack key={column.status} gap="xs" aria-label={`${column.label} requests`}>
                <Text fw={600}>
                  {column.label} ({items.length})
                </Text>
                {items.map((r) => (
                  <RequestCard key={r.id} org={org} request={r} today={today} />
                ))}
              </Stack>
            );
          })}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function RequestCard({ org, request, today }: { org: string; request: RequestSummary; today: string }) {
  const late = request.dueOn !== null && request.dueOn < today && request.status !== 'accepted';
  return (
    <PaperLink
      to="/o/$org/requests/$requestId"
      params={{ org, requestId: request.id }}
      withBorder
      p="xs"
      c="inherit"
    >
      <Group justify="space-between" gap={4}>
        <Text fw={600} size="sm">
          {request.reference}
        </Text>
        {request.dueOn ? (
          <Badge size="sm" color={late ? TONE.danger : 'gray'} variant="light">
            {late ? 'overdue ' : 'due '}
            {request.dueOn}
          </Badge>
        ) : null}
      </Group>
      <Text size="sm" lineClamp={3}>
        {request.text}
      </Text>
      <Text size="xs" c="gray.7">
        {request.controls.map((c) => c.code).join(', ') || 'unmapped'}
        {request.assignee ? ` · ${request.assignee.name}` : ''}
      </Text>
    </PaperLink>
  );
}

function ImportPanel({ org, engagementId }: { org: string; engagementId: string }) {
  const queryClient = useQueryClient();
  const mappings = useColumnMappings(org, true);
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<RequestImportResult | null>(null);
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await importRequestList(org, engagementId, file, mapping));
      void queryClient.invalidateQueries({ queryKey: [org] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="sm">
      <Group align="end">
        <FileInput
          label="Request list"
          placeholder="CSV or XLSX"
          accept=".csv,.xlsx,text/csv"
          value={file}
          onChange={setFile}
          clearable
        />
        <Select
          label="Column mapping"
          placeholder="Common headers"
          clearable
          data={(mappings.data ?? []).map((m) => m.name)}
          value={mapping}
          onChange={setMapping}
        />
        <Button onClick={upload} loading={busy} disabled={!file}>
          Import
        </Button>
      </Group>
      {error ? <ErrorNote error={error} /> : null}
      {result ? (
        <Alert
          color={TONE.ok}
          mt="sm"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setResult(null)}
        >
          <Text size="sm">
            {result.rows} requests: {result.created} new, {result.updated} updated, {result.unchanged}{' '}
            unchanged; {result.mapped} mapped to controls.
          </Text>
          {result.unmapped.length > 0 ? (
            <>
              <Text size="sm" fw={600} mt="xs">
                Unmapped ({result.unmapped.length}): map them to controls by hand
              </Text>
              <ul data-testid="unmapped-requests">
                {result.unmapped.map((u) => (
                  <li key={u.id}>
                    <Text size="sm">
                      {u.reference}: {u.text}
                    </Text>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {result.notInList.length > 0 ? (
            <Text size="sm">Kept, not in this list: {result.notInList.join(', ')}</Text>
          ) : null}
        </Alert>
      ) : null}
    </Paper>
  );
}
