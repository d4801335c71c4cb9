import { Alert, Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useControls } from '../api/queries';
import { useMembership } from '../api/session';
import { todayLocal } from '../components/days';
import { ErrorNote } from '../components/ErrorNote';
import { LabelledSegments } from '../components/forms';
import { Loading } from '../components/Loading';
import { AnchorLink } from '../components/links';
import { TONE } from '../components/tones';
import { DepartPerson } from '../people/DepartPerson';
import { PersonForm } from '../people/PersonForm';
import { type RosterPerson, useRoster } from '../people/queries';
import { RosterImport } from '../people/RosterImport';
import { RosterTable } from '../people/RosterTable';
import {
  departuresThatBreak,
  filterRoster,
  type RosterFilter,
  type RosterRow,
  rosterRows,
} from '../people/roster';

/** The roster: search and filter, who owns what, departures and the gaps they cause; leads add, edit, import. */
export function PeoplePage() {
  const { org } = useParams({ from: '/o/$org/people' });
  const membership = useMembership(org);
  const roster = useRoster(org);
  const controls = useControls(org);
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<RosterFilter>({ search: '', status: 'all', team: null });
  const [editing, setEditing] = useState<RosterPerson | 'new' | null>(null);
  const [departing, setDeparting] = useState<RosterRow | null>(null);
  const [importing, setImporting] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const canEdit = membership?.can.person.update === true;
  const today = todayLocal();

  const all = useMemo(() => rosterRows(roster.data ?? [], controls.data ?? []), [roster.data, controls.data]);
  const rows = useMemo(() => filterRoster(all, filter), [all, filter]);
  const teams = useMemo(
    () => [...new Set(all.map((r) => r.team).filter((t): t is string => !!t))].sort(),
    [all],
  );
  const broken = useMemo(() => departuresThatBreak(all), [all]);

  if (roster.isPending) return <Loading what="the roster" />;
  if (roster.error) return <ErrorNote error={roster.error} />;

  const refresh = () => queryClient.invalidateQueries({ queryKey: [org] });
  const onSaved = (p: RosterPerson, what: string) => {
    setEditing(null);
    setDeparting(null);
    setSaved(`${p.name} ${what}.`);
    void refresh();
  };
  const active = all.filter((r) => r.status === 'active').length;

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>
          People ({rows.length} of {all.length})
        </Title>
        {canEdit ? (
          <Group gap="xs">
            <Button variant="default" onClick={() => setImporting(true)}>
              Import roster CSV
            </Button>
            <Button onClick={() => setEditing('new')}>Add person</Button>
          </Group>
        ) : null}
      </Group>
      <Text size="sm" c="gray.7">
        {active} active, {all.length - active} departed. Owners must be active people: a departed owner turns
        every control they own into a gap.
      </Text>
      {controls.error ? <ErrorNote title="Could not load who owns what" error={controls.error} /> : null}
      {broken.people.length ? (
        <Alert color={TONE.danger} title="Departures that break readiness" data-testid="departure-gaps">
          {broken.people.length === 1
            ? '1 departed person still owns'
            : `${broken.people.length} departed people still own`}{' '}
          {broken.controls.length === 1 ? '1 control' : `${broken.controls.length} controls`} (
          {broken.controls.slice(0, 8).join(', ')}
          {broken.controls.length > 8 ? ', …' : ''}): each is a gap until a lead assigns an active owner in
          the{' '}
          <AnchorLink to="/o/$org/controls" params={{ org }}>
            control matrix
          </AnchorLink>
          .
        </Alert>
      ) : null}
      {saved ? (
        <Alert color={TONE.ok} withCloseButton closeButtonLabel="Dismiss" onClose={() => setSaved(null)}>
          {saved}
        </Alert>
      ) : null}
      <Group align="end" gap="sm">
        <TextInput
          label="Search"
          placeholder="Name, e-mail, team or manager"
          value={filter.search}
          onChange={(e) => setFilter({ ...filter, search: e.currentTarget.value })}
          w={280}
        />
        <LabelledSegments
          id="roster-status-label"
          label="Status"
          data={[
            { value: 'all', label: 'Everyone' },
            { value: 'active', label: 'Active' },
            { value: 'departed', label: 'Departed' },
          ]}
          value={filter.status}
          onChange={(status) => setFilter({ ...filter, status })}
        />
        <Select
          label="Team"
          placeholder="Any team"
          clearable
          searchable
          data={teams}
          value={filter.team}
          onChange={(team) => setFilter({ ...filter, team })}
        />
      </Group>
      <RosterTable
        org={org}
        rows={rows}
        canEdit={canEdit}
        onEdit={(r) => setEditing(r)}
        onDepart={(r) => setDeparting(r)}
        empty={
          all.length === 0
            ? canEdit
              ? 'The roster is empty: import your HR roster CSV or add people by hand.'
              : 'The roster is empty: a compliance lead imports it from the HR system.'
            : 'Nobody matches these filters: clear the search or pick another status.'
        }
      />
      <PersonForm
        org={org}
        opened={editing !== null}
        person={editing === 'new' ? null : editing}
        people={roster.data}
        today={today}
        onClose={() => setEditing(null)}
        onSaved={(p) => onSaved(p, editing === 'new' ? 'was added' : 'was saved')}
      />
      <DepartPerson
        org={org}
        person={departing}
        today={today}
        onClose={() => setDeparting(null)}
        onSaved={(p) => onSaved(p, `is marked departed on ${p.departedOn}`)}
      />
      <RosterImport
        org={org}
        opened={importing}
        onClose={() => setImporting(false)}
        onImported={() => void refresh()}
      />
    </Stack>
  );
}
