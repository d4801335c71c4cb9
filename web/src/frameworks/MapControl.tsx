import { Button, Group, Popover, Select, Stack, Text } from '@mantine/core';
import type { FrameworkId } from '@server/core/vocabulary';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, orgPath } from '../api/client';
import type { ControlDetail } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';

/**
 * Maps one of the organization's controls to an unmapped criterion: reads the
 * control's crosswalk fresh, adds the criterion and writes the whole crosswalk
 * back (the API replaces it, so nothing else of the control's mappings is lost).
 */
export function MapControl({
  org,
  frameworkId,
  criterion,
  controls,
}: {
  org: string;
  frameworkId: string;
  criterion: string;
  controls: { value: string; label: string }[];
}) {
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const map = useMutation({
    mutationFn: async (control: string) => {
      const path = orgPath(org, `/controls/${encodeURIComponent(control)}`);
      const detail = await api<ControlDetail>(path);
      const current = detail.mappings[frameworkId as FrameworkId] ?? [];
      if (current.includes(criterion)) return;
      await api(`${path}/mappings`, {
        method: 'PUT',
        body: { mappings: { ...detail.mappings, [frameworkId]: [...current, criterion] } },
      });
    },
    onSuccess: async (_, control) => {
      setOpen(false);
      setCode(null);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: [org, 'readiness'] }),
        queryClient.invalidateQueries({ queryKey: [org, 'controls'] }),
        queryClient.invalidateQueries({ queryKey: [org, 'control', control] }),
      ]);
    },
  });
  return (
    <Popover opened={open} onChange={setOpen} trapFocus position="bottom-start" shadow="md" width={360}>
      <Popover.Target>
        <Button size="compact-xs" variant="outline" onClick={() => setOpen((o) => !o)}>
          Map a control to {criterion}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Select
            label={`Control that satisfies ${criterion}`}
            placeholder="Search by code or title"
            searchable
            data={controls}
            value={code}
            onChange={setCode}
            comboboxProps={{ withinPortal: false }}
          />
          <Text size="xs" c="gray.7">
            The control keeps its other mappings; the criterion's status then follows the control's readiness.
          </Text>
          {map.error ? <ErrorNote title="Could not map the control" error={map.error} /> : null}
          <Group gap="xs">
            <Button
              size="xs"
              disabled={!code}
              loading={map.isPending}
              onClick={() => code && map.mutate(code)}
            >
              Map
            </Button>
            <Button size="xs" variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
