import { Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useBurndown, usePlan, useReadiness } from '../api/queries';
import { useMembership } from '../api/session';
import { DownloadMenu } from '../components/DownloadMenu';
import { oscalLink, readinessPdfLink, spreadsheetLinks } from '../components/downloads';
import { EChart } from '../components/EChart';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { burndownMarks, burndownOption, categoryOption } from '../dashboard/charts';
import { MilestoneTimeline } from '../dashboard/MilestoneTimeline';
import { ProvenanceCard } from '../dashboard/ProvenanceCard';
import { actionableReasons, ReasonList } from '../dashboard/ReasonList';
import { StatusCounts } from '../dashboard/StatusCounts';
import { WeekChangeCard } from '../dashboard/WeekChangeCard';
import { MyItems } from '../plan/MyItems';
import type { PlanEntry } from '../plan/queries';
import { myOpenItems } from '../plan/workload';

/** The active engagement at a glance: counts, category chart, burndown, milestones, the change since last week (weekly snapshots), top gaps, my items. */
export function DashboardPage() {
  const { org } = useParams({ from: '/o/$org/' });
  const membership = useMembership(org);
  const readiness = useReadiness(org);
  const burndown = useBurndown(org);
  const plan = usePlan(org);
  const milestones = useMemo(() => plan.data?.plan.milestones ?? [], [plan.data]);
  const planItems = useMemo<PlanEntry[]>(
    () => (plan.data ? [...plan.data.plan.milestones, ...plan.data.plan.items] : []),
    [plan.data],
  );
  const reasons = useMemo(
    () => actionableReasons(readiness.data?.controls.flatMap((c) => c.reasons) ?? []),
    [readiness.data],
  );
  const catOption = useMemo(() => (readiness.data ? categoryOption(readiness.data) : null), [readiness.data]);
  const today = readiness.data?.at;
  const marks = useMemo(() => (today ? burndownMarks(plan.data, today) : []), [plan.data, today]);
  const burnOption = useMemo(
    () => (burndown.data && today ? burndownOption(burndown.data, marks, today) : null),
    [burndown.data, marks, today],
  );

  if (readiness.isPending) return <Loading what="readiness" />;
  if (readiness.error) return <ErrorNote error={readiness.error} />;
  const r = readiness.data;
  const personId = membership?.personId ?? null;
  // With a plan, my items are my open plan work (gap work included); without one, my readiness reasons.
  const myPlan = plan.data && personId ? myOpenItems(planItems, personId, r.at) : null;
  const mine = personId ? reasons.filter((x) => x.ownerId === personId) : [];
  const myCount = myPlan ? myPlan.length : mine.length;
  const axis = (burnOption?.xAxis ?? {}) as { min?: string; max?: string };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Readiness on {r.at}</Title>
        <DownloadMenu
          links={[
            readinessPdfLink(org, r.at),
            ...spreadsheetLinks(org, 'readiness', r.at),
            oscalLink(org, 'oscal-assessment-results', r.at),
            oscalLink(org, 'oscal-poam', r.at),
          ]}
        />
      </Group>
      <Text c="gray.7" size="sm">
        {Math.round((r.summary.controlScore ?? 0) * 100)}% of {r.summary.inScope} in-scope controls are ready.
        {r.engagementId ? '' : ' No engagement yet: create one to get a plan and a burndown.'}
      </Text>
      <StatusCounts counts={r.summary.controls} org={org} />
      <Grid>
        <Grid.Col span={5}>
          <Paper withBorder p="sm">
            <Title order={3} size="h5" mb="xs">
              SOC 2 criteria by category
            </Title>
            {catOption ? (
              <EChart
                option={catOption}
                height={260}
                label="SOC 2 criteria per category by status (a bar counts criteria, not controls)"
              />
            ) : null}
          </Paper>
        </Grid.Col>
        <Grid.Col span={7}>
          <Paper withBorder p="sm">
            <Title order={3} size="h5" mb="xs">
              Gap burndown to the audit
            </Title>
            {burndown.error ? <ErrorNote error={burndown.error} /> : null}
            {burnOption ? (
              <div
                data-burndown
                data-milestones={JSON.stringify(
                  marks.map(({ code, label, date, state }) => ({ code, label, date, state })),
                )}
                data-x-min={axis.min}
                data-x-max={axis.max}
              >
                <EChart
                  option={burnOption}
                  height={260}
                  label={`Open gaps per week to ${axis.max ?? 'the audit'}, with the plan's milestones: ${marks
                    .map((m) => `${m.label} ${m.date}`)
                    .join(', ')}`}
                />
              </div>
            ) : burndown.isPending ? (
              <Loading what="burndown" />
            ) : null}
          </Paper>
        </Grid.Col>
        <Grid.Col span={8}>
          <Paper withBorder p="sm">
            <Title order={3} size="h5" mb="xs">
              My items ({myCount})
            </Title>
            <div data-my-items={myCount}>
              {!personId ? (
                <Text c="gray.7" size="sm">
                  Your account is not linked to a person of the roster, so nothing is assigned to you: ask an
                  admin to link it to your roster entry.
                </Text>
              ) : myPlan ? (
                <MyItems items={myPlan.slice(0, 10)} org={org} today={r.at} />
              ) : (
                <ReasonList
                  reasons={mine.slice(0, 10)}
                  org={org}
                  showOwner={false}
                  empty="Nothing is waiting on you: every control you own is ready or excepted."
                />
              )}
              {myCount > 10 ? (
                <Text size="sm" c="gray.7" mt={4}>
                  The 10 most urgent of {myCount} are shown; the plan lists all of them (filter by owner).
                </Text>
              ) : null}
            </div>
            <Title order={3} size="h5" mt="md" mb="xs">
              Top gaps
            </Title>
            <ReasonList reasons={reasons.slice(0, 10)} org={org} empty="No gaps: every control is ready." />
          </Paper>
        </Grid.Col>
        <Grid.Col span={4}>
          <Paper withBorder p="sm">
            <Title order={3} size="h5" mb="xs">
              Milestones
            </Title>
            {plan.error ? (
              <Text c="gray.7">No plan yet: create an engagement with its audit window first.</Text>
            ) : (
              <MilestoneTimeline milestones={milestones} today={r.at} />
            )}
          </Paper>
          <div style={{ marginTop: 'var(--mantine-spacing-md)' }}>
            <WeekChangeCard org={org} />
          </div>
          <div style={{ marginTop: 'var(--mantine-spacing-md)' }}>
            <ProvenanceCard org={org} />
          </div>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
