import { Button, Center, Table, Text } from '@mantine/core';
import { localDateTime } from '../components/days';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { dayOf, importKindLabel } from './nhi';
import { useNhiImports } from './queries';

/** The import runs, newest first, 25 at a time: what each file was, when, by whom, and what it changed. */
export function ImportHistory({ org }: { org: string }) {
  const imports = useNhiImports(org);
  if (imports.isPending) return <Loading what="the import history" />;
  if (imports.error) return <ErrorNote error={imports.error} />;
  const runs = imports.data.pages.flatMap((p) => p.items);
  if (runs.length === 0) {
    return (
      <Text c="gray.7" p="md">
        Nothing imported yet. Use "Import an export" above, or from a shell:{' '}
        <code>auditready import aws-credential-report credential-report.csv</code>.
      </Text>
    );
  }
  return (
    <>
      <Table fz="sm" verticalSpacing={4} data-testid="nhi-imports">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Export</Table.Th>
            <Table.Th>File</Table.Th>
            <Table.Th>Exported</Table.Th>
            <Table.Th>Records</Table.Th>
            <Table.Th>Changes</Table.Th>
            <Table.Th>By</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>{localDateTime(r.startedAt)}</Table.Td>
              <Table.Td>
                {importKindLabel(r.kind)}
                {r.scope ? (
                  <Text size="xs" c="gray.7">
                    {r.scope}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.fileName ?? '—'}</Table.Td>
              <Table.Td>{r.exportedAt ? dayOf(r.exportedAt) : `— (effective ${r.effectiveOn})`}</Table.Td>
              <Table.Td>{r.counts.records}</Table.Td>
              <Table.Td>
                {r.counts.created} new, {r.counts.updated} changed, {r.counts.offboarded} offboarded;{' '}
                {r.counts.findingsOpened} findings opened, {r.counts.findingsResolved} resolved
              </Table.Td>
              <Table.Td>{r.actor}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {imports.hasNextPage ? (
        <Center>
          <Button
            variant="default"
            onClick={() => imports.fetchNextPage()}
            loading={imports.isFetchingNextPage}
          >
            Show older imports
          </Button>
        </Center>
      ) : null}
    </>
  );
}
