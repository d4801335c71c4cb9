import { Alert, Badge, Button, Group, Kbd, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  type Campaign,
  type CampaignItem,
  completeCampaign,
  type Decision,
  decide,
  ownAccessReason,
  useCampaign,
} from '../access-reviews/queries';
import { useMembership } from '../api/session';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { TONE } from '../components/tones';
import { useAction } from '../components/useAction';

const KEYS: Record<string, Decision> = { '1': 'keep', '2': 'revoke', '3': 'change' };
const COLOR: Record<Decision, string> = { keep: TONE.ok, revoke: TONE.danger, change: TONE.warning };

/**
 * One campaign as a reviewer's checklist: ↑/↓ (or k/j) move, 1 keep, 2 revoke, 3 change (with the comment
 * typed in the box, if any). Items on the reviewer's own access are disabled with the reason.
 */
export function AccessReviewPage() {
  const { org, campaignId } = useParams({ from: '/o/$org/access-reviews/$campaignId' });
  const membership = useMembership(org);
  const campaign = useCampaign(org, campaignId);
  if (campaign.isPending) return <Loading what="access review" />;
  if (campaign.error) return <ErrorNote error={campaign.error} />;
  return <Checklist org={org} campaign={campaign.data} personId={membership?.personId ?? null} />;
}

function Checklist({
  org,
  campaign,
  personId,
}: {
  org: string;
  campaign: Campaign;
  personId: string | null;
}) {
  const membership = useMembership(org);
  const queryClient = useQueryClient();
  const [cursor, setCursor] = useState(0);
  const [comment, setComment] = useState('');
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);
  const isReviewer = campaign.reviewers.some((r) => r.id === personId);
  const canDecide =
    campaign.status === 'open' && isReviewer && membership?.can['access-review'].decide === true;
  const canComplete = campaign.status === 'open' && membership?.can['access-review'].complete === true;
  const refresh = () => queryClient.invalidateQueries({ queryKey: [org, 'access-reviews'] });
  const action = useAction(async (item: CampaignItem, decision: Decision) => {
    await decide(org, campaign.id, item.id, decision, comment.trim() === '' ? null : comment.trim());
    setComment('');
    await refresh();
    setCursor((c) => Math.min(c + 1, campaign.items.length - 1));
  });
  const completion = useAction(async () => {
    await completeCampaign(org, campaign.id);
    await refresh();
  });

  const onKey = useCallback(
    (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
      if (event.key === 'ArrowDown' || event.key === 'j') {
        event.preventDefault();
        setCursor((c) => Math.min(c + 1, campaign.items.length - 1));
      } else if (event.key === 'ArrowUp' || event.key === 'k') {
        event.preventDefault();
        setCursor((c) => Math.max(c - 1, 0));
      } else if (KEYS[event.key] && canDecide && !action.busy) {
        const item = campaign.items[cursor];
        if (item && !ownAccessReason(item, personId)) {
          event.preventDefault();
          void action.run(item, KEYS[event.key]!);
        }
      }
    },
    [campaign.items, cursor, canDecide, action, personId],
  );
  useEffect(() => {
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onKey]);
  useEffect(() => {
    rows.current[cursor]?.scrollIntoView?.({ block: 'nearest' });
  }, [cursor]);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Access review of {campaign.system}</Title>
        {campaign.status === 'completed' ? (
          <Badge color={TONE.ok} variant="filled">
            completed {campaign.completedOn}
          </Badge>
        ) : campaign.overdue ? (
          <Badge color={TONE.danger} variant="filled">
            overdue since {campaign.dueOn}
          </Badge>
        ) : (
          <Badge color="#1864ab" variant="filled">
            due {campaign.dueOn}
          </Badge>
        )}
      </Group>
      <Text size="sm">
        {campaign.decided} of {campaign.total} decided ({campaign.revoked} revoke, {campaign.changed} change)
        · reviewers: {campaign.reviewers.map((r) => r.email).join(', ')}
      </Text>
      {canDecide ? (
        <Paper withBorder p="xs">
          <Text size="sm" aria-label="Keyboard shortcuts">
            <Kbd>↑</Kbd>/<Kbd>↓</Kbd> (or <Kbd>k</Kbd>/<Kbd>j</Kbd>) move · <Kbd>1</Kbd> keep · <Kbd>2</Kbd>{' '}
            revoke · <Kbd>3</Kbd> change. A comment typed below goes with the next decision; revoke and change
            become follow-ups due a week later.
          </Text>
          <TextInput
            mt="xs"
            size="xs"
            label="Comment for the next decision"
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' || e.key === 'Enter') e.currentTarget.blur();
            }}
            maxLength={2000}
          />
        </Paper>
      ) : campaign.status === 'open' ? (
        <Alert color="gray">Only the reviewers named on this campaign decide its items.</Alert>
      ) : null}
      {action.error !== null && <ErrorNote error={action.error} />}
      <Paper withBorder>
        <Table aria-label="Items to review">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Subject</Table.Th>
              <Table.Th>Access</Table.Th>
              <Table.Th>Decision</Table.Th>
              <Table.Th>Comment</Table.Th>
              {canDecide && <Table.Th>Decide</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {campaign.items.map((item, index) => {
              const own = ownAccessReason(item, personId);
              const current = index === cursor;
              return (
                <Table.Tr
                  key={item.id}
                  ref={(el) => {
                    rows.current[index] = el;
                  }}
                  aria-current={current ? 'true' : undefined}
                  data-subject={item.subject}
                  style={current ? { outline: '2px solid #1864ab', outlineOffset: '-2px' } : undefined}
                  onClick={() => setCursor(index)}
                >
                  <Table.Td>
                    <Text size="sm">{item.label}</Text>
                    <Text size="xs" c={TONE.muted}>
                      {item.subjectType === 'nhi' ? 'NHI' : 'account'} {item.subject}
                    </Text>
                  </Table.Td>
                  <Table.Td>{item.access}</Table.Td>
                  <Table.Td>
                    {item.decision ? (
                      <Badge color={COLOR[item.decision]} variant="filled">
                        {item.decision}
                      </Badge>
                    ) : (
                      <Text size="sm" c={TONE.muted}>
                        —
                      </Text>
                    )}
                    {item.decidedBy && (
                      <Text size="xs" c={TONE.muted}>
                        {item.decidedBy}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{item.comment}</Table.Td>
                  {canDecide && (
                    <Table.Td>
                      {own ? (
                        <Text size="xs" c={TONE.muted}>
                          {own}
                        </Text>
                      ) : (
                        <Group gap={4} wrap="nowrap">
                          {(['keep', 'revoke', 'change'] as const).map((d) => (
                            <Button
                              key={d}
                              size="compact-xs"
                              variant={item.decision === d ? 'filled' : 'outline'}
                              color={COLOR[d]}
                              disabled={action.busy}
                              onClick={() => void action.run(item, d)}
                            >
                              {d}
                            </Button>
                          ))}
                        </Group>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Paper>
      {campaign.followUps.length > 0 && (
        <Paper withBorder p="sm">
          <Title order={3} size="h5" mb="xs">
            Follow-ups
          </Title>
          <Table aria-label="Follow-ups">
            <Table.Tbody>
              {campaign.followUps.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td>
                    {f.action} {f.label}
                  </Table.Td>
                  <Table.Td>{f.ownerEmail}</Table.Td>
                  <Table.Td>due {f.dueOn}</Table.Td>
                  <Table.Td>
                    {f.closedOn ? (
                      <Badge color={TONE.ok} variant="filled">
                        closed {f.closedOn} ({f.closedBy})
                      </Badge>
                    ) : (
                      <Badge color={TONE.warning} variant="filled">
                        open
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {canComplete && (
        <Group>
          <Button
            onClick={() => void completion.run()}
            loading={completion.busy}
            disabled={campaign.decided < campaign.total}
          >
            Complete the campaign
          </Button>
          {campaign.decided < campaign.total && (
            <Text size="sm" c={TONE.muted}>
              {campaign.total - campaign.decided} item(s) still to decide.
            </Text>
          )}
        </Group>
      )}
      {completion.error !== null && <ErrorNote error={completion.error} />}
    </Stack>
  );
}
