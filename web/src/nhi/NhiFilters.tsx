import { Checkbox, Group, Select, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { NHI_KINDS, type NhiFilter, PROVIDERS, RULES } from './types';

const STATUSES = [
  { value: 'active', label: 'Active' },
  { value: 'disabled', label: 'Disabled' },
  { value: 'deleted', label: 'Offboarded (deleted)' },
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
      <Select
        label="Kind"
        placeholder="Any kind"
        clearable
        searchable
        data={[...NHI_KINDS]}
        value={filter.kind}
        onChange={(kind) => set({ kind })}
        w={190}
      />
      <Select
        label="Provider"
        placeholder="Any provider"
        clearable
        data={PROVIDERS}
        value={filter.provider}
        onChange={(provider) => set({ provider })}
        w={170}
      />
      <Select
        label="Status"
        placeholder="Active and disabled"
        clearable
        data={STATUSES}
        value={filter.status}
        onChange={(status) => set({ status })}
        w={190}
      />
      <Select
        label="Open finding"
        placeholder="Any or none"
        clearable
        data={RULES}
        value={filter.rule}
        onChange={(rule) => set({ rule })}
        w={230}
      />
      <Checkbox
        label="Orphaned only"
        checked={filter.orphaned}
        onChange={(e) => set({ orphaned: e.currentTarget.checked })}
        mb={8}
      />
    </Group>
  );
}
