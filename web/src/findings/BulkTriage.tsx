import { Button, Group, Paper, Select, Text } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, orgPath } from '../api/client';
import type { Person } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { RISKS, type Risk } from '../components/RiskBadge';
import { type TriageChange, triageSummary } from './findings';

const KEEP = '__keep';
const NONE = '__none';

/**
 * Triage of the selected findings in one request (all or none): a new owner (or none), a severity, a due
 * date (or none). Each field left on "keep" is not sent, so it stays as it is on every finding.
 */
export function BulkTriage({
  org,
  ids,
  people,
  onDone,
}: {
  org: string;
  ids: string[];
  people: Person[];
  onDone: (changed: number) => void;
}) {
  const [owner, setOwner] = useState<string>(KEEP);
  const [severity, setSeverity] = useState<string>(KEEP);
  const [due, setDue] = useState<string>(KEEP);
  const [dueOn, setDueOn] = useState<string | null>(null);
  const change: TriageChange = {
    ...(owner === KEEP ? {} : { ownerEmail: owner === NONE ? null : owner }),
    ...(severity === KEEP ? {} : { severity: severity as Risk }),
    ...(due === KEEP ? {} : due === NONE ? { dueOn: null } : dueOn ? { dueOn } : {}),
  };
  const ready = Object.keys(change).length > 0 && !(due === 'set' && !dueOn);
  const triage = useMutation({
    mutationFn: () =>
      api<{ changed: number }>(orgPath(org, '/findings/triage'), {
        method: 'POST',
        body: { ids, ...change },
      }),
    onSuccess: (result) => {
      setOwner(KEEP);
      setSeverity(KEEP);
      setDue(KEEP);
      setDueOn(null);
      onDone(result.changed);
    },
  });
  const active = people.filter((p) => p.status === 'active');
  const ownerName = active.find((p) => p.email === change.ownerEmail)?.name;
  return (
    <Paper withBorder p="sm" data-testid="bulk-triage">
      <Group align="end" gap="sm">
        <Text size="sm" fw={600}>
          {ids.length} selected
        </Text>
        <Select
          label="Owner"
          w={220}
          searchable
          allowDeselect={false}
          data={[
            { value: KEEP, label: 'Keep as is' },
            { value: NONE, label: 'No owner' },
            ...active.map((p) => ({ value: p.email, label: p.name })),
          ]}
          value={owner}
          onChange={(v) => setOwner(v ?? KEEP)}
        />
        <Select
          label="Severity"
          w={150}
          allowDeselect={false}
          data={[
            { value: KEEP, label: 'Keep as is' },
            ...[...RISKS].reverse().map((r) => ({ value: r, label: r })),
          ]}
          value={severity}
          onChange={(v) => setSeverity(v ?? KEEP)}
        />
        <Select
          label="Due date"
          w={150}
          allowDeselect={false}
          data={[
            { value: KEEP, label: 'Keep as is' },
            { value: 'set', label: 'Set a date' },
            { value: NONE, label: 'No due date' },
          ]}
          value={due}
          onChange={(v) => setDue(v ?? KEEP)}
        />
        {due === 'set' ? (
          <DateInput
            label="New due date"
            valueFormat="YYYY-MM-DD"
            placeholder="YYYY-MM-DD"
            w={150}
            value={dueOn}
            onChange={(v) => setDueOn(v ? String(v).slice(0, 10) : null)}
          />
        ) : null}
        <Button
          onClick={() => triage.mutate()}
          disabled={!ready || ids.length === 0}
          loading={triage.isPending}
        >
          Apply to {ids.length}
        </Button>
      </Group>
      <Text size="xs" c="gray.7" mt={4} data-testid="triage-summary">
        {triageSummary(change, ids.length, ownerName)} All or none: if one cannot change, none does.
      </Text>
      {triage.error ? <ErrorNote title="Could not triage" error={triage.error} /> : null}
    </Paper>
  );
}
