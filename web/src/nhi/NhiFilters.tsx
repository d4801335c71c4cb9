import { Checkbox, Group, Select, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { NHI_KINDS, type NhiFilter, PROVIDERS, RULES } from './types';

const STATUSES = [
  { value: 'active', label: 'Active' },
  { value: 'disabled', label: 'Disabled' },
  { value: 'deleted', label: 'Offboarded (deleted)' },
];

/** The filters picked from a list, in the order shown. */
const SELECTS: {
  key: 'kind' | 'provider' | 'status' | 'rule';
  label: string;
  placeholder: string;
  data: { value: string; label: string }[] | string[];
  searchable?: boolean;
  w: number;
}[] = [
  { key: 'kind', label: 'Kind', placeholder: 'Any kind', searchable: true, data: [...NHI_KINDS], w: 190 },
  { key: 'provider', label: 'Provider', placeholder: 'Any provider', data: PROVIDERS, w: 170 },
  { key: 'status', label: 'Status', placeholder: 'Active and disabled', data: STATUSES, w: 190 },
  { key: 'rule', label: 'Open finding', placeholder: 'Any or none', data: RULES, w: 230 },
];

/** The inventory's filters; the search waits for a pause in typing before it asks the server. */
export function NhiFilters({ filter, onChange }: { filter: NhiFilter; onChange: (next: NhiFilter) => void }) {
  const [search, setSearch] = useState(filter.search);
  useEffect(() => setSearch(filter.search), [filter.search]);
  useEffect(() => {
    if (search === filter.search) return;
    const timer = setTimeout(() => onChange({ ...filter, search }), 300);
    return () => clearTimeout(timer);
  }, [search, filter, onChange]);
  const set = (next: Partial<NhiFilter>) => onChange({ ...filter, ...next });
  return (
    <Group align="end" gap="sm" wrap="wrap">
      <TextInput
        label="Search"
        placeholder="Name or external id"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        w={220}
      />
      {SELECTS.map(({ key, ...select }) => (
        <Select
          key={key}
          {...select}
          clearable
          value={filter[key]}
          onChange={(value) => set({ [key]: value })}
        />
      ))}
      <Checkbox
        label="Orphaned only"
        checked={filter.orphaned}
        onChange={(e) => set({ orphaned: e.currentTarget.checked })}
        mb={8}
      />
    </Group>
  );
}
