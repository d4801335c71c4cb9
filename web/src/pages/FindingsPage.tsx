import { Alert, Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useControls } from '../api/queries';
import { useMembership } from '../api/session';
import { DownloadMenu } from '../components/DownloadMenu';
import { todayLocal } from '../components/days';
import { spreadsheetLinks } from '../components/downloads';
import { ErrorNote } from '../components/ErrorNote';
import { LabelledSegments } from '../components/forms';
import { Loading } from '../components/Loading';
import { Pager, pageOf } from '../components/Pager';
import { RISKS, type Risk } from '../components/RiskBadge';
import { TONE } from '../components/tones';
import { BulkTriage } from '../findings/BulkTriage';
import { CreateFinding, ResolveFinding } from '../findings/FindingForms';
import { FindingTable } from '../findings/FindingTable';
import { type FindingFilter, filterFindings, mayResolve, SOURCE_CHOICES } from '../findings/findings';
import { type Finding, useFindings } from '../findings/queries';
import { useRoster } from '../people/queries';

const PAGE = 25;

/** Findings, open first by due date; filters; leads raise them; leads or owners resolve them. */
export function FindingsPage() {
  const { org } = useParams({ from: '/o/$org/findings' });
  const membership = useMembership(org);
  const findings = useFindings(org);
  const people = useRoster(org);
  const controls = useControls(org);
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<FindingFilter>({
    status: 'open',
    severity: null,
    owner: null,
    source: null,
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [resolving, setResolving] = useState<Finding | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const canCreate = membership?.can.finding.create === true;
  const canTriage = membership?.can.finding.update === true;
  const today = todayLocal();

  const all = findings.data ?? [];
  const shown = useMemo(() => filterFindings(all, filter), [all, filter]);
  const names = useMemo(() => new Map((people.data ?? []).map((p) => [p.email, p.name])), [people.data]);
  const owners = useMemo(() => {
    const emails = [...new Set(all.map((f) => f.ownerEmail).filter((e): e is string => !!e))];
    const choices = emails
      .map((e) => ({ value: e, label: names.get(e) ?? e }))
      .sort((a, b) => a.label.localeCompare(b.label));
    return [{ value: '__none', label: 'Unowned' }, ...choices];
  }, [all, names]);

  if (findings.isPending) return <Loading what="findings" />;
  if (findings.error) return <ErrorNote error={findings.error} />;

  const open = all.filter((f) => f.resolvedOn === null);
  const overdue = open.filter((f) => f.dueOn !== null && f.dueOn < today).length;
  const blocking = open.filter((f) => f.severity === 'high' || f.severity === 'critical').length;
  const set = (next: Partial<FindingFilter>) => {
    setFilter({ ...filter, ...next });
    setPage(1);
    setSelected(new Set());
  };
  const select = (ids: string[], on: boolean) =>
    setSelected((before) => {
      const next = new Set(before);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  const bySource = (kind: Finding['sourceKind']) => all.filter((f) => f.sourceKind === kind).length;
  const current = Math.min(page, Math.max(1, Math.ceil(shown.length / PAGE)));
  const saved = (message: string) => {
    setCreating(false);
    setResolving(null);
    setDone(message);
    void queryClient.invalidateQueries({ queryKey: [org] });
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Findings ({open.length} open)</Title>
        <Group gap="xs">
          <DownloadMenu links={spreadsheetLinks(org, 'findings')} />
          {canCreate ? <Button onClick={() => setCreating(true)}>Raise finding</Button> : null}
        </Group>
      </Group>
      <Text size="sm" c="gray.7">
        {blocking === 1 ? '1 open finding is' : `${blocking} open findings are`} high or critical: each makes
        its controls a gap until resolved. {overdue ? `${overdue} overdue.` : 'None is overdue.'}
      </Text>
      {done ? (
        <Alert color={TONE.ok} withCloseButton closeButtonLabel="Dismiss" onClose={() => setDone(null)}>
          {done}
        </Alert>
      ) : null}
      <Group align="end" gap="sm">
        <LabelledSegments
          id="finding-status-label"
          label="Status"
          data={[
            { value: 'open', label: `Open (${open.length})` },
            { value: 'resolved', label: `Resolved (${all.length - open.length})` },
            { value: 'all', label: `All (${all.length})` },
          ]}
          value={filter.status}
          onChange={(status) => set({ status })}
        />
        <Select
          label="Severity"
          placeholder="Any severity"
          clearable
          data={[...RISKS].reverse().map((r) => ({ value: r, label: r }))}
          value={filter.severity}
          onChange={(v) => set({ severity: v as Risk | null })}
        />
        <Select
          label="Owner"
          placeholder="Anyone"
          clearable
          searchable
          data={owners}
          value={filter.owner}
          onChange={(owner) => set({ owner })}
        />
        <Select
          label="Source"
          placeholder="Any source"
          clearable
          data={SOURCE_CHOICES.map((c) => ({ value: c.value, label: `${c.label} (${bySource(c.value)})` }))}
          value={filter.source ?? null}
          onChange={(source) => set({ source: source as Finding['sourceKind'] | null })}
        />
        <LabelledSegments
          id="finding-sort-label"
          label="Sort by"
          data={[
            { value: 'due', label: 'Due date' },
            { value: 'severity', label: 'Severity' },
          ]}
          value={filter.sort ?? 'due'}
          onChange={(sort) => set({ sort })}
        />
      </Group>
      {canTriage && selected.size > 0 ? (
        <BulkTriage
          org={org}
          ids={[...selected]}
          people={people.data ?? []}
          onDone={(changed) => {
            setSelected(new Set());
            saved(changed === 1 ? '1 finding changed.' : `${changed} findings changed.`);
          }}
        />
      ) : null}
      {shown.length === 0 ? (
        <Paper withBorder p="md">
          <Text c="gray.7">
            {all.length === 0
              ? canCreate
                ? 'No finding yet. Raise one when a control did not operate as it should (an auditor remark, a missed review…): it gets an owner and a due date.'
                : 'No finding yet: compliance leads and the rules raise them when a control did not operate.'
              : filter.status === 'open' && !filter.severity && !filter.owner && !filter.source
                ? 'No open finding: nothing to fix. Resolved ones are under "Resolved".'
                : 'No finding matches these filters: clear one or pick another status.'}
          </Text>
        </Paper>
      ) : (
        <>
          <FindingTable
            org={org}
            items={pageOf(shown, current, PAGE)}
            today={today}
            names={names}
            canResolve={(f) => mayResolve(membership?.can.finding.resolve, membership?.personId, f)}
            onResolve={setResolving}
            {...(canTriage ? { selected, onSelect: select } : {})}
          />
          <Pager total={shown.length} page={current} size={PAGE} onChange={setPage} label="findings" />
        </>
      )}
      <CreateFinding
        org={org}
        opened={creating}
        controls={controls.data ?? []}
        people={people.data ?? []}
        today={today}
        onClose={() => setCreating(false)}
        onSaved={(f) => saved(`Finding raised: ${f.title}.`)}
      />
      <ResolveFinding
        org={org}
        finding={resolving}
        today={today}
        onClose={() => setResolving(null)}
        onSaved={(f) => saved(`Resolved on ${f.resolvedOn}: ${f.title}.`)}
      />
    </Stack>
  );
}
