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
import { assuranceBadge, assuranceColor, importRegister, useVendors } from '../vendors/queries';

const CRITICALITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** The vendor register: each vendor with its report-age badge, next review, CUECs and open findings. */
export function VendorsPage() {
  const { org } = useParams({ from: '/o/$org/vendors' });
  const membership = useMembership(org);
  const queryClient = useQueryClient();
  const [importing, setImporting] = useState(false);
  const vendors = useVendors(org);
  if (vendors.isPending) return <Loading what="vendors" />;
  if (vendors.error) return <ErrorNote error={vendors.error} />;
  const all = [...vendors.data].sort(
    (a, b) =>
      CRITICALITY_ORDER[a.criticality] - CRITICALITY_ORDER[b.criticality] || a.name.localeCompare(b.name),
  );
  const canImport = membership?.can.vendor.import === true;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Vendors</Title>
        {canImport && <Button onClick={() => setImporting(true)}>Import register</Button>}
      </Group>
      <Text c={TONE.muted} size="sm">
        The vendor register. A critical vendor needs a SOC 2 or ISO 27001 report whose period ended within 12
        months, or bridge letters covering the days since; every vendor is reviewed by its next review date,
        and every CUEC of a report is mapped to a control of ours. Reports and bridge letters are added with{' '}
        <code>auditready vendors report add</code> / <code>bridge add</code> or the API.
      </Text>
      {canImport && (
        <FileImportModal
          opened={importing}
          onClose={() => setImporting(false)}
          onImported={() => void queryClient.invalidateQueries({ queryKey: [org, 'vendors'] })}
          title="Import a vendor register"
          intro={
            <>
              Columns:{' '}
              <code>
                name, service, criticality, data, owner_email, contract_start, contract_end, last_assessment,
                next_review
              </code>{' '}
              (name, service and criticality required; criticality critical, high, medium or low; dates
              YYYY-MM-DD). Vendors are matched by name; those missing from the file are kept. One bad row and
              nothing is imported.
            </>
          }
          fileLabel="Register file"
          accept=".csv,text/csv"
          doneTitle="Register imported"
          submitLabel="Import register"
          upload={async (file) => {
            const r = await importRegister(org, file);
            return r.status === 'unchanged'
              ? `${file.name}: ${r.rows} vendors, all already up to date: nothing changed.`
              : `${file.name}: ${r.rows} vendors, ${r.created} added, ${r.updated} changed, ${r.unchanged} unchanged.`;
          }}
        />
      )}
      {all.length === 0 ? (
        <Alert color="gray">No vendors yet.</Alert>
      ) : (
        <Paper withBorder>
          <Table striped highlightOnHover aria-label="Vendor register">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Vendor</Table.Th>
                <Table.Th>Criticality</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Assurance</Table.Th>
                <Table.Th>Next review</Table.Th>
                <Table.Th>CUECs</Table.Th>
                <Table.Th>Open findings</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {all.map((v) => (
                <Table.Tr key={v.id}>
                  <Table.Td>
                    <AnchorLink to="/o/$org/vendors/$vendorId" params={{ org, vendorId: v.id }}>
                      {v.name}
                    </AnchorLink>
                    <Text size="xs" c={TONE.muted}>
                      {v.service}
                    </Text>
                  </Table.Td>
                  <Table.Td>{v.criticality}</Table.Td>
                  <Table.Td>{v.ownerName ?? <Text c={TONE.danger}>no owner</Text>}</Table.Td>
                  <Table.Td>
                    <Badge color={assuranceColor(v)} variant="filled">
                      {assuranceBadge(v.assurance)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {v.nextReviewOn ?? '—'}
                    {v.reviewOverdue && (
                      <Badge ml="xs" color={TONE.danger} variant="filled">
                        overdue
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {v.cuecs}
                    {v.unmappedCuecs > 0 && (
                      <Text span c={TONE.danger} size="sm">
                        {' '}
                        ({v.unmappedCuecs} unmapped)
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{v.openFindings}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}
