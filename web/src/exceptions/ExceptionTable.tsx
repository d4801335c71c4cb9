import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { AnchorLink } from '../components/links';
import { RiskBadge } from '../components/RiskBadge';
import { expiryCountdown, URGENCY_COLOR } from './expiry';
import type { ControlException } from './queries';

interface Props {
  org: string;
  items: ControlException[];
  today: string;
  /** Approver names by e-mail. */
  names: Map<string, string>;
  canAct: boolean;
  onApprove: (e: ControlException) => void;
  onReview: (e: ControlException) => void;
  onClose: (e: ControlException) => void;
}

const DECISION_LABEL = { continue: 'continued', close: 'closed', escalate: 'escalated' } as const;

/** When the next review is due (overdue in red) and the reviews so far, latest first. */
export function ReviewHistory({ exception: x, today }: { exception: ControlException; today: string }) {
  return (
    <Stack gap={2} mt={4} data-testid="exception-reviews">
      {x.nextReviewOn ? (
        <Text
          size="xs"
          fw={x.nextReviewOn < today ? 600 : 400}
          c={x.nextReviewOn < today ? '#a61b1b' : 'gray.7'}
        >
          {x.nextReviewOn < today ? 'review overdue since' : `${x.reviewCadence} review due`} {x.nextReviewOn}
        </Text>
      ) : null}
      {x.reviews.map((r) => (
        <Text key={r.id} size="xs" c="gray.7" title={r.note}>
          {r.reviewedOn}: {DECISION_LABEL[r.decision]} by {r.reviewerName}
          {r.newExpiresOn ? `, until ${r.newExpiresOn}` : ''} · {r.note}
        </Text>
      ))}
    </Stack>
  );
}

/** The countdown to an exception's expiry in words, coloured by urgency. */
export function ExpiryCountdown({ exception, today }: { exception: ControlException; today: string }) {
  const c = expiryCountdown(exception, today);
  return (
    <Text
      size="sm"
      fw={c.urgency === 'none' ? 400 : 600}
      c={URGENCY_COLOR[c.urgency]}
      data-urgency={c.urgency}
      data-testid="expiry-countdown"
    >
      {c.text}
    </Text>
  );
}

/** One page of exceptions: control, what is not met and why, compensating control, risk, approval, expiry. */
export function ExceptionTable({ org, items, today, names, canAct, onApprove, onReview, onClose }: Props) {
  return (
    <Table fz="sm" verticalSpacing="xs" layout="fixed" highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="8%">Control</Table.Th>
          <Table.Th w="25%">What is not met</Table.Th>
          <Table.Th w="17%">Compensating control</Table.Th>
          <Table.Th w="11%">Risk</Table.Th>
          <Table.Th w="13%">Approval and reviews</Table.Th>
          <Table.Th w="16%">Expiry</Table.Th>
          <Table.Th w="10%">{canAct ? 'Actions' : 'History'}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((x) => {
          const state = expiryCountdown(x, today).state;
          return (
            <Table.Tr key={x.id} data-exception={x.id} data-state={state} style={{ verticalAlign: 'top' }}>
              <Table.Td>
                <AnchorLink to="/o/$org/controls/$code" params={{ org, code: x.controlCode }}>
                  {x.controlCode}
                </AnchorLink>
                <Text size="xs" c="gray.7">
                  {x.scope === 'requirement'
                    ? `excepts ${x.requirementCode ?? 'one requirement'} only`
                    : x.scope === 'finding'
                      ? 'excepts one finding only'
                      : 'excepts every gap'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {x.summary}
                </Text>
                <Text size="xs" c="gray.7">
                  Why: {x.reason}
                </Text>
              </Table.Td>
              <Table.Td>
                {x.compensatingControl ?? (
                  <Text size="sm" c="gray.7">
                    none recorded
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <RiskBadge risk={x.riskRating} />
              </Table.Td>
              <Table.Td>
                {x.approvedOn ? (
                  <>
                    <Text size="sm">{names.get(x.approverEmail ?? '') ?? x.approverEmail ?? 'unknown'}</Text>
                    <Text size="xs" c="gray.7">
                      approved on {x.approvedOn}
                    </Text>
                    <ReviewHistory exception={x} today={today} />
                  </>
                ) : (
                  <Text size="sm" c="#a63a0b" fw={600}>
                    Pending approval
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <ExpiryCountdown exception={x} today={today} />
                <Text size="xs" c="gray.7">
                  expiry date {x.expiresOn}
                </Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={4} align="start">
                  {canAct && state === 'pending' ? (
                    <Button
                      size="compact-xs"
                      onClick={() => onApprove(x)}
                      aria-label={`Approve ${x.controlCode}: ${x.summary}`}
                    >
                      Approve
                    </Button>
                  ) : null}
                  {canAct && x.approvedOn && !x.closedOn ? (
                    <Button
                      size="compact-xs"
                      variant="light"
                      onClick={() => onReview(x)}
                      aria-label={`Review ${x.controlCode}: ${x.summary}`}
                    >
                      Review
                    </Button>
                  ) : null}
                  {canAct && state !== 'closed' ? (
                    <Button
                      size="compact-xs"
                      variant="outline"
                      color="gray.8"
                      onClick={() => onClose(x)}
                      aria-label={`Close ${x.controlCode}: ${x.summary}`}
                    >
                      Close
                    </Button>
                  ) : null}
                  <Group gap={4}>
                    <AnchorLink
                      to="/o/$org/activity"
                      params={{ org }}
                      search={{ recordType: 'exception', recordId: x.id }}
                    >
                      History
                    </AnchorLink>
                  </Group>
                </Stack>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
