import { Checkbox, Group, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { EXCEPTION_REVIEW_CADENCES } from '@server/core/exceptions/review';
import { useState } from 'react';
import { useControl } from '../api/queries';
import type { Control } from '../api/types';
import { DateField, FormActions, FormModal, PersonSelect, SubmitForm } from '../components/forms';
import { RISKS, type Risk } from '../components/RiskBadge';
import { READABLE_INPUT } from '../components/tones';
import { useAction } from '../components/useAction';
import { useControlFindings } from '../controls/queries';
import type { RosterPerson } from '../people/queries';
import {
  approveException,
  type ControlException,
  closeException,
  createException,
  type ExceptionInput,
  type ExceptionReviewBody,
  reviewException,
} from './queries';

/** What a new exception excepts: the whole control, `req:CODE` or `finding:ID`. */
type Excepted = 'control' | `req:${string}` | `finding:${string}`;

/**
 * The choice of what an exception excepts on the chosen control: the whole
 * control, one of its evidence requirements, or one of its open findings.
 * Other gaps of the control stay gaps.
 */
function ExceptedSelect({
  org,
  code,
  value,
  onChange,
}: {
  org: string;
  code: string;
  value: Excepted;
  onChange: (v: Excepted) => void;
}) {
  const control = useControl(org, code);
  const findings = useControlFindings(org, code);
  const data = [
    { value: 'control', label: 'The whole control (every gap)' },
    ...(control.data?.requirements ?? []).map((r) => ({
      value: `req:${r.code}`,
      label: `Requirement ${r.code} · ${r.artifact}`,
    })),
    ...(findings.data ?? [])
      .filter((f) => !f.resolvedOn)
      .map((f) => ({ value: `finding:${f.id}`, label: `Finding (${f.severity}) · ${f.title}` })),
  ];
  return (
    <Select
      label="What it excepts"
      description="Only the gaps it names are excepted; the control's other gaps stay gaps."
      required
      allowDeselect={false}
      data={data}
      value={value}
      onChange={(v) => v && onChange(v as Excepted)}
    />
  );
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
  const [excepted, setExcepted] = useState<Excepted>('control');
  const [summary, setSummary] = useState('');
  const [reason, setReason] = useState('');
  const [compensating, setCompensating] = useState('');
  const [risk, setRisk] = useState<Risk>('medium');
  const [expiresOn, setExpiresOn] = useState('');
  const [cadence, setCadence] = useState<string>('by-risk');
  const [approved, setApproved] = useState(false);
  const [approver, setApprover] = useState<string | null>(defaultApprover);
  const [approvedOn, setApprovedOn] = useState(today);
  const input = (): ExceptionInput => ({
    controlCode: controlCode ?? '',
    requirementCode: excepted.startsWith('req:') ? excepted.slice('req:'.length) : null,
    findingId: excepted.startsWith('finding:') ? excepted.slice('finding:'.length) : null,
    summary: summary.trim(),
    reason: reason.trim(),
    compensatingControl: compensating.trim() || null,
    riskRating: risk,
    reviewCadence: cadence === 'by-risk' ? null : (cadence as ExceptionInput['reviewCadence']),
    approverEmail: approved ? approver : null,
    approvedOn: approved ? approvedOn : null,
    expiresOn,
  });
  const { busy, error, run: save } = useAction(async () => onSaved(await createException(org, input())));
  const incomplete =
    !controlCode ||
    !summary.trim() ||
    !reason.trim() ||
    !expiresOn ||
    (approved && (!approver || !approvedOn));
  return (
    <SubmitForm onSubmit={save}>
      <Select
        label="Control"
        required
        searchable
        placeholder="Pick the control that is not met"
        data={controls.map((c) => ({ value: c.code, label: `${c.code} · ${c.title}` }))}
        value={controlCode}
        onChange={(code) => {
          setControlCode(code);
          setExcepted('control');
        }}
        nothingFoundMessage="No control matches"
      />
      {controlCode ? (
        <ExceptedSelect org={org} code={controlCode} value={excepted} onChange={setExcepted} />
      ) : null}
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
        <DateField label="Expires on" required min={today} value={expiresOn} onChange={setExpiresOn} />
        <Select
          label="Review cadence"
          allowDeselect={false}
          data={[
            { value: 'by-risk', label: 'By risk (high monthly, medium quarterly, low semiannual)' },
            ...EXCEPTION_REVIEW_CADENCES.map((c) => ({ value: c, label: c })),
          ]}
          value={cadence}
          onChange={(v) => v && setCadence(v)}
        />
      </Group>
      <Checkbox
        label="Already approved (otherwise it waits for approval and covers nothing until then)"
        checked={approved}
        onChange={(e) => setApproved(e.currentTarget.checked)}
      />
      {approved ? (
        <Group grow align="start">
          <PersonSelect label="Approver" people={people} value={approver} onChange={setApprover} />
          <DateField label="Approved on" required value={approvedOn} onChange={setApprovedOn} />
        </Group>
      ) : null}
      <FormActions
        error={error}
        errorTitle="Could not record the exception"
        onCancel={onClose}
        busy={busy}
        disabled={incomplete}
      >
        Record exception
      </FormActions>
    </SubmitForm>
  );
}

/** Records a new exception on a control (leads). */
export function CreateException(props: CreateProps & { opened: boolean }) {
  return (
    <FormModal opened={props.opened} onClose={props.onClose} title="Record an exception" size="lg">
      <CreateBody {...props} />
    </FormModal>
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
  const {
    busy,
    error,
    run: save,
  } = useAction(async () => onSaved(await approveException(org, x.id, approver ?? '', approvedOn)));
  return (
    <Stack gap="sm">
      <Text size="sm">
        {x.controlCode}: {x.summary}. Once approved it covers the control's gaps until {x.expiresOn}.
      </Text>
      <PersonSelect label="Approver" people={people} value={approver} onChange={setApprover} />
      <DateField label="Approved on" required max={x.expiresOn} value={approvedOn} onChange={setApprovedOn} />
      <FormActions
        error={error}
        errorTitle="Could not approve"
        onCancel={onClose}
        onConfirm={save}
        busy={busy}
        disabled={!approver || !approvedOn}
      >
        Approve
      </FormActions>
    </Stack>
  );
}

/** Approves a pending exception: who approved it and when. */
export function ApproveException(props: ActProps) {
  const x = props.exception;
  return (
    <FormModal
      opened={x !== null}
      onClose={props.onClose}
      title={x ? `Approve the exception on ${x.controlCode}` : ''}
    >
      {x ? <ApproveBody key={x.id} {...props} exception={x} /> : null}
    </FormModal>
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
  const {
    busy,
    error,
    run: save,
  } = useAction(async () => onSaved(await closeException(org, x.id, closedOn)));
  return (
    <Stack gap="sm">
      <Text size="sm">
        Close it once {x.controlCode} is fixed: a closed exception no longer covers anything, so any gap the
        control still has shows again.
      </Text>
      <DateField label="Closed on" required value={closedOn} onChange={setClosedOn} />
      <FormActions
        error={error}
        errorTitle="Could not close"
        onCancel={onClose}
        onConfirm={save}
        busy={busy}
        disabled={!closedOn}
      >
        Close exception
      </FormActions>
    </Stack>
  );
}

/** Closes an exception on a date. */
export function CloseException(props: ActProps) {
  const x = props.exception;
  return (
    <FormModal
      opened={x !== null}
      onClose={props.onClose}
      title={x ? `Close the exception on ${x.controlCode}` : ''}
    >
      {x ? <CloseBody key={x.id} {...props} exception={x} /> : null}
    </FormModal>
  );
}

const DECISION_TEXT: Record<ExceptionReviewBody['decision'], string> = {
  continue: 'The exception stays in force; give a new expiry if it needs longer.',
  close: 'The deviation is remediated: the exception is closed on the review day.',
  escalate: 'The exception stays in force with its risk one level higher, for leadership to see.',
};

function ReviewBody({
  org,
  exception: x,
  people,
  today,
  onClose,
  onSaved,
}: ActProps & { exception: ControlException }) {
  const [decision, setDecision] = useState<ExceptionReviewBody['decision']>('continue');
  const [note, setNote] = useState('');
  const [reviewedOn, setReviewedOn] = useState(today);
  const [reviewer, setReviewer] = useState<string | null>(x.approverEmail);
  const [newExpiresOn, setNewExpiresOn] = useState('');
  const [cadence, setCadence] = useState<string>(x.reviewCadence);
  const {
    busy,
    error,
    run: save,
  } = useAction(async () =>
    onSaved(
      await reviewException(org, x.id, {
        decision,
        note,
        reviewedOn,
        reviewerEmail: reviewer,
        newExpiresOn: decision !== 'close' && newExpiresOn ? newExpiresOn : null,
        reviewCadence: cadence === x.reviewCadence ? null : (cadence as ControlException['reviewCadence']),
      }),
    ),
  );
  return (
    <Stack gap="sm">
      <Text size="sm">
        {x.controlCode}: {x.summary}.{' '}
        {x.nextReviewOn ? `Its ${x.reviewCadence} review is due on ${x.nextReviewOn}.` : ''}
      </Text>
      <SegmentedControl
        aria-label="Decision"
        value={decision}
        onChange={(v) => setDecision(v as ExceptionReviewBody['decision'])}
        data={[
          { value: 'continue', label: 'Continue' },
          { value: 'close', label: 'Close' },
          { value: 'escalate', label: 'Escalate' },
        ]}
      />
      <Text size="xs" c="gray.7">
        {DECISION_TEXT[decision]}
      </Text>
      <Textarea
        label="Note"
        description="What the review found"
        required
        autosize
        minRows={2}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        styles={READABLE_INPUT}
      />
      <PersonSelect label="Reviewer" people={people} value={reviewer} onChange={setReviewer} />
      <DateField
        label="Reviewed on"
        required
        min={x.approvedOn ?? undefined}
        value={reviewedOn}
        onChange={setReviewedOn}
      />
      {decision === 'close' ? null : (
        <DateField
          label="New expiry (optional)"
          min={reviewedOn}
          value={newExpiresOn}
          onChange={setNewExpiresOn}
        />
      )}
      <Select
        label="Review cadence from now on"
        allowDeselect={false}
        data={EXCEPTION_REVIEW_CADENCES.map((c) => ({ value: c, label: c }))}
        value={cadence}
        onChange={(v) => v && setCadence(v)}
      />
      <FormActions
        error={error}
        errorTitle="Could not record the review"
        onCancel={onClose}
        onConfirm={save}
        busy={busy}
        disabled={!note.trim() || !reviewedOn || !reviewer}
      >
        Record review
      </FormActions>
    </Stack>
  );
}

/** Reviews an approved exception: continue, close or escalate it, with a note (docs/decisions/0030). */
export function ReviewException(props: ActProps) {
  const x = props.exception;
  return (
    <FormModal
      opened={x !== null}
      onClose={props.onClose}
      title={x ? `Review the exception on ${x.controlCode}` : ''}
    >
      {x ? <ReviewBody key={x.id} {...props} exception={x} /> : null}
    </FormModal>
  );
}
