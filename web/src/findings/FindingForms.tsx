import { Button, Group, Modal, MultiSelect, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { Control } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { RISKS, type Risk } from '../components/RiskBadge';
import { CLOSE_BUTTON, READABLE_INPUT } from '../components/tones';
import type { RosterPerson } from '../people/queries';
import { FRAMEWORK_LABEL } from './findings';
import { createFinding, type Finding, resolveFinding, useCriteria } from './queries';

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
  const { busy, error, save } = useSave(
    () =>
      createFinding(org, {
        title: title.trim(),
        description: description.trim() || null,
        severity,
        controlCodes,
        criteria: criteria.map((key) => {
          const [frameworkId, code] = key.split('|');
          return { frameworkId: frameworkId!, code: code! };
        }),
        ownerEmail: owner,
        dueOn: dueOn || null,
        openedOn,
      }),
    onSaved,
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="sm">
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
            data={people
              .filter((p) => p.status === 'active')
              .map((p) => ({ value: p.email, label: `${p.name} (${p.email})` }))}
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
          <TextInput
            label="Opened on"
            type="date"
            required
            value={openedOn}
            onChange={(e) => setOpenedOn(e.currentTarget.value)}
          />
          <TextInput
            label="Due on"
            type="date"
            min={openedOn}
            value={dueOn}
            onChange={(e) => setDueOn(e.currentTarget.value)}
          />
        </Group>
        {error ? <ErrorNote title="Could not raise the finding" error={error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={!title.trim() || !openedOn}>
            Raise finding
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Raises a finding by hand on controls and criteria (leads). */
export function CreateFinding(props: CreateProps & { opened: boolean }) {
  return (
    <Modal {...CLOSE_BUTTON} opened={props.opened} onClose={props.onClose} title="Raise a finding" size="lg">
      {props.opened ? <CreateBody {...props} /> : null}
    </Modal>
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
  const { busy, error, save } = useSave(
    () => resolveFinding(org, f.id, resolvedOn, resolution.trim() || null),
    onSaved,
  );
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
      <TextInput
        label="Resolved on"
        type="date"
        required
        min={f.openedOn}
        value={resolvedOn}
        onChange={(e) => setResolvedOn(e.currentTarget.value)}
      />
      {error ? <ErrorNote title="Could not resolve" error={error} /> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={save} loading={busy} disabled={!resolvedOn || !resolution.trim()}>
          Resolve finding
        </Button>
      </Group>
    </Stack>
  );
}

/** Resolves a finding with a resolution and a date; the server's refusal (not the owner, …) is shown in words. */
export function ResolveFinding(props: ResolveProps) {
  const f = props.finding;
  return (
    <Modal {...CLOSE_BUTTON} opened={f !== null} onClose={props.onClose} title="Resolve the finding">
      {f ? <ResolveBody key={f.id} {...props} finding={f} /> : null}
    </Modal>
  );
}
