import { Alert, Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import type { DigestItem, LeadDigest, OwnerDigest } from '@server/core/digests/schema';

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

/** An owner's digest: their items by kind, each linking to its page. */
export function OwnerView({ org, d }: { org: string; d: OwnerDigest }) {
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

/** The lead's summary: the change since last week, new gaps, milestones, failed collections. */
export function LeadView({ org, d }: { org: string; d: LeadDigest }) {
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
