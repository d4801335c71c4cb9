import { Group, Paper, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useMembership } from '../api/session';
import { LeadView, OwnerView } from '../cadence/DigestViews';
import { type DigestPreference, saveDigestPreference, useThisWeek } from '../cadence/queries';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { useAction } from '../components/useAction';

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
