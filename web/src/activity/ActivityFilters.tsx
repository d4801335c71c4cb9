import { Autocomplete, Button, Group, TextInput } from '@mantine/core';
import { useState } from 'react';
import { DateField } from '../components/forms';
import { type ActivityFilter, FILTER_KEYS } from './queries';

/** Record types and actions the log commonly holds (suggestions only: any value can be typed). */
const RECORD_TYPES = [
  'control',
  'evidence',
  'exception',
  'finding',
  'person',
  'roster',
  'engagement',
  'plan-item',
  'membership',
  'user',
  'session',
  'api-token',
  'nhi',
  'nhi-import',
  'organization',
];
const ACTIONS = [
  'create',
  'update',
  'delete',
  'import',
  'assign',
  'map',
  'accept',
  'reject',
  'supersede',
  'approve',
  'close',
  'resolve',
  'complete',
  'sign-in',
  'sign-in-failed',
  'sign-out',
  'deny',
  'revoke',
];

const merge = (known: string[], seen: string[]) => [...new Set([...known, ...seen])].sort();

/** The log's filters (record, action, actor, days); applied together, kept in the address for sharing. */
export function ActivityFilters({
  value,
  seen,
  onApply,
}: {
  value: ActivityFilter;
  /** Record types and actions present in the loaded entries (added to the suggestions). */
  seen: { recordTypes: string[]; actions: string[] };
  onApply: (filter: ActivityFilter) => void;
}) {
  const [draft, setDraft] = useState<ActivityFilter>(value);
  const set = (key: keyof ActivityFilter, v: string) => setDraft({ ...draft, [key]: v });
  const active = FILTER_KEYS.some((k) => value[k]);
  const clean = (f: ActivityFilter): ActivityFilter =>
    Object.fromEntries(FILTER_KEYS.map((k) => [k, f[k]?.trim()]).filter(([, v]) => v)) as ActivityFilter;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onApply(clean(draft));
      }}
    >
      <Group align="end" gap="sm">
        <Autocomplete
          label="Record type"
          placeholder="Any"
          data={merge(RECORD_TYPES, seen.recordTypes)}
          value={draft.recordType ?? ''}
          onChange={(v) => set('recordType', v)}
          w={140}
        />
        <Autocomplete
          label="Action"
          placeholder="Any"
          data={merge(ACTIONS, seen.actions)}
          value={draft.action ?? ''}
          onChange={(v) => set('action', v)}
          w={130}
        />
        <TextInput
          label="Actor"
          placeholder="E-mail or token:prefix"
          value={draft.actor ?? ''}
          onChange={(e) => set('actor', e.currentTarget.value)}
          w={190}
        />
        <DateField
          label="From (UTC)"
          value={draft.from ?? ''}
          max={draft.to || undefined}
          onChange={(v) => set('from', v)}
        />
        <DateField
          label="To (UTC)"
          value={draft.to ?? ''}
          min={draft.from || undefined}
          onChange={(v) => set('to', v)}
        />
        <Button type="submit">Apply filters</Button>
        {active || FILTER_KEYS.some((k) => draft[k]) ? (
          <Button
            variant="default"
            onClick={() => {
              setDraft({});
              onApply({});
            }}
          >
            Clear
          </Button>
        ) : null}
      </Group>
      {value.recordId ? (
        <TextInput
          mt="xs"
          label="Record id"
          value={draft.recordId ?? ''}
          onChange={(e) => set('recordId', e.currentTarget.value)}
          w={360}
        />
      ) : null}
    </form>
  );
}
