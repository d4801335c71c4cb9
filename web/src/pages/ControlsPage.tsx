import { Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useParams, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useControls, usePeople, useReadiness } from '../api/queries';
import { useMembership } from '../api/session';
import { STATUSES } from '../api/types';
import { DownloadMenu } from '../components/DownloadMenu';
import { oscalLink, spreadsheetLinks } from '../components/downloads';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { STATUS_LABEL } from '../components/StatusBadge';
import { BulkAssign } from '../controls/BulkAssign';
import { MatrixImport } from '../controls/MatrixImport';
import { MatrixTable } from '../controls/MatrixTable';
import {
  buildRows,
  categoryOptions,
  FRAMEWORKS,
  filterRows,
  type MatrixFilter,
  type MatrixRow,
  type SortKey,
} from '../controls/matrix';
import { useSoc2Categories } from '../controls/queries';
import { type ControlEdit, editFailureTitle, useControlEdit } from '../controls/useControlEdit';

/** Every control with readiness, owner, cadence, next due and criteria; filter, search, sort, edit, bulk-assign, export. */
export function ControlsPage() {
  const { org } = useParams({ from: '/o/$org/controls' });
  const search = useSearch({ from: '/o/$org/controls' });
  const membership = useMembership(org);
  const [importing, setImporting] = useState(false);
  const controls = useControls(org);
  const readiness = useReadiness(org);
  const people = usePeople(org);
  const categoryTitles = useSoc2Categories(org);
  const edit = useControlEdit(org);
  const [filter, setFilter] = useState<MatrixFilter>({
    status: search.status ?? null,
    owner: null,
    category: null,
    framework: null,
    search: '',
  });
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'code', desc: false });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const all = useMemo(() => buildRows(controls.data ?? [], readiness.data), [controls.data, readiness.data]);
  const rows = useMemo(() => filterRows(all, filter, sort.key, sort.desc), [all, filter, sort]);
  const owners = useMemo(() => {
    const m = new Map(all.filter((r) => r.ownerEmail).map((r) => [r.ownerEmail!, r.ownerName!]));
    const listed = [...m].map(([value, label]) => ({ value, label }));
    listed.sort((a, b) => a.label.localeCompare(b.label));
    return [{ value: '__none', label: 'Needs an owner (none or departed)' }, ...listed];
  }, [all]);
  const categories = useMemo(
    () => categoryOptions(all, categoryTitles.data ?? new Map()),
    [all, categoryTitles.data],
  );
  const activePeople = useMemo(
    () =>
      (people.data ?? [])
        .filter((p) => p.status === 'active')
        .map((p) => ({ value: p.email, label: p.name }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [people.data],
  );

  if (controls.isPending || readiness.isPending) return <Loading what="the control matrix" />;
  if (controls.error) return <ErrorNote error={controls.error} />;
  if (readiness.error) return <ErrorNote error={readiness.error} />;

  // The API's policy, sent with the session: leads assign owners; leads and a contributor on a control they own change the rest.
  const isLead = membership?.can.control.assign === true;
  const update = membership?.can.control.update;
  const canEditCadence = (r: MatrixRow) =>
    update === true || (update === 'own' && !!membership?.personId && r.ownerId === membership.personId);
  const failed = edit.error ? (edit.variables as ControlEdit | undefined) : undefined;
  const select = (codes: string[], on: boolean) => {
    const next = new Set(selected);
    for (const c of codes) on ? next.add(c) : next.delete(c);
    setSelected(next);
  };
  const changeOwner = (r: MatrixRow, email: string) => {
    const person = people.data?.find((p) => p.email === email);
    if (person)
      edit.mutate({
        code: r.code,
        change: {
          kind: 'owner',
          owner: { id: person.id, email: person.email, name: person.name, status: person.status },
        },
      });
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>
          Controls ({rows.length} of {all.length})
        </Title>
        <Group gap="xs">
          {membership?.can.control.import === true ? (
            <Button variant="default" onClick={() => setImporting(true)}>
              Import matrix
            </Button>
          ) : null}
          <DownloadMenu
            links={[
              ...spreadsheetLinks(org, 'controls'),
              oscalLink(org, 'oscal-catalog'),
              oscalLink(org, 'oscal-mapping'),
            ]}
          />
        </Group>
      </Group>
      <MatrixImport
        org={org}
        opened={importing}
        onClose={() => setImporting(false)}
        onImported={() => {
          controls.refetch();
          readiness.refetch();
        }}
      />
      <Group align="end" gap="sm" wrap="nowrap">
        <TextInput
          label="Search"
          placeholder="Code, title, owner or criterion"
          value={filter.search}
          onChange={(e) => setFilter({ ...filter, search: e.currentTarget.value })}
          style={{ flex: 1.4 }}
        />
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
          value={filter.status}
          onChange={(status) => setFilter({ ...filter, status })}
          style={{ flex: 1 }}
        />
        <Select
          label="Owner"
          placeholder="Anyone"
          clearable
          searchable
          data={owners}
          value={filter.owner}
          onChange={(owner) => setFilter({ ...filter, owner })}
          style={{ flex: 1 }}
        />
        <Select
          label="Category"
          placeholder="Any SOC 2 category"
          clearable
          searchable
          data={categories}
          value={filter.category}
          onChange={(category) => setFilter({ ...filter, category })}
          style={{ flex: 1.2 }}
        />
        <Select
          label="Framework"
          placeholder="Any framework"
          clearable
          data={FRAMEWORKS}
          value={filter.framework}
          onChange={(framework) => setFilter({ ...filter, framework })}
          style={{ flex: 1 }}
        />
      </Group>
      {isLead && selected.size > 0 ? (
        <BulkAssign
          org={org}
          codes={[...selected]}
          people={people.data ?? []}
          onDone={() => setSelected(new Set())}
        />
      ) : null}
      {failed ? <ErrorNote title={editFailureTitle(failed)} error={edit.error} /> : null}
      {update === true || update === 'own' ? null : (
        <Text size="sm" c="gray.7">
          You can read the matrix; a compliance lead changes owners and cadences.
        </Text>
      )}
      <MatrixTable
        org={org}
        rows={rows}
        today={readiness.data.at}
        framework={filter.framework ?? 'soc2'}
        selected={selected}
        onSelect={isLead ? select : null}
        sort={sort.key}
        desc={sort.desc}
        onSort={(key) => setSort({ key, desc: sort.key === key ? !sort.desc : false })}
        owners={activePeople}
        canEditOwner={() => isLead}
        canEditCadence={canEditCadence}
        onOwnerChange={changeOwner}
        onCadenceChange={(r, cadence) => edit.mutate({ code: r.code, change: { kind: 'cadence', cadence } })}
      />
    </Stack>
  );
}
