import { Button, Group, Select, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, orgPath } from '../api/client';
import type { Person } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';

/** Assigns one owner to every selected control (one PUT per control). */
export function BulkAssign({
  org,
  codes,
  people,
  onDone,
}: {
  org: string;
  codes: string[];
  people: Person[];
  onDone: () => void;
}) {
  const [email, setEmail] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const assign = useMutation({
    mutationFn: async () => {
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
