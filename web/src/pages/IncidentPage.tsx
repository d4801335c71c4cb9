import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { usePeople } from '../api/queries';
import { useMembership } from '../api/session';
import { ErrorNote } from '../components/ErrorNote';
import { DateField, FormActions, FormModal, PersonSelect, SubmitForm } from '../components/forms';
import { Loading } from '../components/Loading';
import { AnchorLink } from '../components/links';
import { TONE } from '../components/tones';
import { useAction } from '../components/useAction';
import {
  addFollowUp,
  addTimelineEntry,
  completeFollowUp,
  type FollowUpView,
  type IncidentView,
  SEVERITY_COLOR,
  updateIncident,
  useIncident,
} from '../incidents/queries';

/** One incident: its facts, timeline, root cause and follow-up actions, and the rule findings on it. */
export function IncidentPage() {
  const { org, incidentId } = useParams({ from: '/o/$org/incidents/$incidentId' });
  const incident = useIncident(org, incidentId);
  if (incident.isPending) return <Loading what="incident" />;
  if (incident.error) return <ErrorNote error={incident.error} />;
  return <IncidentDetail org={org} incident={incident.data} />;
}

function IncidentDetail({ org, incident: i }: { org: string; incident: IncidentView }) {
  const membership = useMembership(org);
  const queryClient = useQueryClient();
  const canEdit = membership?.can.incident.update === true;
  const [form, setForm] = useState<'timeline' | 'follow-up' | 'root-cause' | null>(null);
  const [done, setDone] = useState<FollowUpView | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: [org, 'incidents'] });
  const close = () => {
    setForm(null);
    setDone(null);
  };
  const open = i.findings.filter((f) => f.resolvedOn === null);
  return (
    <Stack gap="sm">
      <AnchorLink to="/o/$org/incidents" params={{ org }}>
        ← Incidents
      </AnchorLink>
      <Group gap="sm">
        <Title order={2}>
          {i.externalId}: {i.title}
        </Title>
        <Badge color={SEVERITY_COLOR[i.severity]} variant="filled">
          {i.severity}
        </Badge>
        <Badge color={TONE.neutral} variant="outline">
          {i.status}
        </Badge>
      </Group>
      {open.map((f) => (
        <Alert key={f.findingId} color={TONE.danger} title={`${f.severity} finding`}>
          {f.title}
        </Alert>
      ))}
      <Paper withBorder p="sm">
        <Stack gap={4}>
          <Text size="sm">
            Owner: {i.ownerName ? `${i.ownerName} (${i.ownerEmail})` : '—'} · Detected {i.detectedAt} ·
            Contained {i.containedAt ?? '—'} · Resolved {i.resolvedAt ?? '—'}
          </Text>
          <Text size="sm">Customer impact: {i.customerImpact ?? '—'}</Text>
          <Group gap="xs">
            <Text size="sm">Root cause: {i.rootCause ?? 'none recorded yet'}</Text>
            {canEdit && (
              <Button size="xs" variant="default" onClick={() => setForm('root-cause')}>
                {i.rootCause ? 'Edit root cause' : 'Record root cause'}
              </Button>
            )}
          </Group>
        </Stack>
      </Paper>

      <Group justify="space-between">
        <Title order={3}>Timeline</Title>
        {canEdit && (
          <Button size="xs" variant="default" onClick={() => setForm('timeline')}>
            Add entry
          </Button>
        )}
      </Group>
      {i.timeline.length === 0 ? (
        <Text size="sm" c={TONE.muted}>
          No timeline entries.
        </Text>
      ) : (
        <Timeline bulletSize={12} lineWidth={2} aria-label="Incident timeline">
          {i.timeline.map((e) => (
            <Timeline.Item key={e.id} title={e.at}>
              <Text size="sm">{e.entry}</Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}

      <Group justify="space-between">
        <Title order={3}>Follow-up actions</Title>
        {canEdit && (
          <Button size="xs" variant="default" onClick={() => setForm('follow-up')}>
            Add follow-up
          </Button>
        )}
      </Group>
      {i.followUpActions.length === 0 ? (
        <Text size="sm" c={TONE.muted}>
          No follow-up actions.
        </Text>
      ) : (
        <Paper withBorder>
          <Table aria-label="Follow-up actions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Action</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th>Done</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {i.followUpActions.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td>{f.action}</Table.Td>
                  <Table.Td>{f.ownerName ?? f.ownerEmail ?? '—'}</Table.Td>
                  <Table.Td>
                    {f.dueOn}{' '}
                    {f.overdue && (
                      <Badge color={TONE.danger} variant="filled">
                        overdue
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {f.doneOn ? (
                      `${f.doneOn} (${f.evidence})`
                    ) : canEdit ? (
                      <Button size="xs" variant="default" onClick={() => setDone(f)}>
                        Mark done
                      </Button>
                    ) : (
                      'open'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}

      <FormModal opened={form === 'timeline'} onClose={close} title="Add a timeline entry">
        <TimelineForm org={org} incident={i} onDone={() => void refresh().then(close)} onCancel={close} />
      </FormModal>
      <FormModal opened={form === 'follow-up'} onClose={close} title="Add a follow-up action">
        <FollowUpForm org={org} incident={i} onDone={() => void refresh().then(close)} onCancel={close} />
      </FormModal>
      <FormModal opened={form === 'root-cause'} onClose={close} title="Root cause">
        <RootCauseForm org={org} incident={i} onDone={() => void refresh().then(close)} onCancel={close} />
      </FormModal>
      <FormModal opened={done !== null} onClose={close} title="Mark the follow-up done">
        {done && (
          <DoneForm org={org} followUp={done} onDone={() => void refresh().then(close)} onCancel={close} />
        )}
      </FormModal>
    </Stack>
  );
}

interface FormProps {
  org: string;
  incident: IncidentView;
  onDone: () => void;
  onCancel: () => void;
}

function TimelineForm({ org, incident, onDone, onCancel }: FormProps) {
  const [at, setAt] = useState('');
  const [entry, setEntry] = useState('');
  const action = useAction(async () => {
    await addTimelineEntry(org, incident.id, at.trim(), entry.trim());
    onDone();
  });
  return (
    <SubmitForm onSubmit={action.run}>
      <TextInput
        label="When"
        description="A date or an ISO-8601 time with its zone, e.g. 2026-11-02T14:05Z"
        required
        value={at}
        onChange={(e) => setAt(e.currentTarget.value)}
      />
      <Textarea
        label="What happened"
        required
        value={entry}
        onChange={(e) => setEntry(e.currentTarget.value)}
      />
      <FormActions
        error={action.error}
        errorTitle="The entry was not added"
        onCancel={onCancel}
        busy={action.busy}
        disabled={at.trim() === '' || entry.trim() === ''}
      >
        Add entry
      </FormActions>
    </SubmitForm>
  );
}

function FollowUpForm({ org, incident, onDone, onCancel }: FormProps) {
  const people = usePeople(org);
  const [text, setText] = useState('');
  const [owner, setOwner] = useState<string | null>(null);
  const [dueOn, setDueOn] = useState('');
  const action = useAction(async () => {
    await addFollowUp(org, incident.id, text.trim(), owner ?? '', dueOn);
    onDone();
  });
  return (
    <SubmitForm onSubmit={action.run}>
      <TextInput label="Action" required value={text} onChange={(e) => setText(e.currentTarget.value)} />
      <PersonSelect label="Owner" people={people.data ?? []} value={owner} onChange={setOwner} />
      <DateField label="Due on" required value={dueOn} onChange={setDueOn} />
      <FormActions
        error={action.error}
        errorTitle="The follow-up was not added"
        onCancel={onCancel}
        busy={action.busy}
        disabled={text.trim() === '' || owner === null || dueOn === ''}
      >
        Add follow-up
      </FormActions>
    </SubmitForm>
  );
}

function RootCauseForm({ org, incident, onDone, onCancel }: FormProps) {
  const [rootCause, setRootCause] = useState(incident.rootCause ?? '');
  const action = useAction(async () => {
    await updateIncident(org, incident.id, { rootCause: rootCause.trim() });
    onDone();
  });
  return (
    <SubmitForm onSubmit={action.run}>
      <Textarea
        label="Root cause"
        required
        autosize
        minRows={3}
        value={rootCause}
        onChange={(e) => setRootCause(e.currentTarget.value)}
      />
      <FormActions
        error={action.error}
        errorTitle="The root cause was not saved"
        onCancel={onCancel}
        busy={action.busy}
        disabled={rootCause.trim() === ''}
      >
        Save
      </FormActions>
    </SubmitForm>
  );
}

function DoneForm({
  org,
  followUp,
  onDone,
  onCancel,
}: {
  org: string;
  followUp: FollowUpView;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [evidence, setEvidence] = useState('');
  const action = useAction(async () => {
    await completeFollowUp(org, followUp.id, evidence.trim());
    onDone();
  });
  return (
    <SubmitForm onSubmit={action.run}>
      <Text size="sm">{followUp.action}</Text>
      <TextInput
        label="Evidence"
        description="The ticket or change that did it"
        required
        value={evidence}
        onChange={(e) => setEvidence(e.currentTarget.value)}
      />
      <FormActions
        error={action.error}
        errorTitle="The follow-up was not marked done"
        onCancel={onCancel}
        busy={action.busy}
        disabled={evidence.trim() === ''}
      >
        Mark done
      </FormActions>
    </SubmitForm>
  );
}
