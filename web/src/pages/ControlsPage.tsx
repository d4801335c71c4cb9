import { Button, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useParams, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useControls, usePeople, useReadiness } from '../api/queries';
import { useMembership } from '../api/session';
import { STATUSES } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { STATUS_LABEL } from '../components/StatusBadge';
import { BulkAssign } from '../controls/BulkAssign';
import { MatrixTable } from '../controls/MatrixTable';
import { buildRows, filterRows, type MatrixFilter, type SortKey } from '../controls/matrix';

const FRAMEWORKS = [
  { value: 'soc2', label: 'SOC 2' },
  { value: 'iso27001', label: 'ISO 27001' },
  { value: 'nist-csf', label: 'NIST CSF' },
  { value: 'owasp-nhi', label: 'OWASP NHI' },
  { value: 'nist-ai-rmf', label: 'NIST AI RMF' },
];

/** Every control with readiness, owner, cadence and criteria; filter, search, sort, bulk-assign, export. */
export function ControlsPage() {
  const { org } = useParams({ from: '/o/$org/controls' });
  const search = useSearch({ from: '/o/$org/controls' });
  const membership = useMembership(org);
  const controls = useControls(org);
  const readiness = useReadiness(org);
  const people = usePeople(org);
  const [filter, setFilter] = useState<MatrixFilter>({
    status: search.status ?? null,
    owner: null,
    framework: null,
    search: '',
  });
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'code', desc: false });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const all = useMemo(() => buildRows(controls.data ?? [], readiness.data), [controls.data, readiness.data]);
  const rows = useMemo(() => filterRows(all, filter, sort.key, sort.desc), [all, filter, sort]);
  const owners = useMemo(() => {
    const m = new Map(all.filter((r) => r.ownerEmail).map((r) => [r.ownerEmail!, r.ownerName!]));
    return [{ value: '__none', label: 'Unowned' }, ...[...m].map(([value, label]) => ({ value, label }))];
  }, [all]);
  const canAssign = membership?.role === 'admin' || membership?.role === 'compliance-lead';

  if (controls.isPending || readiness.isPending) return <Loading what="the control matrix" />;
  if (controls.error) return <ErrorNote error={controls.error} />;
  if (readiness.error) return <ErrorNote error={readiness.error} />;

  const select = (codes: string[], on: boolean) => {
    const next = new Set(selected);
    for (const c of codes) on ? next.add(c) : next.delete(c);
    setSelected(next);
  };
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>
          Controls ({rows.length} of {all.length})
        </Title>
        <Button
          component="a"
          variant="default"
          href={`/api/v1/orgs/${encodeURIComponent(org)}/controls/export?format=csv`}
          download
        >
          Export CSV
        </Button>
      </Group>
      <Group align="end" gap="sm">
        <TextInput
          label="Search"
          placeholder="Code, title or owner"
          value={filter.search}
          onChange={(e) => setFilter({ ...filter, search: e.currentTarget.value })}
        />
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
          value={filter.status}
          onChange={(status) => setFilter({ ...filter, status })}
        />
        <Select
          label="Owner"
          placeholder="Anyone"
          clearable
          searchable
          data={owners}
          value={filter.owner}
          onChange={(owner) => setFilter({ ...filter, owner })}
        />
        <Select
          label="Framework"
          placeholder="Any framework"
          clearable
          data={FRAMEWORKS}
          value={filter.framework}
          onChange={(framework) => setFilter({ ...filter, framework })}
        />
      </Group>
      {canAssign && selected.size > 0 ? (
        <BulkAssign
          org={org}
          codes={[...selected]}
          people={people.data ?? []}
          onDone={() => setSelected(new Set())}
        />
      ) : null}
      <MatrixTable
        org={org}
        rows={rows}
        selected={selected}
        onSelect={select}
        sort={sort.key}
        desc={sort.desc}
        onSort={(key) => setSort({ key, desc: sort.key === key ? !sort.desc : false })}
      />
    </Stack>
  );
}
