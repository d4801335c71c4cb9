import { Button, Checkbox, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Control } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { RISKS, type Risk } from '../components/RiskBadge';
import { CLOSE_BUTTON, READABLE_INPUT } from '../components/tones';
import type { RosterPerson } from '../people/queries';
import {
  approveException,
  type ControlException,
  closeException,
  createException,
  type ExceptionInput,
} from './queries';

/** Active people as choices of approver, labelled with their e-mail. */
export function approverChoices(people: RosterPerson[]) {
  return people
    .filter((p) => p.status === 'active')
    .map((p) => ({ value: p.email, label: `${p.name} (${p.email})` }));
}

/** Runs a save, keeping its busy flag and its error (shown in the server's words). */
function useSave<T>(run: () => Promise<T>, onDone: (value: T) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(await run());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, save };
}

interface CreateProps {
  org: string;
  controls: Control[];
  people: RosterPerson[];
  today: string;
  defaultApprover: string | null;
  onClose: () => void;
  onSaved: (e: ControlException) => void;
}

function CreateBody({ org, controls, people, today, defaultApprover, onClose, onSaved }: CreateProps) {
  const [controlCode, setControlCode] = useState<string | null>(null);
  const [summary, setSummary] = useState('');
  const [reason, setReason] = useState('');
  const [compensating, setCompensating] = useState('');
  const [risk, setRisk] = useState<Risk>('medium');
  const [expiresOn, setExpiresOn] = useState('');
  const [approved, setApproved] = useState(false);
  const [approver, setApprover] = useState<string | null>(defaultApprover);
  const [approvedOn, setApprovedOn] = useState(today);
  const input = (): ExceptionInput => ({
    controlCode: controlCode ?? '',
    summary: summary.trim(),
    reason: reason.trim(),
    compensatingControl: compensating.trim() || null,
    riskRating: risk,
    approverEmail: approved ? approver : null,
    approvedOn: approved ? approvedOn : null,
    expiresOn,
  });
  const { busy, error, save } = useSave(() => createException(org, input()), onSaved);
  const incomplete =
    !controlCode ||
    !summary.trim() ||
    !reason.trim() ||
    !expiresOn ||
    (approved && (!approver || !approvedOn));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="sm">
        <Select
          label="Control"
          required
          searchable
          placeholder="Pick the control that is not met"
          data={controls.map((c) => ({ value: c.code, label: `${c.code} · ${c.title}` }))}
          value={controlCode}
          onChange={setControlCode}
          nothingFoundMessage="No control matches"
        />
        <Textarea
          label="What is not met"
          required
          autosize
          minRows={2}
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
        />
        <Textarea
          label="Why"
          required
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <Textarea
          label="Compensating control"
          styles={READABLE_INPUT}
          description="What reduces the risk meanwhile (optional)"
          autosize
          minRows={2}
          value={compensating}
          onChange={(e) => setCompensating(e.currentTarget.value)}
        />
        <Group grow align="start">
          <Select
            label="Risk rating"
            required
            allowDeselect={false}
            data={RISKS.map((r) => ({ value: r, label: r }))}
            value={risk}
            onChange={(v) => v && setRisk(v as Risk)}
          />
          <TextInput
            label="Expires on"
            type="date"
            required
            min={today}
            value={expiresOn}
            onChange={(e) => setExpiresOn(e.currentTarget.value)}
          />
        </Group>
        <Checkbox
          label="Already approved (otherwise it waits for approval and covers nothing until then)"
          checked={approved}
          onChange={(e) => setApproved(e.currentTarget.checked)}
        />
        {approved ? (
          <Group grow align="start">
            <Select
              label="Approver"
              required
              searchable
              data={approverChoices(people)}
              value={approver}
              onChange={setApprover}
            />
            <TextInput
              label="Approved on"
              type="date"
              required
              value={approvedOn}
              onChange={(e) => setApprovedOn(e.currentTarget.value)}
            />
          </Group>
        ) : null}
        {error ? <ErrorNote title="Could not record the exception" error={error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={incomplete}>
            Record exception
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Records a new exception on a control (leads). */
export function CreateException(props: CreateProps & { opened: boolean }) {
  return (
    <Modal
      {...CLOSE_BUTTON}
      opened={props.opened}
      onClose={props.onClose}
      title="Record an exception"
      size="lg"
    >
      {props.opened ? <CreateBody {...props} /> : null}
    </Modal>
  );
}

interface ActProps {
  org: string;
  exception: ControlException | null;
  people: RosterPerson[];
  today: string;
  defaultApprover: string | null;
  onClose: () => void;
  onSaved: (e: ControlException) => void;
}

function ApproveBody({
  org,
  exception: x,
  people,
  today,
  defaultApprover,
  onClose,
  onSaved,
}: ActProps & { exception: ControlException }) {
  const [approver, setApprover] = useState<string | null>(defaultApprover);
  const [approvedOn, setApprovedOn] = useState(today < x.expiresOn ? today : x.expiresOn);
  const { busy, error, save } = useSave(
    () => approveException(org, x.id, approver ?? '', approvedOn),
    onSaved,
  );
  return (
    <Stack gap="sm">
      <Text size="sm">
        {x.controlCode}: {x.summary}. Once approved it covers the control's gaps until {x.expiresOn}.
      </Text>
      <Select
        label="Approver"
        required
        searchable
        data={approverChoices(people)}
        value={approver}
        onChange={setApprover}
      />
      <TextInput
        label="Approved on"
        type="date"
        required
        max={x.expiresOn}
        value={approvedOn}
        onChange={(e) => setApprovedOn(e.currentTarget.value)}
      />
      {error ? <ErrorNote title="Could not approve" error={error} /> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={save} loading={busy} disabled={!approver || !approvedOn}>
          Approve
        </Button>
      </Group>
    </Stack>
  );
}

/** Approves a pending exception: who approved it and when. */
export function ApproveException(props: ActProps) {
  const x = props.exception;
  return (
    <Modal
      {...CLOSE_BUTTON}
      opened={x !== null}
      onClose={props.onClose}
      title={x ? `Approve the exception on ${x.controlCode}` : ''}
    >
      {x ? <ApproveBody key={x.id} {...props} exception={x} /> : null}
    </Modal>
  );
}

function CloseBody({
  org,
  exception: x,
  today,
  onClose,
  onSaved,
}: ActProps & { exception: ControlException }) {
  const [closedOn, setClosedOn] = useState(today);
  const { busy, error, save } = useSave(() => closeException(org, x.id, closedOn), onSaved);
  return (
    <Stack gap="sm">
      <Text size="sm">
        Close it once {x.controlCode} is fixed: a closed exception no longer covers anything, so any gap the
        control still has shows again.
      </Text>
      <TextInput
        label="Closed on"
        type="date"
        required
        value={closedOn}
        onChange={(e) => setClosedOn(e.currentTarget.value)}
      />
      {error ? <ErrorNote title="Could not close" error={error} /> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={save} loading={busy} disabled={!closedOn}>
          Close exception
        </Button>
      </Group>
    </Stack>
  );
}

/** Closes an exception on a date. */
export function CloseException(props: ActProps) {
  const x = props.exception;
  return (
    <Modal
      {...CLOSE_BUTTON}
      opened={x !== null}
      onClose={props.onClose}
      title={x ? `Close the exception on ${x.controlCode}` : ''}
    >
      {x ? <CloseBody key={x.id} {...props} exception={x} /> : null}
    </Modal>
  );
}
