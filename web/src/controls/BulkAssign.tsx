import { Button, Group, Select, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, orgPath } from '../api/client';
import type { Person } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';

/**
 * Assigns one owner, picked from the active people of the roster, to every
 * selected record: by default the selected controls (one PUT per control);
 * `assign` replaces that for other records (identities: one bulk call).
 */
export function BulkAssign({
  org,
  codes,
  people,
  onDone,
  assign: assignAll,
}: {
  org: string;
  /** The selected records: control codes, or whatever `assign` takes. */
  codes: string[];
  people: Person[];
  onDone: () => void;
  assign?: (ownerEmail: string, selected: string[]) => Promise<unknown>;
}) {
  const [email, setEmail] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const assign = useMutation({
    mutationFn: async () => {
      if (!email) return;
      if (assignAll) {
        await assignAll(email, codes);
        return;
      }
      for (const code of codes) {
        await api(orgPath(org, `/controls/${encodeURIComponent(code)}/owner`), {
          method: 'PUT',
          body: { ownerEmail: email },
        });
      }
    },
    onSuccess: () => onDone(),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [org] }),
  });
  return (
    <Group align="end" gap="sm">
      <Text size="sm" fw={600}>
        {codes.length} selected
      </Text>
      <Select
        label="Assign owner"
        placeholder="Pick a person"
        searchable
        data={people.filter((p) => p.status === 'active').map((p) => ({ value: p.email, label: p.name }))}
        value={email}
        onChange={setEmail}
        w={240}
      />
      <Button
        onClick={() => assign.mutate()}
        disabled={!email || codes.length === 0}
        loading={assign.isPending}
      >
        Assign
      </Button>
      {assign.error ? <ErrorNote title="Could not assign" error={assign.error} /> : null}
    </Group>
  );
}
