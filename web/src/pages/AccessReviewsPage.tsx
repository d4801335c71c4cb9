import { Alert, Badge, Button, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { AccountListImport } from '../access-reviews/AccountListImport';
import { useCampaigns } from '../access-reviews/queries';
import { useMembership } from '../api/session';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { AnchorLink } from '../components/links';
import { TONE } from '../components/tones';

/** The campaign board: every access review with its progress, overdue ones flagged, open follow-ups counted. */
export function AccessReviewsPage() {
  const { org } = useParams({ from: '/o/$org/access-reviews' });
  const campaigns = useCampaigns(org);
  const membership = useMembership(org);
  const queryClient = useQueryClient();
  const [importing, setImporting] = useState(false);
  const canImport = membership?.can['access-review'].import === true;
  if (campaigns.isPending) return <Loading what="access reviews" />;
  if (campaigns.error) return <ErrorNote error={campaigns.error} />;
  const all = campaigns.data;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Access reviews</Title>
        {canImport && (
          <Button variant="default" onClick={() => setImporting(true)}>
            Import account list
          </Button>
        )}
      </Group>
      <Text c={TONE.muted} size="sm">
        Campaigns over the people accounts of a system and its non-human identities. Open one to decide its
        items (reviewers named on it), see its follow-ups, or complete it. Leads import account lists (CSV,
        Okta users or GitHub members exports) here, and open campaigns with{' '}
        <code>auditready access-reviews</code> or the API.
      </Text>
      {all.length === 0 ? (
        <Alert color="gray">No access reviews yet.</Alert>
      ) : (
        <Paper withBorder>
          <Table striped highlightOnHover aria-label="Access-review campaigns">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>System</Table.Th>
                <Table.Th>Reviewers</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th>Progress</Table.Th>
                <Table.Th>Revoke / change</Table.Th>
                <Table.Th>Open follow-ups</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {all.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <AnchorLink to="/o/$org/access-reviews/$campaignId" params={{ org, campaignId: c.id }}>
                      {c.system}
                    </AnchorLink>
                    {c.nhiProvider && (
                      <Text size="xs" c={TONE.muted}>
                        + NHIs of {c.nhiProvider}
                        {c.nhiKind ? ` (${c.nhiKind})` : ''}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{c.reviewers.map((r) => r.name).join(', ')}</Table.Td>
                  <Table.Td>{c.dueOn}</Table.Td>
                  <Table.Td miw={160}>
                    <Group gap="xs" wrap="nowrap">
                      <Progress
                        value={c.total === 0 ? 0 : (100 * c.decided) / c.total}
                        w={90}
                        aria-label={`${c.decided} of ${c.total} decided`}
                      />
                      <Text size="sm">
                        {c.decided}/{c.total}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {c.revoked} / {c.changed}
                  </Table.Td>
                  <Table.Td>{c.openFollowUps}</Table.Td>
                  <Table.Td>
                    {c.status === 'completed' ? (
                      <Badge color={TONE.ok} variant="filled">
                        completed {c.completedOn}
                      </Badge>
                    ) : c.overdue ? (
                      <Badge color={TONE.danger} variant="filled">
                        overdue
                      </Badge>
                    ) : (
                      <Badge color="#1864ab" variant="filled">
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
      {canImport && (
        <AccountListImport
          org={org}
          opened={importing}
          onClose={() => setImporting(false)}
          onImported={() => queryClient.invalidateQueries({ queryKey: [org] })}
        />
      )}
    </Stack>
  );
}
