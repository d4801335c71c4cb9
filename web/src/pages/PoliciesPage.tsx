import { Alert, Badge, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { AnchorLink } from '../components/links';
import { TONE } from '../components/tones';
import { usePolicies } from '../policies/queries';

/** The policy register: each policy's version in force, review due date and acknowledgement progress. */
export function PoliciesPage() {
  const { org } = useParams({ from: '/o/$org/policies' });
  const policies = usePolicies(org);
  if (policies.isPending) return <Loading what="policies" />;
  if (policies.error) return <ErrorNote error={policies.error} />;
  const all = policies.data;
  return (
    <Stack gap="sm">
      <Title order={2}>Policies</Title>
      <Text c={TONE.muted} size="sm">
        Each policy with the version in force (its latest approved version), when its review falls due and how
        many of the active people asked have acknowledged it. Leads add, version and approve policies and
        import acknowledgement exports with <code>auditready policies</code> or the API.
      </Text>
      {all.length === 0 ? (
        <Alert color="gray">No policies yet.</Alert>
      ) : (
        <Paper withBorder>
          <Table striped highlightOnHover aria-label="Policies">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Policy</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>In force</Table.Th>
                <Table.Th>Review due</Table.Th>
                <Table.Th>Acknowledged</Table.Th>
                <Table.Th>Overdue</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {all.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <AnchorLink to="/o/$org/policies/$policyId" params={{ org, policyId: p.key }}>
                      {p.title}
                    </AnchorLink>
                    <Text size="xs" c={TONE.muted}>
                      {p.key}
                    </Text>
                  </Table.Td>
                  <Table.Td>{p.owner?.name ?? '—'}</Table.Td>
                  <Table.Td>
                    {p.current ? (
                      `v${p.current.version}, approved ${p.current.approvedOn}`
                    ) : (
                      <Badge color={TONE.danger} variant="filled">
                        not approved
                      </Badge>
                    )}
                    {p.latestVersion > (p.current?.version ?? 0) && p.current && (
                      <Text size="xs" c={TONE.muted}>
                        draft v{p.latestVersion} awaiting approval
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {p.reviewDueOn ?? '—'}
                    {p.reviewOverdue && (
                      <Badge ml="xs" color={TONE.danger} variant="filled">
                        overdue
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td miw={170}>
                    <Group gap="xs" wrap="nowrap">
                      <Progress
                        value={p.asked === 0 ? 0 : (100 * p.acknowledged) / p.asked}
                        w={90}
                        aria-label={`${p.acknowledged} of ${p.asked} acknowledged`}
                      />
                      <Text size="sm">
                        {p.acknowledged}/{p.asked}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>{p.overdue}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
