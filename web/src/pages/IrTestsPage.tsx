import { Alert, Badge, List, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { todayLocal } from '../components/days';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { AnchorLink } from '../components/links';
import { TONE } from '../components/tones';
import { useIrTests } from '../incidents/queries';

/** Incident-response tests (tabletop or live): scenario, participants, results and follow-ups, newest first. */
export function IrTestsPage() {
  const { org } = useParams({ from: '/o/$org/incidents/ir-tests' });
  const tests = useIrTests(org);
  if (tests.isPending) return <Loading what="IR tests" />;
  if (tests.error) return <ErrorNote error={tests.error} />;
  const all = tests.data;
  const today = todayLocal();
  const nextDue = all[0]?.nextDueOn ?? null;
  return (
    <Stack gap="sm">
      <Title order={2}>Incident-response tests</Title>
      <AnchorLink to="/o/$org/incidents" params={{ org }}>
        ← Incidents
      </AnchorLink>
      <Text c={TONE.muted} size="sm">
        A tabletop or live exercise at least every 12 months (IR-03). Each recorded test becomes evidence;
        record one with <code>auditready ir-tests add</code> or the API once it is held.
      </Text>
      {nextDue === null ? (
        <Alert color={TONE.danger} title="No IR test recorded">
          IR-03 has a finding until one is recorded.
        </Alert>
      ) : nextDue < today ? (
        <Alert color={TONE.danger} title="IR test overdue">
          The next test was due on {nextDue}.
        </Alert>
      ) : (
        <Text size="sm">Next test due by {nextDue}.</Text>
      )}
      {all.length > 0 && (
        <Paper withBorder>
          <Table striped aria-label="IR tests">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Held on</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Scenario</Table.Th>
                <Table.Th>Participants</Table.Th>
                <Table.Th>Results</Table.Th>
                <Table.Th>Follow-ups</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {all.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{t.heldOn}</Table.Td>
                  <Table.Td>{t.kind}</Table.Td>
                  <Table.Td>{t.scenario}</Table.Td>
                  <Table.Td>{t.participants.join(', ')}</Table.Td>
                  <Table.Td>{t.results}</Table.Td>
                  <Table.Td>
                    <List size="sm">
                      {t.followUps.map((f) => (
                        <List.Item key={f.id}>
                          {f.action} — {f.ownerEmail ?? 'no owner'}, due {f.dueOn}{' '}
                          {f.doneOn ? (
                            <Badge color={TONE.ok} variant="filled">
                              done {f.doneOn}
                            </Badge>
                          ) : f.overdue ? (
                            <Badge color={TONE.danger} variant="filled">
                              overdue
                            </Badge>
                          ) : null}
                        </List.Item>
                      ))}
                    </List>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
