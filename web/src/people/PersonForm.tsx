import {
  Autocomplete,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { CLOSE_BUTTON } from '../components/tones';
import { type PersonFields, type RosterPerson, savePerson } from './queries';

interface Props {
  org: string;
  /** The person to edit, or null to add one. */
  person: RosterPerson | null;
  people: RosterPerson[];
  today: string;
  onClose: () => void;
  onSaved: (person: RosterPerson) => void;
}

function Body({ org, person, people, today, onClose, onSaved }: Props) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState(person?.name ?? '');
  const [team, setTeam] = useState(person?.team ?? '');
  const [manager, setManager] = useState<string | null>(person?.managerEmail ?? null);
  const [status, setStatus] = useState<PersonFields['status']>(person?.status ?? 'active');
  const [departedOn, setDepartedOn] = useState(person?.departedOn ?? today);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const teams = useMemo(
    () => [...new Set(people.map((p) => p.team).filter((t): t is string => !!t))].sort(),
    [people],
  );
  const managers = useMemo(
    () =>
      people
        .filter((p) => p.email !== person?.email && (p.status === 'active' || p.email === manager))
        .map((p) => ({ value: p.email, label: `${p.name} (${p.email})` })),
    [people, person, manager],
  );
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const fields: PersonFields = {
        name: name.trim(),
        team: team.trim() || null,
        managerEmail: manager,
        status,
        departedOn: status === 'departed' ? departedOn : null,
      };
      onSaved(await savePerson(org, person ? { id: person.id } : { email: email.trim() }, fields));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const incomplete = !name.trim() || (!person && !email.trim()) || (status === 'departed' && !departedOn);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="sm">
        {person ? (
          <Text size="sm">
            E-mail: <b>{person.email}</b> (a person's e-mail is their identity in the roster and does not
            change)
          </Text>
        ) : (
          <TextInput
            label="E-mail"
            type="email"
            required
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
        )}
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Autocomplete label="Team" placeholder="e.g. Platform" data={teams} value={team} onChange={setTeam} />
        <Select
          label="Manager"
          placeholder="No manager"
          searchable
          clearable
          data={managers}
          value={manager}
          onChange={setManager}
          nothingFoundMessage="No active person matches"
        />
        <div>
          <Text size="sm" fw={500} mb={4} id="person-status-label">
            Status
          </Text>
          <SegmentedControl
            aria-labelledby="person-status-label"
            data={[
              { value: 'active', label: 'Active' },
              { value: 'departed', label: 'Departed' },
            ]}
            value={status}
            onChange={(v) => setStatus(v as PersonFields['status'])}
          />
        </div>
        {status === 'departed' ? (
          <TextInput
            label="Departed on"
            type="date"
            required
            value={departedOn}
            onChange={(e) => setDepartedOn(e.currentTarget.value)}
          />
        ) : null}
        {error ? <ErrorNote title="Could not save" error={error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={incomplete}>
            {person ? 'Save changes' : 'Add person'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Adds a person to the roster or edits one (leads only; the server checks the roster rules). */
export function PersonForm(props: Props & { opened: boolean }) {
  const { opened, person, onClose } = props;
  return (
    <Modal
      {...CLOSE_BUTTON}
      opened={opened}
      onClose={onClose}
      title={person ? `Edit ${person.name}` : 'Add a person'}
    >
      {opened ? <Body key={person?.id ?? 'new'} {...props} /> : null}
    </Modal>
  );
}
