import { Group, MultiSelect, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { FrameworkId } from '@server/core/vocabulary';
import { useMemo, useState } from 'react';
import type { Control } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { activePeopleChoices, DateField, FormActions, FormModal, SubmitForm } from '../components/forms';
import { RISKS, type Risk } from '../components/RiskBadge';
import { READABLE_INPUT } from '../components/tones';
import { useAction } from '../components/useAction';
import type { RosterPerson } from '../people/queries';
import { FRAMEWORK_LABEL } from './findings';
import { createFinding, type Finding, resolveFinding, useCriteria } from './queries';

/** `soc2|CC6.1` ⇄ `{ frameworkId, code }`: criteria of several frameworks in one multi-select. */
const criterionKey = (frameworkId: string, code: string) => `${frameworkId}|${code}`;

interface CreateProps {
  org: string;
  controls: Control[];
  people: RosterPerson[];
  today: string;
  onClose: () => void;
  onSaved: (f: Finding) => void;
}

function CreateBody({ org, controls, people, today, onClose, onSaved }: CreateProps) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState<Risk>('medium');
  const [controlCodes, setControlCodes] = useState<string[]>([]);
  const [framework, setFramework] = useState('soc2');
  const [criteria, setCriteria] = useState<string[]>([]);
  const [owner, setOwner] = useState<string | null>(null);
  const [dueOn, setDueOn] = useState('');
  const [openedOn, setOpenedOn] = useState(today);
  const catalog = useCriteria(org, framework);
  // The options: this framework's criteria, plus those already picked from other frameworks.
  const criterionData = useMemo(() => {
    const options = (catalog.data ?? []).map((c) => ({
      value: criterionKey(c.frameworkId, c.code),
      label: `${FRAMEWORK_LABEL[c.frameworkId] ?? c.frameworkId} ${c.code} · ${c.title}`,
    }));
    const known = new Set(options.map((o) => o.value));
    for (const key of criteria) {
      if (known.has(key)) continue;
      const [fw, code] = key.split('|');
      options.push({ value: key, label: `${FRAMEWORK_LABEL[fw!] ?? fw} ${code}` });
    }
    return options;
  }, [catalog.data, criteria]);
  const {
    busy,
    error,
    run: save,
  } = useAction(async () =>
    onSaved(
      await createFinding(org, {
        title: title.trim(),
        description: description.trim() || null,
        severity,
        controlCodes,
        criteria: criteria.map((key) => {
          const [frameworkId, code] = key.split('|');
          return { frameworkId: frameworkId as FrameworkId, code: code! };
        }),
        ownerEmail: owner,
        dueOn: dueOn || null,
        openedOn,
      }),
    ),
  );
  return (
    <SubmitForm onSubmit={save}>
      <TextInput label="Title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
      <Textarea
        label="Description"
        autosize
        minRows={2}
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
      />
      <Group grow align="start">
        <Select
          label="Severity"
          required
          allowDeselect={false}
          styles={READABLE_INPUT}
          description="High and critical make every linked control a gap"
          data={RISKS.map((r) => ({ value: r, label: r }))}
          value={severity}
          onChange={(v) => v && setSeverity(v as Risk)}
        />
        <Select
          label="Owner"
          searchable
          clearable
          placeholder="Nobody yet"
          styles={READABLE_INPUT}
          description="Who fixes it (they may resolve it)"
          data={activePeopleChoices(people)}
          value={owner}
          onChange={setOwner}
        />
      </Group>
      <MultiSelect
        label="Controls"
        searchable
        placeholder="Controls it touches"
        data={controls.map((c) => ({ value: c.code, label: `${c.code} · ${c.title}` }))}
        value={controlCodes}
        onChange={setControlCodes}
        nothingFoundMessage="No control matches"
      />
      <Group align="start" wrap="nowrap">
        <Select
          label="Criteria of"
          allowDeselect={false}
          data={Object.entries(FRAMEWORK_LABEL).map(([value, label]) => ({ value, label }))}
          value={framework}
          onChange={(v) => v && setFramework(v)}
          w={160}
        />
        <MultiSelect
          style={{ flex: 1 }}
          label="Criteria"
          searchable
          placeholder={catalog.isPending ? 'Loading the catalog…' : 'Criteria it touches'}
          data={criterionData}
          value={criteria}
          onChange={setCriteria}
          limit={100}
          nothingFoundMessage="No criterion matches"
        />
      </Group>
      {catalog.error ? <ErrorNote title="Could not load the criteria" error={catalog.error} /> : null}
      <Group grow align="start">
        <DateField label="Opened on" required value={openedOn} onChange={setOpenedOn} />
        <DateField label="Due on" min={openedOn} value={dueOn} onChange={setDueOn} />
      </Group>
      <FormActions
        error={error}
        errorTitle="Could not raise the finding"
        onCancel={onClose}
        busy={busy}
        disabled={!title.trim() || !openedOn}
      >
        Raise finding
      </FormActions>
    </SubmitForm>
  );
}

/** Raises a finding by hand on controls and criteria (leads). */
export function CreateFinding(props: CreateProps & { opened: boolean }) {
  return (
    <FormModal opened={props.opened} onClose={props.onClose} title="Raise a finding" size="lg">
      <CreateBody {...props} />
    </FormModal>
  );
}

interface ResolveProps {
  org: string;
  finding: Finding | null;
  today: string;
  onClose: () => void;
  onSaved: (f: Finding) => void;
}

function ResolveBody({ org, finding: f, today, onClose, onSaved }: ResolveProps & { finding: Finding }) {
  const [resolvedOn, setResolvedOn] = useState(today);
  const [resolution, setResolution] = useState('');
  const {
    busy,
    error,
    run: save,
  } = useAction(async () => onSaved(await resolveFinding(org, f.id, resolvedOn, resolution.trim() || null)));
  return (
    <Stack gap="sm">
      <Text size="sm">
        {f.title}
        {f.controls.length ? ` (${f.controls.map((c) => c.code).join(', ')})` : ''}
      </Text>
      <Textarea
        label="Resolution"
        styles={READABLE_INPUT}
        description="What was done, so an auditor can follow it"
        required
        autosize
        minRows={3}
        value={resolution}
        onChange={(e) => setResolution(e.currentTarget.value)}
      />
      <DateField label="Resolved on" required min={f.openedOn} value={resolvedOn} onChange={setResolvedOn} />
      <FormActions
        error={error}
        errorTitle="Could not resolve"
        onCancel={onClose}
        onConfirm={save}
        busy={busy}
        disabled={!resolvedOn || !resolution.trim()}
      >
        Resolve finding
      </FormActions>
    </Stack>
  );
}

/** Resolves a finding with a resolution and a date; the server's refusal (not the owner, …) is shown in words. */
export function ResolveFinding(props: ResolveProps) {
  const f = props.finding;
  return (
    <FormModal opened={f !== null} onClose={props.onClose} title="Resolve the finding">
      {f ? <ResolveBody key={f.id} {...props} finding={f} /> : null}
    </FormModal>
  );
}
