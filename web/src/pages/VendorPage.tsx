import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useMembership } from '../api/session';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { TONE } from '../components/tones';
import { useAction } from '../components/useAction';
import { addCuec, assuranceBadge, assuranceColor, mapCuec, useVendor, type Vendor } from '../vendors/queries';

const REPORT_LABELS = {
  'soc2-type1': 'SOC 2 Type I',
  'soc2-type2': 'SOC 2 Type II',
  iso27001: 'ISO 27001',
} as const;

/** One vendor: its register fields, reports, bridge letters, CUECs with their controls, reviews and findings. */
export function VendorPage() {
  const { org, vendorId } = useParams({ from: '/o/$org/vendors/$vendorId' });
  const vendor = useVendor(org, vendorId);
  if (vendor.isPending) return <Loading what="vendor" />;
  if (vendor.error) return <ErrorNote error={vendor.error} />;
  return <VendorDetail org={org} vendor={vendor.data} />;
}

function VendorDetail({ org, vendor: v }: { org: string; vendor: Vendor }) {
  const membership = useMembership(org);
  const canMap = membership?.can.vendor.map === true;
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Title order={2}>{v.name}</Title>
        <Badge color={assuranceColor(v)} variant="filled">
          {assuranceBadge(v.assurance)}
        </Badge>
        {v.reviewOverdue && (
          <Badge color={TONE.danger} variant="filled">
            review overdue
          </Badge>
        )}
      </Group>
      <Text size="sm">
        {v.service} · {v.criticality} criticality · data: {v.dataTouched || '—'} · owner:{' '}
        {v.ownerName ? `${v.ownerName} (${v.ownerEmail})` : 'none'}
      </Text>
      <Text size="sm" c={TONE.muted}>
        Contract {v.contractStart ?? '?'} to {v.contractEnd ?? 'open'} · last assessment{' '}
        {v.lastAssessedOn ?? 'never'} · next review {v.nextReviewOn ?? 'not set'}
      </Text>
      {v.findings.length > 0 && (
        <Alert
          color={TONE.danger}
          title={`${v.findings.length} open finding${v.findings.length === 1 ? '' : 's'}`}
        >
          <Stack gap={2}>
            {v.findings.map((f) => (
              <Text key={f.id} size="sm">
                {f.severity}: {f.title}
                {f.dueOn ? ` — due ${f.dueOn}` : ''}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}

      <Title order={3}>Reports</Title>
      {v.reports.length === 0 ? (
        <Text size="sm">No report on file.</Text>
      ) : (
        <Paper withBorder>
          <Table aria-label="Reports">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Period</Table.Th>
                <Table.Th>Received</Table.Th>
                <Table.Th>File</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {v.reports.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{REPORT_LABELS[r.kind]}</Table.Td>
                  <Table.Td>
                    {r.periodStart} to {r.periodEnd}
                  </Table.Td>
                  <Table.Td>{r.receivedOn}</Table.Td>
                  <Table.Td>{r.fileName}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}

      <Title order={3}>Bridge letters</Title>
      {v.bridgeLetters.length === 0 ? (
        <Text size="sm">No bridge letter.</Text>
      ) : (
        <Paper withBorder>
          <Table aria-label="Bridge letters">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Covers</Table.Th>
                <Table.Th>Received</Table.Th>
                <Table.Th>File</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {v.bridgeLetters.map((b) => (
                <Table.Tr key={b.id}>
                  <Table.Td>
                    {b.coveredFrom} to {b.coveredTo}
                  </Table.Td>
                  <Table.Td>{b.receivedOn}</Table.Td>
                  <Table.Td>{b.fileName}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}

      <Title order={3}>Complementary user entity controls</Title>
      <Text size="sm" c={TONE.muted}>
        What the vendor’s report expects us to run, each mapped to the controls of ours that do.
      </Text>
      {v.cuecList.length === 0 ? (
        <Text size="sm">No CUEC listed.</Text>
      ) : (
        <Paper withBorder>
          <Table aria-label="CUECs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Ref</Table.Th>
                <Table.Th>What we must do</Table.Th>
                <Table.Th>Our controls</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {v.cuecList.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.ref}</Table.Td>
                  <Table.Td>{c.description}</Table.Td>
                  <Table.Td miw={240}>
                    {canMap ? (
                      <CuecMapping org={org} vendorId={v.id} cuec={c} />
                    ) : c.controls.length === 0 ? (
                      <Text c={TONE.danger} size="sm">
                        not mapped
                      </Text>
                    ) : (
                      c.controls.map((k) => k.code).join(', ')
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {canMap && <NewCuec org={org} vendorId={v.id} />}

      <Title order={3}>Reviews</Title>
      {v.reviews.length === 0 ? (
        <Text size="sm">No review recorded.</Text>
      ) : (
        <Paper withBorder>
          <Table aria-label="Reviews">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Reviewed</Table.Th>
                <Table.Th>By</Table.Th>
                <Table.Th>Notes</Table.Th>
                <Table.Th>Next review</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {v.reviews.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{r.reviewedOn}</Table.Td>
                  <Table.Td>{r.reviewerEmail ?? '—'}</Table.Td>
                  <Table.Td>{r.notes}</Table.Td>
                  <Table.Td>{r.nextReviewOn}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </Stack>
  );
}

/** The control codes of a CUEC, edited as a comma-separated list (leads). */
function CuecMapping({
  org,
  vendorId,
  cuec,
}: {
  org: string;
  vendorId: string;
  cuec: Vendor['cuecList'][number];
}) {
  const queryClient = useQueryClient();
  const saved = cuec.controls.map((k) => k.code).join(', ');
  const [codes, setCodes] = useState(saved);
  const save = useAction(async () => {
    const list = codes
      .split(/[,\s]+/)
      .map((c) => c.trim().toUpperCase())
      .filter((c) => c !== '');
    await mapCuec(org, vendorId, cuec.id, list);
    await queryClient.invalidateQueries({ queryKey: [org, 'vendors'] });
  });
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap">
        <TextInput
          size="xs"
          aria-label={`Controls running ${cuec.ref}`}
          placeholder="AC-03, VM-06"
          value={codes}
          onChange={(e) => setCodes(e.currentTarget.value)}
          error={saved === '' && codes === '' ? 'not mapped' : undefined}
        />
        <Button
          size="xs"
          variant="light"
          loading={save.busy}
          disabled={codes === saved}
          onClick={() => void save.run()}
        >
          Save
        </Button>
      </Group>
      {save.error !== null && <ErrorNote error={save.error} />}
    </Stack>
  );
}

/** Lists a new CUEC from the vendor's report (leads). */
function NewCuec({ org, vendorId }: { org: string; vendorId: string }) {
  const queryClient = useQueryClient();
  const [ref, setRef] = useState('');
  const [description, setDescription] = useState('');
  const add = useAction(async () => {
    await addCuec(org, vendorId, ref.trim(), description.trim());
    setRef('');
    setDescription('');
    await queryClient.invalidateQueries({ queryKey: [org, 'vendors'] });
  });
  return (
    <Stack gap={4}>
      <Group gap="xs" align="end">
        <TextInput
          label="Ref"
          placeholder="CUEC-1"
          value={ref}
          onChange={(e) => setRef(e.currentTarget.value)}
          w={120}
        />
        <TextInput
          label="What we must do"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Button
          loading={add.busy}
          disabled={ref.trim() === '' || description.trim() === ''}
          onClick={() => void add.run()}
        >
          Add CUEC
        </Button>
      </Group>
      {add.error !== null && <ErrorNote error={add.error} />}
    </Stack>
  );
}
