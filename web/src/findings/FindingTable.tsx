import { Button, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { AnchorLink } from '../components/links';
import { RiskBadge } from '../components/RiskBadge';
import { DUE_COLOR, dueText, FRAMEWORK_LABEL, sourceLabel } from './findings';
import type { Finding } from './queries';

interface Props {
  org: string;
  items: Finding[];
  today: string;
  /** Owner names by e-mail. */
  names: Map<string, string>;
  canResolve: (f: Finding) => boolean;
  onResolve: (f: Finding) => void;
  /** The selected open findings (bulk triage); absent hides the selection column. */
  selected?: Set<string>;
  onSelect?: (ids: string[], on: boolean) => void;
}

/** One page of findings: what, severity, owner, due, controls (linked), criteria, source, resolution. */
export function FindingTable({ org, items, today, names, canResolve, onResolve, selected, onSelect }: Props) {
  const selectable = items.filter((f) => f.resolvedOn === null).map((f) => f.id);
  const allOn = selectable.length > 0 && selectable.every((id) => selected?.has(id));
  return (
    <Table fz="sm" verticalSpacing="xs" layout="fixed" highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          {onSelect ? (
            <Table.Th w={40}>
              <Checkbox
                aria-label="Select every open finding on this page"
                checked={allOn}
                disabled={selectable.length === 0}
                onChange={(e) => onSelect(selectable, e.currentTarget.checked)}
              />
            </Table.Th>
          ) : null}
          <Table.Th w="27%">Finding</Table.Th>
          <Table.Th w="10%">Severity</Table.Th>
          <Table.Th w="14%">Owner</Table.Th>
          <Table.Th w="13%">Due</Table.Th>
          <Table.Th w="11%">Controls</Table.Th>
          <Table.Th w="12%">Criteria</Table.Th>
          <Table.Th w="13%">Actions</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((f) => {
          const due = dueText(f, today);
          return (
            <Table.Tr
              key={f.id}
              data-finding={f.id}
              data-open={f.resolvedOn === null}
              style={{ verticalAlign: 'top' }}
            >
              {onSelect ? (
                <Table.Td>
                  {f.resolvedOn === null ? (
                    <Checkbox
                      aria-label={`Select: ${f.title}`}
                      checked={selected?.has(f.id) ?? false}
                      onChange={(e) => onSelect([f.id], e.currentTarget.checked)}
                    />
                  ) : null}
                </Table.Td>
              ) : null}
              <Table.Td>
                <Text size="sm" fw={600}>
                  {f.title}
                </Text>
                {f.description ? (
                  <Text size="xs" c="gray.7" lineClamp={2} title={f.description}>
                    {f.description}
                  </Text>
                ) : null}
                <Text size="xs" c="gray.7">
                  {sourceLabel(f.source)} · opened {f.openedOn}
                </Text>
                {f.resolvedOn !== null ? (
                  <Text size="xs" c="teal.9">
                    Resolution: {f.resolution ?? 'none recorded'}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <RiskBadge risk={f.severity} />
              </Table.Td>
              <Table.Td>
                {f.ownerEmail ? (
                  <Text size="sm" title={f.ownerEmail}>
                    {names.get(f.ownerEmail) ?? f.ownerEmail}
                  </Text>
                ) : (
                  <Text size="sm" c="red.9">
                    Unowned
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {f.dueOn && f.resolvedOn === null ? <Text size="sm">{f.dueOn}</Text> : null}
                <Text
                  size="sm"
                  c={DUE_COLOR[due.urgency]}
                  fw={due.urgency === 'overdue' ? 600 : 400}
                  data-due={due.urgency}
                >
                  {due.text}
                </Text>
              </Table.Td>
              <Table.Td>
                {f.controls.length ? (
                  <Group gap={6}>
                    {f.controls.map((c) => (
                      <AnchorLink key={c.id} to="/o/$org/controls/$code" params={{ org, code: c.code }}>
                        {c.code}
                      </AnchorLink>
                    ))}
                  </Group>
                ) : (
                  <Text size="sm" c="gray.7">
                    none
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {f.criteria.length
                    ? f.criteria
                        .map((c) => `${FRAMEWORK_LABEL[c.frameworkId] ?? c.frameworkId} ${c.code}`)
                        .join(', ')
                    : '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={4} align="start">
                  {canResolve(f) ? (
                    <Button size="compact-xs" onClick={() => onResolve(f)} aria-label={`Resolve: ${f.title}`}>
                      Resolve
                    </Button>
                  ) : null}
                  <AnchorLink
                    to="/o/$org/activity"
                    params={{ org }}
                    search={{ recordType: 'finding', recordId: f.id }}
                  >
                    History
                  </AnchorLink>
                </Stack>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
