import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { api, orgPath } from '../api/client';
import type { Evidence } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';

const STATE_COLOR: Record<string, string> = { submitted: '#a63a0b', accepted: 'teal.9', rejected: 'red.8' };

/** The evidence of one requirement, newest first; reviewers accept or reject what is still submitted. */
export function EvidenceHistory({
  org,
  items,
  canReview,
  onChanged,
}: {
  org: string;
  items: Evidence[];
  canReview: boolean;
  onChanged: () => void;
}) {
  const [error, setError] = useState<unknown>(null);
  if (items.length === 0)
    return (
      <Text c="gray.7" size="sm">
        No evidence yet: upload the first below.
      </Text>
    );
  const review = async (id: string, decision: 'accepted' | 'rejected') => {
    setError(null);
    const reason = decision === 'rejected' ? (window.prompt('Why is it rejected?') ?? undefined) : undefined;
    try {
      await api(orgPath(org, `/evidence/${id}/review`), { method: 'POST', body: { decision, reason } });
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      {error ? <ErrorNote title="Review failed" error={error} /> : null}
      <Table fz="xs" verticalSpacing={2}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Effective</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th>File</Table.Th>
            <Table.Th>SHA-256</Table.Th>
            <Table.Th>By</Table.Th>
            <Table.Th>Review</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((e) => (
            <Table.Tr key={e.id} data-evidence={e.id}>
              <Table.Td>
                {e.effectiveStart === e.effectiveEnd
                  ? e.effectiveStart
                  : `${e.effectiveStart} – ${e.effectiveEnd}`}
              </Table.Td>
              <Table.Td>{e.sourceType}</Table.Td>
              <Table.Td>{e.fileName ?? e.kind}</Table.Td>
              <Table.Td ff="monospace" title={e.sha256 ?? ''}>
                {e.sha256?.slice(0, 12) ?? '—'}
              </Table.Td>
              <Table.Td>{e.collector.label}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Badge
                    size="xs"
                    color={STATE_COLOR[e.reviewState] ?? 'gray.7'}
                    title={e.review?.reason ?? ''}
                  >
                    {e.reviewState}
                  </Badge>
                  {canReview && e.reviewState === 'submitted' ? (
                    <>
                      <Button size="compact-xs" color="teal.9" onClick={() => review(e.id, 'accepted')}>
                        Accept
                      </Button>
                      <Button
                        size="compact-xs"
                        color="red.8"
                        variant="outline"
                        onClick={() => review(e.id, 'rejected')}
                      >
                        Reject
                      </Button>
                    </>
                  ) : null}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
