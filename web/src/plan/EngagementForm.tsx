import {
  Accordion,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { Person } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import {
  bodyOf,
  CATEGORY_LABEL,
  defaultOffsetText,
  type EngagementFormValues,
  MILESTONE_CODES,
  MILESTONES,
  missingFields,
  TRUST_CATEGORIES,
} from './engagement-form';
import { type Engagement, type TrustCategory, useSaveEngagement } from './queries';

/**
 * Creates the engagement (when `engagement` is null) or edits it: report type
 * and dates, categories in scope (security always), firm, compliance lead and
 * the milestone offsets. The API validates the dates and answers in words.
 */
export function EngagementForm({
  org,
  engagement,
  initial,
  people,
  onDone,
  onCancel,
}: {
  org: string;
  engagement: Engagement | null;
  initial: EngagementFormValues;
  people: Person[];
  onDone: () => void;
  onCancel?: () => void;
}) {
  const [v, setV] = useState<EngagementFormValues>(initial);
  const save = useSaveEngagement(org);
  const missing = missingFields(v);
  const set = <K extends keyof EngagementFormValues>(key: K, value: EngagementFormValues[K]) =>
    setV((old) => ({ ...old, [key]: value }));
  const date = (key: 'auditDate' | 'windowStart' | 'windowEnd' | 'fieldworkStart' | 'reportDue') => ({
    type: 'date',
    value: v[key],
    onChange: (e: { currentTarget: { value: string } }) => set(key, e.currentTarget.value),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ id: engagement?.id ?? null, body: bodyOf(v) }, { onSuccess: () => onDone() });
  };
  const leads = people
    .filter((p) => p.status === 'active' || p.email === v.leadEmail)
    .map((p) => ({ value: p.email, label: `${p.name} (${p.email})` }));

  return (
    <form onSubmit={submit} aria-label={engagement ? 'Edit the engagement' : 'Create the engagement'}>
      <Stack gap="sm">
        <Radio.Group
          label="Report type"
          value={v.type}
          onChange={(t) => set('type', t === 'type1' ? 'type1' : 'type2')}
        >
          <Group mt={4}>
            <Radio value="type1" label="Type I: controls as designed on one date" />
            <Radio value="type2" label="Type II: controls operating over an observation window" />
          </Group>
        </Radio.Group>
        <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm">
          {v.type === 'type1' ? (
            <TextInput label="Audit date" required {...date('auditDate')} />
          ) : (
            <>
              <TextInput label="Window start" required {...date('windowStart')} />
              <TextInput label="Window end" required {...date('windowEnd')} />
            </>
          )}
          <TextInput label="Fieldwork start" required {...date('fieldworkStart')} />
          <TextInput label="Report due" {...date('reportDue')} />
        </SimpleGrid>
        <Checkbox.Group
          label="Trust services categories in scope"
          description="Security (the common criteria) is always in scope."
          value={['security', ...v.categories]}
          onChange={(values) =>
            set(
              'categories',
              TRUST_CATEGORIES.filter((c) => c !== 'security' && values.includes(c)) as TrustCategory[],
            )
          }
        >
          <Group mt={6}>
            {TRUST_CATEGORIES.map((c) => (
              <Checkbox key={c} value={c} label={CATEGORY_LABEL[c]} disabled={c === 'security'} />
            ))}
          </Group>
        </Checkbox.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Audit firm"
            placeholder="The firm issuing the report"
            value={v.firmName}
            onChange={(e) => set('firmName', e.currentTarget.value)}
          />
          <Select
            label="Compliance lead"
            description="Owns the milestones"
            placeholder="Pick a person from the roster"
            searchable
            clearable
            data={leads}
            value={v.leadEmail}
            onChange={(email) => set('leadEmail', email)}
          />
        </SimpleGrid>
        <Accordion variant="contained" chevronPosition="left">
          <Accordion.Item value="offsets">
            <Accordion.Control>
              Milestone offsets ({Object.keys(v.offsets).length} overridden, the rest use the defaults)
            </Accordion.Control>
            <Accordion.Panel>
              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
                {MILESTONE_CODES.map((code) => (
                  <NumberInput
                    key={code}
                    label={`${MILESTONES[code].label} (days)`}
                    description={defaultOffsetText(code, v.type)}
                    placeholder="default"
                    allowDecimal={false}
                    min={-730}
                    max={730}
                    value={v.offsets[code] ?? ''}
                    onChange={(value) => {
                      const offsets = { ...v.offsets };
                      if (typeof value === 'number') offsets[code] = value;
                      else delete offsets[code];
                      set('offsets', offsets);
                    }}
                  />
                ))}
              </SimpleGrid>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
        {save.error ? <ErrorNote title="Could not save the engagement" error={save.error} /> : null}
        <Group>
          <Button type="submit" loading={save.isPending} disabled={missing.length > 0}>
            {engagement ? 'Save engagement' : 'Create engagement'}
          </Button>
          {onCancel ? (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          ) : null}
          {missing.length > 0 ? (
            <Text size="sm" c="gray.7">
              Still needed: {missing.join(', ')}.
            </Text>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}
