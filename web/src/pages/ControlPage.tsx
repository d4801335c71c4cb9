import { Badge, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useControl, useEvidence, useOrganization, usePeople, useReadiness } from '../api/queries';
import { useMembership, useSession } from '../api/session';
import type { Evidence } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { AnchorLink } from '../components/links';
import { StatusBadge } from '../components/StatusBadge';
import { ControlFacts, editRights } from '../controls/ControlFacts';
import { ControlExceptions, ControlFindings } from '../controls/ControlRelated';
import { EvidenceDropzone } from '../controls/EvidenceDropzone';
import { EvidenceHistory } from '../controls/EvidenceHistory';
import { FRAMEWORKS } from '../controls/matrix';
import { ControlProvenance } from '../dashboard/ProvenanceCard';
import { ReasonList } from '../dashboard/ReasonList';

/** One control: what it is, who owns it, criteria, readiness reasons, findings, exceptions, evidence per requirement, upload and review. */
export function ControlPage() {
  const { org, code } = useParams({ from: '/o/$org/controls/$code' });
  const membership = useMembership(org);
  const userId = useSession().data?.user?.id;
  const separateReview = useOrganization(org).data?.separateReview ?? true;
  const control = useControl(org, code);
  const evidence = useEvidence(org, code);
  const readiness = useReadiness(org);
  const people = usePeople(org);
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: [org] });

  if (control.isPending) return <Loading what={`control ${code}`} />;
  if (control.error) return <ErrorNote error={control.error} />;
  const c = control.data;
  const r = readiness.data?.controls.find((x) => x.code === c.code);
  const canUpload = membership?.can.evidence.create === true;
  const canReview = membership?.can.evidence.review === true;
  // Separation of duties: the server refuses too; this says why before anyone clicks.
  const acceptBlocked = (e: Evidence) =>
    separateReview && e.collector.type === 'user' && e.collector.id === userId
      ? 'You uploaded this: someone else must accept it.'
      : null;
  const today = readiness.data?.at ?? new Date().toISOString().slice(0, 10);
  const history = [...(evidence.data ?? [])].sort((a, b) => b.collectedAt.localeCompare(a.collectedAt));

  return (
    <Stack>
      <Text size="sm">
        <AnchorLink to="/o/$org/controls" params={{ org }}>
          Controls
        </AnchorLink>{' '}
        / {c.code}
      </Text>
      <Group>
        <Title order={2}>
          {c.code} · {c.title}
        </Title>
        <span data-testid="control-status">{r ? <StatusBadge status={r.status} /> : null}</span>
      </Group>
      <Grid>
        <Grid.Col span={8}>
          <Paper withBorder p="sm">
            <Text size="sm">{c.description}</Text>
            {c.naJustification ? (
              <Text size="sm" mt="xs" c="gray.7">
                Not applicable: {c.naJustification}
              </Text>
            ) : null}
          </Paper>
        </Grid.Col>
        <Grid.Col span={4}>
          <Paper withBorder p="sm">
            <ControlFacts
              org={org}
              control={c}
              people={people.data ?? []}
              rights={editRights(membership?.can.control, membership?.personId, c)}
            />
          </Paper>
        </Grid.Col>
      </Grid>
      <Paper withBorder p="sm">
        <Title order={3} size="h5" mb="xs">
          Mapped criteria
        </Title>
        <Stack gap={4} data-mappings>
          {FRAMEWORKS.map(({ value, label }) => {
            const codes = c.mappings[value] ?? [];
            return (
              <Text size="sm" key={value} data-framework={value}>
                <b>{label}</b>:{' '}
                {codes.length ? (
                  codes.join(', ')
                ) : (
                  <Text span c="gray.7" size="sm">
                    not mapped
                  </Text>
                )}
              </Text>
            );
          })}
        </Stack>
      </Paper>
      <Paper withBorder p="sm">
        <Title order={3} size="h5" mb="xs">
          Readiness reasons
        </Title>
        <ReasonList reasons={r?.reasons ?? []} org={org} empty="Nothing to do: this control is ready." />
      </Paper>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Paper withBorder p="sm" h="100%">
            <ControlFindings org={org} code={c.code} today={today} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Paper withBorder p="sm" h="100%">
            <ControlExceptions org={org} code={c.code} today={today} />
          </Paper>
        </Grid.Col>
      </Grid>
      <Title order={3} size="h4">
        Evidence requirements
      </Title>
      <ControlProvenance org={org} code={c.code} />
      {evidence.error ? <ErrorNote error={evidence.error} /> : null}
      {c.requirements.length === 0 ? (
        <Text c="gray.7">No evidence requirement: a lead adds one by importing the control matrix.</Text>
      ) : null}
      {c.requirements.map((req) => (
        <Paper withBorder p="sm" key={req.id} data-requirement={req.code}>
          <Group justify="space-between" mb="xs">
            <Text fw={600} size="sm">
              {req.code} · {req.artifact}
            </Text>
            <Group gap={4}>
              <Badge variant="outline" color="gray.7">
                {req.cadence}
              </Badge>
              <Badge variant="outline" color="gray.7">
                {req.collection}
              </Badge>
            </Group>
          </Group>
          <EvidenceHistory
            org={org}
            items={history.filter((e) => e.requirementCode === req.code)}
            canReview={canReview}
            acceptBlocked={acceptBlocked}
            onChanged={refresh}
          />
          {canUpload ? (
            <EvidenceDropzone
              org={org}
              controlCode={c.code}
              requirementCode={req.code}
              defaultSourceType={req.sourceType}
              today={today}
              onUploaded={refresh}
            />
          ) : null}
        </Paper>
      ))}
    </Stack>
  );
}
