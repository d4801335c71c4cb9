import { Anchor, Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { api, orgPath } from '../api/client';
import { useMembership } from '../api/session';
import type { Engagement, Page } from '../api/types';
import {
  type AuditEngagement,
  engagementPath,
  useAuditControls,
  useAuditEngagement,
  useAuditEvidence,
  useAuditFindings,
} from '../audit/queries';
import { SamplesPanel } from '../audit/SamplesPanel';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { AnchorLink } from '../components/links';
import { PackageExportButton } from '../package/PackageExportButton';

function describeEngagement(e: AuditEngagement): string {
  return e.type === 'type1'
    ? `Type I on ${e.auditDate}`
    : `Type II, observation window ${e.windowStart} to ${e.windowEnd}`;
}

/** The engagement, its in-scope controls, evidence in the audit period, findings raised and samples. */
function AuditHome({ org, engagementId }: { org: string; engagementId: string }) {
  const engagement = useAuditEngagement(org, engagementId);
  const controls = useAuditControls(org, engagementId);
  const evidence = useAuditEvidence(org, engagementId);
  const findings = useAuditFindings(org, engagementId);
  if (engagement.isPending) return <Loading what="the engagement" />;
  if (engagement.error) return <ErrorNote error={engagement.error} />;
  const e = engagement.data;
  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>Audit{e.firmName ? ` by ${e.firmName}` : ''}</Title>
        <Text size="sm">
          {describeEngagement(e)} · fieldwork from {e.fieldworkStart} · categories: security
          {e.categories.length ? `, ${e.categories.join(', ')}` : ''}
        </Text>
        <Text size="sm" c="gray.7">
          Evidence shown is the evidence whose effective period falls in {e.period.start} to {e.period.end}.
        </Text>
        <Group gap="sm" mt="xs">
          <AnchorLink to="/o/$org/requests" params={{ org }}>
            The request list: answers, accept or return →
          </AnchorLink>
          <PackageExportButton org={org} engagementId={engagementId} />
        </Group>
      </div>

      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="xs">
          In-scope controls
        </Title>
        {controls.isPending ? <Loading what="the controls" /> : null}
        {controls.error ? <ErrorNote error={controls.error} /> : null}
        {controls.data ? (
          <Table striped aria-label="In-scope controls">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Control</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Requirements</Table.Th>
                <Table.Th>SOC 2</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {controls.data.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.code}</Table.Td>
                  <Table.Td>{c.title}</Table.Td>
                  <Table.Td>{c.ownerName ?? '—'}</Table.Td>
                  <Table.Td>
                    {c.requirements.map((r) => `${r.code} (${r.cadence})`).join(', ') || '—'}
                  </Table.Td>
                  <Table.Td>{c.mappings.soc2.join(', ') || '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </Paper>

      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="xs">
          Evidence in the audit period
        </Title>
        {evidence.isPending ? <Loading what="the evidence" /> : null}
        {evidence.error ? <ErrorNote error={evidence.error} /> : null}
        {evidence.data?.length === 0 ? <Text size="sm">No evidence in the period yet.</Text> : null}
        {evidence.data?.length ? (
          <Table striped aria-label="Evidence in the audit period">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Control</Table.Th>
                <Table.Th>Requirement</Table.Th>
                <Table.Th>Effective</Table.Th>
                <Table.Th>Review</Table.Th>
                <Table.Th>Content</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {evidence.data.map((ev) => (
                <Table.Tr key={ev.id}>
                  <Table.Td>{ev.controlCode}</Table.Td>
                  <Table.Td>{ev.requirementCode}</Table.Td>
                  <Table.Td>
                    {ev.effectiveStart}
                    {ev.effectiveEnd !== ev.effectiveStart ? ` to ${ev.effectiveEnd}` : ''}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color="gray">
                      {ev.reviewState}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {ev.sha256 ? (
                      <Anchor
                        href={`/api/v1${engagementPath(org, engagementId, `/audit/evidence/${ev.id}/content`)}`}
                        underline="always"
                      >
                        {ev.fileName ?? 'download'}
                      </Anchor>
                    ) : ev.url ? (
                      <Anchor href={ev.url} target="_blank" rel="noopener noreferrer" underline="always">
                        link
                      </Anchor>
                    ) : (
                      'record'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </Paper>

      <Paper withBorder p="md">
        <SamplesPanel org={org} engagementId={engagementId} />
      </Paper>

      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="xs">
          Findings raised in this audit
        </Title>
        {findings.error ? <ErrorNote error={findings.error} /> : null}
        {findings.data?.length === 0 ? <Text size="sm">None yet.</Text> : null}
        <Stack gap={4}>
          {findings.data?.map((f) => (
            <Group key={f.id} gap="xs">
              <Badge variant="outline" color="dark">
                {f.severity}
              </Badge>
              <Text size="sm">
                {f.title} · {f.controls.map((c) => c.code).join(', ')} · opened {f.openedOn}
                {f.resolvedOn ? ` · resolved ${f.resolvedOn}` : ''}
              </Text>
            </Group>
          ))}
        </Stack>
      </Paper>
    </Stack>
  );
}

/**
 * `/o/$org/audit`: the auditor's home — their engagement (an auditor's
 * membership names it). Members see the same views of the latest engagement.
 */
export function AuditorHomePage() {
  const { org } = useParams({ from: '/o/$org/audit' });
  const membership = useMembership(org);
  const scoped = membership?.engagementId ?? null;
  const latest = useQuery({
    queryKey: [org, 'engagements', 'latest'],
    queryFn: async () => (await api<Page<Engagement>>(orgPath(org, '/engagements?limit=1'))).items[0] ?? null,
    enabled: membership !== undefined && scoped === null && membership.role !== 'auditor',
  });
  if (!membership) return <Loading what="your membership" />;
  const engagementId = scoped ?? latest.data?.id ?? null;
  if (scoped === null && membership.role === 'auditor')
    return (
      <ErrorNote title="No engagement" error={new Error('Your auditor membership names no engagement.')} />
    );
  if (engagementId === null) {
    if (latest.isPending) return <Loading what="the engagement" />;
    if (latest.error) return <ErrorNote error={latest.error} />;
    return <Text>No engagement yet.</Text>;
  }
  return <AuditHome org={org} engagementId={engagementId} />;
}
