import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useMembership } from '../api/session';
import { ErrorNote } from '../components/ErrorNote';
import { FileImportModal } from '../components/FileImportModal';
import { Loading } from '../components/Loading';
import { AnchorLink } from '../components/links';
import { TONE } from '../components/tones';
import { importRegister, registerImportSummary, SEVERITY_COLOR, useIncidents } from '../incidents/queries';

/** The incident register: severity, status, times, root cause and follow-ups of each incident, violations flagged. */
export function IncidentsPage() {
  const { org } = useParams({ from: '/o/$org/incidents' });
  const membership = useMembership(org);
  const queryClient = useQueryClient();
  const incidents = useIncidents(org);
  const [importing, setImporting] = useState(false);
  if (incidents.isPending) return <Loading what="incidents" />;
  if (incidents.error) return <ErrorNote error={incidents.error} />;
  const all = incidents.data;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Incidents</Title>
        <Group gap="xs">
          <AnchorLink to="/o/$org/incidents/ir-tests" params={{ org }}>
            IR tests
          </AnchorLink>
          {membership?.can.incident.import === true && (
            <Button variant="default" onClick={() => setImporting(true)}>
              Import register
            </Button>
          )}
        </Group>
      </Group>
      <Text c={TONE.muted} size="sm">
        Every declared incident with its severity, detection, containment and resolution times. A high or
        critical incident needs its root cause within 14 days; follow-up actions are tracked to their due
        date. Each change of the register is recorded as evidence on IR-02. Declare and update incidents with{' '}
        <code>auditready incidents</code> or the API.
      </Text>
      {all.length === 0 ? (
        <Alert color="gray">No incidents recorded.</Alert>
      ) : (
        <Paper withBorder>
          <Table striped highlightOnHover aria-label="Incident register">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Incident</Table.Th>
                <Table.Th>Severity</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Detected</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Root cause</Table.Th>
                <Table.Th>Follow-ups</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {all.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>
                    <AnchorLink to="/o/$org/incidents/$incidentId" params={{ org, incidentId: i.externalId }}>
                      {i.externalId}
                    </AnchorLink>{' '}
                    {i.title}
                    {i.findings.map((f) => (
                      <Text key={f.findingId} size="xs" c={TONE.danger}>
                        {f.title}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={SEVERITY_COLOR[i.severity]} variant="filled">
                      {i.severity}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{i.status}</Table.Td>
                  <Table.Td>{i.detectedAt}</Table.Td>
                  <Table.Td>{i.ownerEmail ?? '—'}</Table.Td>
                  <Table.Td>{i.hasRootCause ? 'recorded' : 'none yet'}</Table.Td>
                  <Table.Td>
                    {i.openFollowUps} open of {i.followUps}
                    {i.overdueFollowUps > 0 && (
                      <Badge ml="xs" color={TONE.danger} variant="filled">
                        {i.overdueFollowUps} overdue
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <FileImportModal
        opened={importing}
        onClose={() => setImporting(false)}
        onImported={() => void queryClient.invalidateQueries({ queryKey: [org, 'incidents'] })}
        title="Import an incident register CSV"
        intro={
          <>
            Columns:{' '}
            <code>
              external_id, title, severity, status, detected_at, contained_at, resolved_at, owner, root_cause,
              customer_impact
            </code>{' '}
            (external_id, title, severity and detected_at required; times as a date or an ISO-8601 time with
            its zone; owner an e-mail of the roster). Rows are matched by external_id: importing the same file
            again changes nothing. One bad row and nothing is imported.
          </>
        }
        fileLabel="Register file"
        accept=".csv,text/csv"
        doneTitle="Register imported"
        submitLabel="Import register"
        upload={async (file) => registerImportSummary(file.name, await importRegister(org, file))}
      />
    </Stack>
  );
}
