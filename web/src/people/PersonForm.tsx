import { Autocomplete, Select, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { DateField, FormActions, FormModal, LabelledSegments, SubmitForm } from '../components/forms';
import { useAction } from '../components/useAction';
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
  const {
    busy,
    error,
    run: save,
  } = useAction(async () => {
    const fields: PersonFields = {
      name: name.trim(),
      team: team.trim() || null,
      managerEmail: manager,
      status,
      departedOn: status === 'departed' ? departedOn : null,
    };
    onSaved(await savePerson(org, person ? { id: person.id } : { email: email.trim() }, fields));
  });
  const incomplete = !name.trim() || (!person && !email.trim()) || (status === 'departed' && !departedOn);
  return (
    <SubmitForm onSubmit={save}>
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
      <LabelledSegments
        id="person-status-label"
        label="Status"
        data={[
          { value: 'active', label: 'Active' },
          { value: 'departed', label: 'Departed' },
        ]}
        value={status}
        onChange={setStatus}
      />
      {status === 'departed' ? (
        <DateField label="Departed on" required value={departedOn} onChange={setDepartedOn} />
      ) : null}
      <FormActions
        error={error}
        errorTitle="Could not save"
        onCancel={onClose}
        busy={busy}
        disabled={incomplete}
      >
        {person ? 'Save changes' : 'Add person'}
      </FormActions>
    </SubmitForm>
  );
}

/** Adds a person to the roster or edits one (leads only; the server checks the roster rules). */
export function PersonForm(props: Props & { opened: boolean }) {
  const { opened, person, onClose } = props;
  return (
    <FormModal opened={opened} onClose={onClose} title={person ? `Edit ${person.name}` : 'Add a person'}>
      <Body key={person?.id ?? 'new'} {...props} />
    </FormModal>
  );
}
