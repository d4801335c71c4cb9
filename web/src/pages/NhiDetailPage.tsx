import { Badge, Grid, Group, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { type ReactNode, useMemo, useState } from 'react';
import { nhiAccountOf } from '../../../src/core/nhi/scope-words';
import { usePeople } from '../api/queries';
import { useMembership } from '../api/session';
import { localDateTime } from '../components/days';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { AnchorLink } from '../components/links';
import { TONE } from '../components/tones';
import { BulkAssign } from '../controls/BulkAssign';
import { DoneNote, MarkReviewed } from '../nhi/NhiBulkActions';
import { NhiFindingList } from '../nhi/NhiFindingList';
import { NhiTimeline } from '../nhi/NhiTimeline';
import { dayOf, importKindLabel, OWNER_HINT_MEANING, providerLabel } from '../nhi/nhi';
import { OwnerBadge } from '../nhi/OwnerBadge';
import { assignNhiOwner, useNhi } from '../nhi/queries';
import type { NhiRef } from '../nhi/types';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm">
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function RefLink({ org, r }: { org: string; r: NhiRef }) {
  return (
    <>
      <AnchorLink to="/o/$org/nhi/$nhiId" params={{ org, nhiId: r.id }}>
        {r.name}
      </AnchorLink>{' '}
      <Text span size="xs" c="gray.7">
        {r.kind}
        {r.status !== 'active' ? `, ${r.status}` : ''}
      </Text>
    </>
  );
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** One identity: attributes, owner, parent and children, sources, lifecycle history, leaks and findings. */
export function NhiDetailPage() {
  const { org, nhiId } = useParams({ from: '/o/$org/nhi/$nhiId' });
  const membership = useMembership(org);
  const canAct = membership?.can.nhi.assign === true;
  const nhi = useNhi(org, nhiId);
  const people = usePeople(org);
  const [done, setDone] = useState<string | null>(null);
  const names = useMemo(() => new Map((people.data ?? []).map((p) => [p.id, p.name])), [people.data]);

  if (nhi.isPending) return <Loading what="the identity" />;
  if (nhi.error) return <ErrorNote error={nhi.error} />;
  const n = nhi.data;
  const open = n.findings.filter((f) => f.resolvedOn === null);
  const facts: [string, ReactNode][] = [
    [
      'External id',
      <Text key="x" size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
        {n.externalId}
      </Text>,
    ],
    ['Kind', n.kind],
    ['Provider', providerLabel(n.provider)],
    ['Account / project / cluster', nhiAccountOf(n) ?? 'the export does not say'],
    [
      'Owner',
      <Stack key="o" gap={2}>
        <OwnerBadge nhi={n} />
        {n.owner ? (
          <Text size="xs" c="gray.7">
            {n.owner.email},{' '}
            {n.owner.source === 'assigned' ? 'assigned by a person' : 'matched from the export'}
          </Text>
        ) : null}
        {n.ownerHint ? (
          <Text size="xs" c="gray.7">
            The export names {n.ownerHint}
            {n.ownerHintSource ? ` (${n.ownerHintSource})` : ''}
            {n.owner ? '' : `: ${OWNER_HINT_MEANING}`}
          </Text>
        ) : null}
      </Stack>,
    ],
    ['Purpose', n.purpose ?? '—'],
    ['Environment', n.environment ?? 'unknown'],
    ['Privileges', `${n.privilegeSummary ?? 'unknown'}${n.privileged ? ' (privileged)' : ''}`],
    ['Authentication', n.authMethod],
    ['Created', dayOf(n.createdAt)],
    ['Last used', n.lastUsedAt ? dayOf(n.lastUsedAt) : 'never/unknown'],
    ['Last rotated', dayOf(n.lastRotatedAt)],
    ['Expires', n.expiresAt ? dayOf(n.expiresAt) : 'never/unknown'],
    ['Rotation policy', n.rotationPolicyDays ? `every ${n.rotationPolicyDays} days` : '—'],
  ];

  return (
    <Stack>
      <Text size="sm">
        <AnchorLink to="/o/$org/nhi" params={{ org }}>
          Non-human identities
        </AnchorLink>{' '}
        / {n.name}
      </Text>
      <Group gap="sm">
        <Title order={2}>{n.name}</Title>
        <Badge variant="outline" color={n.status === 'active' ? TONE.ok : TONE.muted} data-status={n.status}>
          {n.status === 'deleted' ? 'offboarded' : n.status}
        </Badge>
        <Text c="gray.7">
          {n.kind} · {providerLabel(n.provider)} ·{' '}
          {open.length === 0
            ? 'no open finding'
            : `${open.length} open finding${open.length === 1 ? '' : 's'}`}
        </Text>
      </Group>
      {done ? <DoneNote message={done} onClose={() => setDone(null)} /> : null}
      {canAct ? (
        <Paper withBorder p="xs">
          <Group align="end" gap="md">
            <BulkAssign
              org={org}
              codes={[n.id]}
              people={people.data ?? []}
              assign={(email) => assignNhiOwner(org, [n.id], email)}
              onDone={() => setDone('Owner assigned.')}
            />
            <MarkReviewed org={org} ids={[n.id]} onDone={setDone} />
          </Group>
        </Paper>
      ) : null}
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Section title="Attributes">
            <Table fz="sm" verticalSpacing={2} data-testid="nhi-attributes">
              <Table.Tbody>
                {facts.map(([label, value]) => (
                  <Table.Tr key={label}>
                    <Table.Th w={140}>{label}</Table.Th>
                    <Table.Td>{value}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="md">
            <Section title="Belongs to and holds">
              <Text size="sm">
                Belongs to:{' '}
                {n.parent ? (
                  <RefLink org={org} r={n.parent} />
                ) : (
                  (n.parentExternalId ?? 'nothing (top level)')
                )}
              </Text>
              {n.children.length > 0 ? (
                <List size="sm" mt={4} data-testid="nhi-children">
                  {n.children.map((c) => (
                    <List.Item key={c.id}>
                      <RefLink org={org} r={c} />
                    </List.Item>
                  ))}
                </List>
              ) : (
                <Text size="sm" c="gray.7">
                  No keys, tokens or secrets of its own.
                </Text>
              )}
              {n.workloadLinks.length > 0 ? (
                <Text size="sm" mt="xs">
                  Workload identity:{' '}
                  {n.workloadLinks
                    .map((l) => `${l.provider} ${l.reference}${l.targetId ? '' : ' (not in the inventory)'}`)
                    .join(', ')}
                </Text>
              ) : null}
            </Section>
            <Section title="Seen by">
              <Table fz="sm" verticalSpacing={2}>
                <Table.Tbody>
                  {n.sources.map((s) => (
                    <Table.Tr key={s.source}>
                      <Table.Td>{importKindLabel(s.source.split(':')[0]!)}</Table.Td>
                      <Table.Td>
                        {s.source.includes(':') ? s.source.split(':').slice(1).join(':') : ''}
                      </Table.Td>
                      <Table.Td>{localDateTime(s.observedAt)}</Table.Td>
                      <Table.Td>{s.status}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
      <Section title="Lifecycle history">
        <NhiTimeline events={n.events} names={names} />
      </Section>
      <Section title={`Findings (${open.length} open)`}>
        {n.findings.length === 0 ? (
          <Text size="sm" c="gray.7">
            The NHI rules find nothing wrong with this identity.
          </Text>
        ) : (
          <NhiFindingList org={org} findings={n.findings} showIdentity={false} />
        )}
      </Section>
      <Section title="Leaks">
        {n.leaks.length === 0 ? (
          <Text size="sm" c="gray.7">
            No secret-scanner report links a leak to this identity.
          </Text>
        ) : (
          <Table fz="sm" data-testid="nhi-leaks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Status</Table.Th>
                <Table.Th>Scanner</Table.Th>
                <Table.Th>Rule</Table.Th>
                <Table.Th>Where</Table.Th>
                <Table.Th>Leaked</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {n.leaks.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>
                    <Badge color={l.status === 'open' ? TONE.danger : TONE.ok} variant="outline">
                      {l.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {l.scanner}
                    {l.verified ? ' (verified)' : ''}
                  </Table.Td>
                  <Table.Td>{l.rule}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    {Object.entries(l.location)
                      .map(([k, v]) => `${k}: ${show(v)}`)
                      .join(', ')}
                  </Table.Td>
                  <Table.Td>{dayOf(l.leakedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      {Object.keys(n.attributes).length > 0 ? (
        <Section title="Provider facts">
          <Table fz="xs" verticalSpacing={2}>
            <Table.Tbody>
              {Object.entries(n.attributes).map(([k, v]) => (
                <Table.Tr key={k}>
                  <Table.Th w={200}>{k}</Table.Th>
                  <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                    {show(v)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Section>
      ) : null}
      {canAct ? null : (
        <Text size="sm" c="gray.7">
          A compliance lead or an admin assigns owners and records reviews.
        </Text>
      )}
    </Stack>
  );
}
