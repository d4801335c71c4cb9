import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  Progress,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useMembership } from '../api/session';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { TONE } from '../components/tones';
import { useAction } from '../components/useAction';
import { diffVersions } from '../policies/diff';
import { renderPolicyMarkdown } from '../policies/markdown';
import { acknowledge, type Policy, usePolicy } from '../policies/queries';

/**
 * One policy: its text (Markdown rendered without raw HTML), the diff between two versions, and who has
 * acknowledged the version in force, with a progress bar per team; the signed-in member acknowledges here.
 */
export function PolicyPage() {
  const { org, policyId } = useParams({ from: '/o/$org/policies/$policyId' });
  const policy = usePolicy(org, policyId);
  if (policy.isPending) return <Loading what="policy" />;
  if (policy.error) return <ErrorNote error={policy.error} />;
  return <PolicyView org={org} policy={policy.data} />;
}

function PolicyView({ org, policy }: { org: string; policy: Policy }) {
  const membership = useMembership(org);
  const queryClient = useQueryClient();
  const personId = membership?.personId ?? null;
  const mine = policy.people.find((p) => p.personId === personId);
  const canAcknowledge =
    membership?.can.policy.acknowledge === true && mine !== undefined && mine.acknowledgedOn === null;
  const ack = useAction(async () => {
    await acknowledge(org, policy.key);
    await queryClient.invalidateQueries({ queryKey: [org, 'policies'] });
  });
  const shown = policy.versions.find((v) => v.id === policy.current?.id) ?? policy.versions[0]!;
  // The Markdown renderer escapes raw HTML (html: false), so this string carries no markup of the author's.
  const html = useMemo(() => renderPolicyMarkdown(shown.text), [shown.text]);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>{policy.title}</Title>
        {policy.current ? (
          <Badge color={TONE.ok} variant="filled">
            v{policy.current.version} in force since {policy.current.approvedOn}
          </Badge>
        ) : (
          <Badge color={TONE.danger} variant="filled">
            not approved
          </Badge>
        )}
      </Group>
      <Text size="sm">
        Owner {policy.owner?.name ?? '—'} · approver {policy.approver?.name ?? '—'} · {policy.reviewCadence}{' '}
        review
        {policy.reviewDueOn && ` due ${policy.reviewDueOn}`}
        {policy.reviewOverdue && ' (overdue)'} · governs{' '}
        {policy.controls.length === 0 ? '—' : policy.controls.map((c) => c.code).join(', ')}
      </Text>
      {mine && (
        <Paper withBorder p="sm">
          {mine.acknowledgedOn ? (
            <Text size="sm">
              You acknowledged version {policy.current?.version} on {mine.acknowledgedOn}.
            </Text>
          ) : (
            <Group justify="space-between">
              <Text size="sm">
                Please read version {policy.current?.version} and acknowledge it by {mine.dueOn}.
              </Text>
              {canAcknowledge && (
                <Button onClick={() => void ack.run()} loading={ack.busy}>
                  I have read and acknowledge this policy
                </Button>
              )}
            </Group>
          )}
          {ack.error !== null && <ErrorNote error={ack.error} />}
        </Paper>
      )}
      <Tabs defaultValue="text">
        <Tabs.List>
          <Tabs.Tab value="text">Text (v{shown.version})</Tabs.Tab>
          <Tabs.Tab value="changes" disabled={policy.versions.length < 2}>
            Changes between versions
          </Tabs.Tab>
          <Tabs.Tab value="acknowledgements">Acknowledgements</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="text" pt="sm">
          <Paper withBorder p="md">
            <div
              className="policy-text"
              data-testid="policy-text"
              // biome-ignore lint/security/noDangerouslySetInnerHtml: markdown-it with html:false escapes every tag of the author's
              dangerouslySetInnerHTML={{ __html: html }}
            />
          </Paper>
          <Text size="xs" c={TONE.muted} mt="xs">
            SHA-256 <Code>{shown.sha256}</Code>
          </Text>
        </Tabs.Panel>
        <Tabs.Panel value="changes" pt="sm">
          {policy.versions.length >= 2 && <VersionDiff policy={policy} />}
        </Tabs.Panel>
        <Tabs.Panel value="acknowledgements" pt="sm">
          <Acknowledgements policy={policy} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

const DIFF_STYLE = {
  added: { background: '#d3f9d8', prefix: '+ ' },
  removed: { background: '#ffe3e3', prefix: '− ' },
  same: { background: 'transparent', prefix: '  ' },
} as const;

function VersionDiff({ policy }: { policy: Policy }) {
  const options = policy.versions.map((v) => ({
    value: String(v.version),
    label: `v${v.version}${v.approvedOn ? ` (approved ${v.approvedOn})` : ' (draft)'}`,
  }));
  const [from, setFrom] = useState(String(policy.versions[1]!.version));
  const [to, setTo] = useState(String(policy.versions[0]!.version));
  const lines = useMemo(() => {
    const text = (v: string) => policy.versions.find((x) => String(x.version) === v)?.text ?? '';
    return diffVersions(text(from), text(to));
  }, [policy.versions, from, to]);
  return (
    <Stack gap="xs">
      <Group>
        <Select
          label="From"
          data={options}
          value={from}
          onChange={(v) => v && setFrom(v)}
          allowDeselect={false}
        />
        <Select label="To" data={options} value={to} onChange={(v) => v && setTo(v)} allowDeselect={false} />
      </Group>
      <Paper withBorder p="xs" aria-label="Differences">
        <pre style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 13 }}>
          {lines.map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a diff's lines have no identity but their place
            <div key={i} style={{ background: DIFF_STYLE[l.kind].background }} data-kind={l.kind}>
              {DIFF_STYLE[l.kind].prefix}
              {l.text}
            </div>
          ))}
        </pre>
      </Paper>
    </Stack>
  );
}

function Acknowledgements({ policy }: { policy: Policy }) {
  if (!policy.current) return <Alert color="gray">Nobody is asked until a version is approved.</Alert>;
  return (
    <Stack gap="sm">
      <Text size="sm">
        {policy.acknowledged} of {policy.asked} active people acknowledged version {policy.current.version}
        {policy.overdue > 0 && `; ${policy.overdue} overdue`}. Departed people are never asked.
      </Text>
      <Paper withBorder p="sm">
        <Stack gap="xs" aria-label="Acknowledgements per team">
          {policy.teams.map((t) => (
            <Group key={t.team ?? '(no team)'} gap="sm" wrap="nowrap">
              <Text size="sm" w={180}>
                {t.team ?? '(no team)'}
              </Text>
              <Progress
                value={100 * t.share}
                w={240}
                color={t.share === 1 ? TONE.ok : undefined}
                aria-label={`${t.team ?? 'No team'}: ${t.acknowledged} of ${t.asked} acknowledged`}
              />
              <Text size="sm">
                {t.acknowledged}/{t.asked} ({Math.round(100 * t.share)}%)
              </Text>
            </Group>
          ))}
        </Stack>
      </Paper>
      <Paper withBorder>
        <Table striped aria-label="People asked">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Person</Table.Th>
              <Table.Th>Team</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>Acknowledged</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {policy.people.map((p) => (
              <Table.Tr key={p.personId}>
                <Table.Td>
                  {p.name}
                  <Text size="xs" c={TONE.muted}>
                    {p.email}
                  </Text>
                </Table.Td>
                <Table.Td>{p.team ?? '—'}</Table.Td>
                <Table.Td>{p.dueOn}</Table.Td>
                <Table.Td>
                  {p.acknowledgedOn ?? (
                    <Badge color={p.overdue ? TONE.danger : 'gray'} variant={p.overdue ? 'filled' : 'light'}>
                      {p.overdue ? 'overdue' : 'pending'}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}
