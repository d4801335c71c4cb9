import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { CLOSE_BUTTON, TONE } from '../components/tones';
import { type RosterPerson, savePerson } from './queries';
import type { RosterRow } from './roster';

interface Props {
  org: string;
  person: RosterRow | null;
  today: string;
  onClose: () => void;
  onSaved: (person: RosterPerson) => void;
}

function Body({ org, person, today, onClose, onSaved }: Props & { person: RosterRow }) {
  const [departedOn, setDepartedOn] = useState(today);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const depart = async () => {
    setBusy(true);
    setError(null);
    try {
      onSaved(
        await savePerson(
          org,
          { id: person.id },
          {
            name: person.name,
            team: person.team,
            managerEmail: person.managerEmail,
            status: 'departed',
            departedOn,
          },
        ),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm">
      <TextInput
        label="Departed on"
        type="date"
        required
        value={departedOn}
        onChange={(e) => setDepartedOn(e.currentTarget.value)}
      />
      {person.owns.length ? (
        <Alert
          color={TONE.danger}
          title={
            person.owns.length === 1
              ? '1 control becomes a gap'
              : `${person.owns.length} controls become gaps`
          }
        >
          {person.name} owns {person.owns.join(', ')}. From the departure date each is a gap until a lead
          assigns a new owner in the control matrix.
        </Alert>
      ) : (
        <Text size="sm">{person.name} owns no control: no control becomes a gap.</Text>
      )}
      {person.backs.length ? (
        <Text size="sm">
          They are also the backup owner of {person.backs.join(', ')}: pick new backups there.
        </Text>
      ) : null}
      {error ? <ErrorNote title="Could not mark the departure" error={error} /> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button color="red.9" onClick={depart} loading={busy} disabled={!departedOn}>
          Mark departed
        </Button>
      </Group>
    </Stack>
  );
}

/** Marks a person departed on a date, saying first which controls that turns into gaps. */
export function DepartPerson(props: Props) {
  const { person, onClose } = props;
  return (
    <Modal
      {...CLOSE_BUTTON}
      opened={person !== null}
      onClose={onClose}
      title={person ? `Mark ${person.name} departed` : ''}
    >
      {person ? <Body key={person.id} {...props} person={person} /> : null}
    </Modal>
  );
}
