import { Alert, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { DateField, FormActions, FormModal } from '../components/forms';
import { TONE } from '../components/tones';
import { useAction } from '../components/useAction';
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
  const {
    busy,
    error,
    run: depart,
  } = useAction(async () =>
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
    ),
  );
  return (
    <Stack gap="sm">
      <DateField label="Departed on" required value={departedOn} onChange={setDepartedOn} />
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
      <FormActions
        error={error}
        errorTitle="Could not mark the departure"
        onCancel={onClose}
        onConfirm={depart}
        color="red.9"
        busy={busy}
        disabled={!departedOn}
      >
        Mark departed
      </FormActions>
    </Stack>
  );
}

/** Marks a person departed on a date, saying first which controls that turns into gaps. */
export function DepartPerson(props: Props) {
  const { person, onClose } = props;
  return (
    <FormModal
      opened={person !== null}
      onClose={onClose}
      title={person ? `Mark ${person.name} departed` : ''}
    >
      {person ? <Body key={person.id} {...props} person={person} /> : null}
    </FormModal>
  );
}
