import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useCallback, useMemo, useState } from 'react';
import { useControls, usePeople, usePlan } from '../api/queries';
import { useMembership } from '../api/session';
import { DownloadMenu } from '../components/DownloadMenu';
import { spreadsheetLinks } from '../components/downloads';
import { EChart } from '../components/EChart';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { MilestoneTimeline } from '../dashboard/MilestoneTimeline';
import { PackageExportButton } from '../package/PackageExportButton';
import { cellsOf, workloadOption } from '../plan/charts';
import { EngagementForm } from '../plan/EngagementForm';
import { CATEGORY_LABEL, formOf, MILESTONES } from '../plan/engagement-form';
import { PlanItems } from '../plan/PlanItems';
import { type Engagement, type PlanEntry, useEngagements } from '../plan/queries';
import { WorkloadHeatmap } from '../plan/WorkloadHeatmap';
import { sortItems, summarize, todayUtc, weekOf, workloadByWeek } from '../plan/workload';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="gray.7" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

function Stat({ label, value, alert }: { label: string; value: number | string; alert?: boolean }) {
  return (
    <Paper
      withBorder
      p="xs"
      style={alert && value ? { borderColor: 'var(--mantine-color-red-8)' } : undefined}
    >
      <Text size="xs" c="gray.7" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="lg" fw={700} c={alert && value ? 'red.9' : undefined}>
        {value}
      </Text>
    </Paper>
  );
}

function EngagementFacts({ e, leadName }: { e: Engagement; leadName: string | null }) {
  const overridden = Object.entries(e.milestoneOffsets);
  return (
    <Group gap="xl" align="start" data-testid="engagement-facts">
      <Fact label="Report">SOC 2 {e.type === 'type1' ? 'Type I' : 'Type II'}</Fact>
      {e.type === 'type1' ? (
        <Fact label="Audit date">{e.auditDate}</Fact>
      ) : (
        <Fact label="Observation window">
          {e.windowStart} – {e.windowEnd}
        </Fact>
      )}
      <Fact label="Fieldwork start">{e.fieldworkStart}</Fact>
      <Fact label="Report due">{e.reportDue ?? 'not set'}</Fact>
      <Fact label="In scope">
        {['Security', ...e.categories.filter((c) => c !== 'security').map((c) => CATEGORY_LABEL[c])].join(
          ', ',
        )}
      </Fact>
      <Fact label="Audit firm">{e.firmName ?? 'not set'}</Fact>
      <Fact label="Compliance lead">{leadName ?? 'nobody: milestones are unowned'}</Fact>
      <Fact label="Milestone offsets">
        {overridden.length === 0
          ? 'defaults'
          : overridden
              .map(
                ([code, days]) =>
                  `${MILESTONES[code as keyof typeof MILESTONES]?.label ?? code}: ${days} days`,
              )
              .join('; ')}
      </Fact>
    </Group>
  );
}

/**
 * The audit engagement and its back-planned plan: create or edit the
 * engagement, the milestone timeline, each owner's workload by week (chart
 * and heat map), and the plan's items by week, which leads mark done.
 */
export function EngagementPage() {
  const { org } = useParams({ from: '/o/$org/engagement' });
  const membership = useMembership(org);
  const canLead = membership?.can.engagement.update === true;
  const engagements = useEngagements(org);
  const engagement = engagements.data?.[0] ?? null;
  const plan = usePlan(org, engagement !== null);
  const people = usePeople(org);
  const controls = useControls(org);
  const [editing, setEditing] = useState(false);
  const [owner, setOwner] = useState<string | null>(null);
  const today = todayUtc();
  const currentWeek = weekOf(today);

  const names = useMemo(() => new Map(people.data?.map((p) => [p.id, p.name]) ?? []), [people.data]);
  const nameOf = useCallback((id: string) => names.get(id), [names]);
  const titles = useMemo(() => new Map(controls.data?.map((c) => [c.code, c.title]) ?? []), [controls.data]);
  const controlTitle = useCallback((code: string) => titles.get(code), [titles]);
  const items = useMemo<PlanEntry[]>(
    () => (plan.data ? sortItems([...plan.data.plan.milestones, ...plan.data.plan.items]) : []),
    [plan.data],
  );
  const workload = useMemo(() => workloadByWeek(items, nameOf, today), [items, nameOf, today]);
  const chart = useMemo(
    () => workloadOption(cellsOf(workload, owner), currentWeek),
    [workload, owner, currentWeek],
  );
  const summary = useMemo(() => summarize(items, owner, today), [items, owner, today]);
  const ownerOptions = useMemo(
    () => workload.owners.map((o) => ({ value: o.ownerId ?? '__none', label: `${o.name} (${o.open} open)` })),
    [workload],
  );

  if (engagements.isPending || people.isPending) return <Loading what="the engagement" />;
  if (engagements.error) return <ErrorNote error={engagements.error} />;

  if (!engagement)
    return (
      <Stack>
        <Title order={2}>Engagement & plan</Title>
        <Paper withBorder p="md">
          <Title order={3} size="h4" mb="xs">
            No engagement yet
          </Title>
          <Text size="sm" c="gray.7" mb="md">
            An engagement is one SOC 2 audit: its type, dates and scope. auditready works back from its dates
            to milestones and evidence due dates for every owner.
          </Text>
          {canLead ? (
            <EngagementForm
              org={org}
              engagement={null}
              initial={formOf(null, people.data ?? [], membership?.personId ?? null)}
              people={people.data ?? []}
              onDone={() => undefined}
            />
          ) : (
            <Text>Ask your compliance lead or an admin to create the engagement.</Text>
          )}
        </Paper>
      </Stack>
    );

  const leadName = engagement.leadId ? (names.get(engagement.leadId) ?? null) : null;
  const ownerName =
    owner === null ? 'everyone' : owner === '__none' ? 'unowned items' : (names.get(owner) ?? '');
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Engagement & plan</Title>
        <Group gap="xs" align="start">
          <PackageExportButton org={org} engagementId={engagement.id} />
          <DownloadMenu label="Download plan" links={spreadsheetLinks(org, 'plan')} />
          {canLead && !editing ? (
            <Button variant="default" onClick={() => setEditing(true)}>
              Edit engagement
            </Button>
          ) : null}
        </Group>
      </Group>
      <Paper withBorder p="sm">
        {editing ? (
          <EngagementForm
            org={org}
            engagement={engagement}
            initial={formOf(engagement, people.data ?? [], null)}
            people={people.data ?? []}
            onDone={() => setEditing(false)}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <EngagementFacts e={engagement} leadName={leadName} />
        )}
      </Paper>
      {plan.isPending ? <Loading what="the plan" /> : null}
      {plan.error ? <ErrorNote title="Could not load the plan" error={plan.error} /> : null}
      {plan.data ? (
        <>
          {plan.data.plan.orphanedCompletions.length > 0 ? (
            <Alert color="yellow" title="Completions kept from earlier dates" data-testid="orphaned">
              <Text size="sm" mb={4}>
                These items were marked done before the engagement's dates moved; their items no longer exist
                in the plan. Nothing is lost: they stay on record.
              </Text>
              <List size="sm">
                {plan.data.plan.orphanedCompletions.map((c) => (
                  <List.Item key={c.key}>
                    {c.key}: done {c.doneOn}
                    {c.doneBy ? ` by ${c.doneBy}` : ''}
                  </List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          <Grid>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Paper withBorder p="sm" h="100%">
                <Title order={3} size="h5" mb="xs">
                  Milestones
                </Title>
                <MilestoneTimeline milestones={plan.data.plan.milestones} today={today} />
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Paper withBorder p="sm" h="100%">
                <Group justify="space-between" mb="xs">
                  <Title order={3} size="h5">
                    Workload by week: {ownerName}
                  </Title>
                  {owner !== null ? (
                    <Button size="compact-xs" variant="subtle" onClick={() => setOwner(null)}>
                      Show everyone
                    </Button>
                  ) : null}
                </Group>
                <EChart
                  option={chart}
                  height={300}
                  label={`Plan items due per week for ${ownerName}: done, open and overdue`}
                />
                <SimpleGrid cols={4} spacing="sm" mt="sm" data-testid="workload-summary">
                  <Stat label="Overdue" value={summary.overdue} alert />
                  <Stat label="Due this week" value={summary.dueThisWeek} />
                  <Stat label="Next four weeks" value={summary.dueNextFourWeeks} />
                  <Stat label="Done" value={`${summary.done} of ${summary.total}`} />
                </SimpleGrid>
              </Paper>
            </Grid.Col>
          </Grid>
          <Paper withBorder p="sm">
            <Group justify="space-between" mb="xs">
              <Title order={3} size="h5">
                Per-owner workload
              </Title>
              <Group gap="xs">
                <Badge color="red.8" variant="outline">
                  n! = overdue
                </Badge>
                <Text size="xs" c="gray.7">
                  Darker cells: busier weeks. Click an owner to filter the chart and the items.
                </Text>
              </Group>
            </Group>
            <WorkloadHeatmap
              workload={workload}
              currentWeek={currentWeek}
              selected={owner}
              onSelect={setOwner}
            />
          </Paper>
          <Paper withBorder p="sm">
            <Title order={3} size="h5" mb="xs">
              Plan items by week
            </Title>
            <PlanItems
              org={org}
              engagementId={engagement.id}
              items={items}
              today={today}
              owner={owner}
              onOwner={setOwner}
              owners={ownerOptions}
              nameOf={nameOf}
              controlTitle={controlTitle}
              canComplete={canLead}
            />
          </Paper>
        </>
      ) : null}
    </Stack>
  );
}
