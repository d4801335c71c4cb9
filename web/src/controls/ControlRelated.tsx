import { Badge, Group, Table, Text, Title } from '@mantine/core';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { AnchorLink } from '../components/links';
import {
  type ControlException,
  type ControlFinding,
  useControlExceptions,
  useControlFindings,
} from './queries';

const RISK_COLOR = { low: 'gray.7', medium: '#a63a0b', high: 'red.8', critical: 'red.9' } as const;

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Where an exception stands at `today`: waiting for approval, in force, expired or closed. */
export function exceptionState(
  x: ControlException,
  today: string,
): 'pending' | 'active' | 'expired' | 'closed' {
  if (x.closedOn) return 'closed';
  if (!x.approvedOn) return 'pending';
  return x.expiresOn < today ? 'expired' : 'active';
}

const EXCEPTION_STATE = {
  pending: { label: 'Waiting for approval', color: 'gray.7' },
  active: { label: 'Active', color: 'grape.8' },
  expired: { label: 'Expired: a gap again', color: 'red.8' },
  closed: { label: 'Closed', color: 'teal.9' },
} as const;

/** "expires in 12 days", "expired 3 days ago", "expires today". */
export function expiryText(expiresOn: string, today: string): string {
  const days = daysFrom(today, expiresOn);
  if (days === 0) return 'expires today';
  if (days > 0) return `expires in ${days} day${days === 1 ? '' : 's'}`;
  return `expired ${-days} day${days === -1 ? '' : 's'} ago`;
}

function Heading({ org, to, title }: { org: string; to: 'findings' | 'exceptions'; title: string }) {
  return (
    <Group justify="space-between" mb="xs">
      <Title order={3} size="h5">
        {title}
      </Title>
      <Text size="sm" component="span">
        {to === 'findings' ? (
          <AnchorLink to="/o/$org/findings" params={{ org }}>
            All findings
          </AnchorLink>
        ) : (
          <AnchorLink to="/o/$org/exceptions" params={{ org }}>
            All exceptions
          </AnchorLink>
        )}
      </Text>
    </Group>
  );
}

/** The findings on one control, open first, each with severity, owner and due date. */
export function ControlFindings({ org, code, today }: { org: string; code: string; today: string }) {
  const findings = useControlFindings(org, code);
  const items = findings.data ?? [];
  const open = items.filter((f) => !f.resolvedOn).length;
  return (
    <section aria-label={`Findings on ${code}`} data-findings={code}>
      <Heading
        org={org}
        to="findings"
        title={items.length ? `Findings (${items.length}, ${open} open)` : 'Findings'}
      />
      {findings.isPending ? <Loading what="findings" /> : null}
      {findings.error ? <ErrorNote title="Could not load the findings" error={findings.error} /> : null}
      {findings.data && items.length === 0 ? (
        <Text size="sm" c="gray.7">
          No finding on {code}. Problems raised by rules, auditors or people on this control appear here.
        </Text>
      ) : null}
      {items.length > 0 ? (
        <Table fz="sm" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Finding</Table.Th>
              <Table.Th w={100}>Severity</Table.Th>
              <Table.Th w="22%">Owner</Table.Th>
              <Table.Th w={200}>Due</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((f: ControlFinding) => {
              const overdue = !f.resolvedOn && f.dueOn !== null && f.dueOn < today;
              return (
                <Table.Tr key={f.id} data-finding={f.id}>
                  <Table.Td>
                    {f.title}
                    <Text size="xs" c="gray.7">
                      opened {f.openedOn} · {f.source}
                      {f.controls.length > 1
                        ? ` · also on ${f.controls
                            .filter((c) => c.code !== code)
                            .map((c) => c.code)
                            .join(', ')}`
                        : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" color={RISK_COLOR[f.severity]}>
                      {f.severity}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    {f.ownerEmail ?? (
                      <Text c="red.9" size="sm" component="span">
                        Unowned
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {f.resolvedOn ? (
                      <Text size="sm" c="teal.9" component="span">
                        Resolved {f.resolvedOn}
                      </Text>
                    ) : (
                      <Text
                        size="sm"
                        component="span"
                        c={overdue ? 'red.9' : undefined}
                        fw={overdue ? 600 : undefined}
                      >
                        {f.dueOn ?? 'no due date'}
                        {overdue ? ' · overdue' : ''}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      ) : null}
    </section>
  );
}

/** The exceptions on one control by expiry: what is not met, why, the compensating control, approval and expiry. */
export function ControlExceptions({ org, code, today }: { org: string; code: string; today: string }) {
  const exceptions = useControlExceptions(org, code);
  const items = exceptions.data ?? [];
  return (
    <section aria-label={`Exceptions on ${code}`} data-exceptions={code}>
      <Heading
        org={org}
        to="exceptions"
        title={items.length ? `Exceptions (${items.length})` : 'Exceptions'}
      />
      {exceptions.isPending ? <Loading what="exceptions" /> : null}
      {exceptions.error ? <ErrorNote title="Could not load the exceptions" error={exceptions.error} /> : null}
      {exceptions.data && items.length === 0 ? (
        <Text size="sm" c="gray.7">
          No exception on {code}. A lead records one when the control cannot be met for a while, with a
          compensating control and an expiry.
        </Text>
      ) : null}
      {items.length > 0 ? (
        <Table fz="sm" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Exception</Table.Th>
              <Table.Th w={100}>Risk</Table.Th>
              <Table.Th w="22%">Approval</Table.Th>
              <Table.Th w={200}>Expiry</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((x) => {
              const state = exceptionState(x, today);
              return (
                <Table.Tr key={x.id} data-exception={x.id} data-state={state}>
                  <Table.Td>
                    {x.summary}
                    <Text size="xs" c="gray.7">
                      Why: {x.reason}
                      {x.compensatingControl ? ` · Compensating: ${x.compensatingControl}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" color={RISK_COLOR[x.riskRating]}>
                      {x.riskRating}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    {x.approvedOn
                      ? `${x.approverEmail ?? 'approved'} on ${x.approvedOn}`
                      : 'Not approved yet'}
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" color={EXCEPTION_STATE[state].color} variant="filled">
                      {EXCEPTION_STATE[state].label}
                    </Badge>
                    <Text size="xs" c={state === 'expired' ? 'red.9' : 'gray.7'}>
                      {x.expiresOn} ·{' '}
                      {state === 'closed' ? `closed ${x.closedOn}` : expiryText(x.expiresOn, today)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      ) : null}
    </section>
  );
}
