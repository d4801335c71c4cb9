import { Alert, Anchor, Group, Paper, Select, Stack, Switch, Text, Title } from '@mantine/core';
import type { DigestItem, LeadDigest, OwnerDigest } from '@server/core/digests/schema';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useMembership } from '../api/session';
import { type DigestPreference, saveDigestPreference, useThisWeek } from '../cadence/queries';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { useAction } from '../components/useAction';

function Items({ org, title, items }: { org: string; title: string; items: DigestItem[] }) {
  if (items.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text fw={600}>
        {title} ({items.length})
      </Text>
      {items.map((i) => (
        <Text key={`${i.kind}:${i.title}:${i.dueOn}`} size="sm">
          <Anchor href={`/o/${org}${i.link}`}>{i.title}</Anchor>
          {i.dueOn ? ` (due ${i.dueOn})` : ''}
          {i.detail ? `: ${i.detail}` : ''}
        </Text>
      ))}
    </Stack>
  );
}

function OwnerView({ org, d }: { org: string; d: OwnerDigest }) {
  return (
    <Paper withBorder p="sm" data-testid="owner-digest">
      <Stack gap="xs">
        <Title order={3}>Your week of {d.week}</Title>
        <Items org={org} title="Overdue" items={d.overdue} />
        <Items org={org} title="Due this week" items={d.due} />
        <Items org={org} title="Rejected evidence" items={d.rejected} />
        <Items org={org} title="Findings assigned to you" items={d.findings} />
        <Items org={org} title="Requests addressed to you" items={d.requests} />
      </Stack>
    </Paper>
  );
}

function LeadView({ org, d }: { org: string; d: LeadDigest }) {
  const c = d.change.controls;
  return (
    <Paper withBorder p="sm" data-testid="lead-digest">
      <Stack gap="xs">
        <Title order={3}>Readiness summary, week of {d.week}</Title>
        <Text size="sm">
          {d.change.previousWeek ? `Since ${d.change.previousWeek}: ` : 'First snapshot: '}
          {(['gap', 'at-risk', 'ready', 'excepted'] as const)
            .map(
              (s) =>
                `${s} ${c[s]?.now ?? 0}${c[s]?.before === null ? '' : ` (${(c[s]?.change ?? 0) >= 0 ? '+' : ''}${c[s]?.change})`}`,
            )
            .join(', ')}
        </Text>
        {d.newGaps.length > 0 ? (
          <Stack gap={4}>
            <Text fw={600}>New gaps ({d.newGaps.length})</Text>
            {d.newGaps.map((g) => (
              <Text key={g.controlCode} size="sm">
                <Anchor href={`/o/${org}${g.link}`}>
                  {g.controlCode} {g.title}
                </Anchor>
                {g.ownerName ? ` (${g.ownerName})` : ''}
                {g.reason ? `: ${g.reason}` : ''}
              </Text>
            ))}
          </Stack>
        ) : null}
        {d.milestones.length > 0 ? (
          <Stack gap={4}>
            <Text fw={600}>Milestones within 30 days</Text>
            {d.milestones.map((m) => (
              <Text key={m.title} size="sm">
                {m.title}: {m.dueOn}
              </Text>
            ))}
          </Stack>
        ) : null}
        {d.failedCollections.length > 0 ? (
          <Alert color="red" title="Failed collections">
            {d.failedCollections.map((f) => (
              <Text key={f.source} size="sm">
                {f.source}: {f.error}
              </Text>
            ))}
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** A person's "This week": the digests the latest weekly run built for them, and how they get them. */
export function ThisWeekPage() {
  const { org } = useParams({ from: '/o/$org/this-week' });
  const membership = useMembership(org);
  const week = useThisWeek(org);
  const queryClient = useQueryClient();
  const save = useAction(async (p: DigestPreference) => {
    await saveDigestPreference(org, p);
    await queryClient.invalidateQueries({ queryKey: [org, 'this-week'] });
  });
  if (week.isPending) return <Loading what="your week" />;
  if (week.error) return <ErrorNote error={week.error} />;
  const { digests, preference, personId } = week.data;
  const canChoose = personId !== null && membership?.can.digest.update === true;
  return (
    <Stack gap="sm">
      <Title order={2}>This week</Title>
      {personId === null ? (
        <Text size="sm">
          Your membership is not linked to a person of the roster, so no digest is built for you.
        </Text>
      ) : digests.length === 0 ? (
        <Text size="sm">Nothing for you from the latest weekly run.</Text>
      ) : null}
      {digests.map((d) =>
        d.content.kind === 'owner' ? (
          <OwnerView key={d.id} org={org} d={d.content} />
        ) : (
          <LeadView key={d.id} org={org} d={d.content} />
        ),
      )}
      {canChoose ? (
        <Paper withBorder p="sm">
          <Group>
            <Switch
              label="Send me the weekly digest"
              checked={!preference.optOut}
              onChange={(e) => void save.run({ ...preference, optOut: !e.currentTarget.checked })}
            />
            <Select
              aria-label="Channel"
              data={[
                { value: 'email', label: 'By e-mail' },
                { value: 'webhook', label: 'To the team webhook' },
                { value: 'both', label: 'E-mail and webhook' },
                { value: 'none', label: 'Only here' },
              ]}
              value={preference.channel}
              allowDeselect={false}
              onChange={(v) =>
                v && void save.run({ ...preference, channel: v as DigestPreference['channel'] })
              }
            />
          </Group>
          {save.error ? <ErrorNote error={save.error} /> : null}
        </Paper>
      ) : null}
    </Stack>
  );
}
