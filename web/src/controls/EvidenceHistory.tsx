import { Badge, Button, Group, Modal, Table, Text, Textarea, UnstyledButton } from '@mantine/core';
import { Fragment, useState } from 'react';
import { api, orgPath } from '../api/client';
import type { Evidence } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { EvidenceContent } from './EvidenceContent';
import { groupByPeriod } from './evidence-periods';

const STATE_COLOR: Record<string, string> = { submitted: '#a63a0b', accepted: 'teal.9', rejected: 'red.8' };

/** The evidence of one requirement, newest first; reviewers accept or reject what is still submitted. */
export function EvidenceHistory({
  org,
  items,
  canReview,
  acceptBlocked = () => null,
  onChanged,
}: {
  org: string;
  items: Evidence[];
  canReview: boolean;
  /** Why the reader may not accept this piece of evidence (separation of duties), null when they may. */
  acceptBlocked?: (e: Evidence) => string | null;
  onChanged: () => void;
}) {
  const [error, setError] = useState<unknown>(null);
  // The evidence being rejected (the dialog is open) and the reason typed so far.
  const [rejecting, setRejecting] = useState<Evidence | null>(null);
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const periods = groupByPeriod(items);
  const toggle = (key: string) =>
    setExpanded((before) => {
      const next = new Set(before);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  if (items.length === 0)
    return (
      <Text c="gray.7" size="sm">
        No evidence yet: upload the first below.
      </Text>
    );
  const review = async (id: string, decision: 'accepted' | 'rejected', why?: string) => {
    setError(null);
    setSending(true);
    try {
      await api(orgPath(org, `/evidence/${id}/review`), {
        method: 'POST',
        body: why === undefined ? { decision } : { decision, reason: why },
      });
      onChanged();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setSending(false);
    }
  };
  const closeReject = () => {
    setRejecting(null);
    setReason('');
  };
  const row = (e: Evidence) => (
    <Table.Tr key={e.id} data-evidence={e.id}>
      <Table.Td>
        {e.effectiveStart === e.effectiveEnd ? e.effectiveStart : `${e.effectiveStart} – ${e.effectiveEnd}`}
      </Table.Td>
      <Table.Td>{e.sourceType}</Table.Td>
      <Table.Td>
        <EvidenceContent org={org} evidence={e} />
      </Table.Td>
      <Table.Td ff="monospace" title={e.sha256 ?? ''}>
        {e.sha256?.slice(0, 12) ?? '—'}
      </Table.Td>
      <Table.Td>{e.collector.label}</Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Badge size="xs" color={STATE_COLOR[e.reviewState] ?? 'gray.7'} title={e.review?.reason ?? ''}>
            {e.reviewState}
          </Badge>
          {canReview && e.reviewState === 'submitted' ? (
            <>
              <Button
                size="compact-xs"
                color="teal.9"
                disabled={acceptBlocked(e) !== null}
                title={acceptBlocked(e) ?? undefined}
                onClick={() => review(e.id, 'accepted')}
              >
                Accept
              </Button>
              {acceptBlocked(e) !== null ? (
                <Text size="xs" c="gray.7" data-testid="accept-blocked">
                  {acceptBlocked(e)}
                </Text>
              ) : null}
              <Button size="compact-xs" color="red.8" variant="outline" onClick={() => setRejecting(e)}>
                Reject
              </Button>
            </>
          ) : null}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
  return (
    <>
      {error ? <ErrorNote title="Review failed" error={error} /> : null}
      <Modal opened={rejecting !== null} onClose={closeReject} title="Reject evidence" centered>
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            if (!rejecting || reason.trim() === '') return;
            if (await review(rejecting.id, 'rejected', reason.trim())) closeReject();
          }}
        >
          <Text size="sm" mb="xs">
            {rejecting?.fileName ?? rejecting?.kind} goes back to its uploader with your reason.
          </Text>
          <Textarea
            label="Why is it rejected?"
            required
            minRows={3}
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-autofocus
          />
          <Group justify="end" mt="md">
            <Button variant="default" onClick={closeReject}>
              Cancel
            </Button>
            <Button type="submit" color="red.8" disabled={reason.trim() === ''} loading={sending}>
              Reject
            </Button>
          </Group>
        </form>
      </Modal>
      <Table fz="xs" verticalSpacing={2}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Effective</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th>Content</Table.Th>
            <Table.Th>SHA-256</Table.Th>
            <Table.Th>By</Table.Th>
            <Table.Th>Review</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {periods
            ? periods.map((period, index) => {
                const shown = index === 0 || expanded.has(period.key);
                return (
                  <Fragment key={period.key}>
                    <Table.Tr data-period={period.key}>
                      <Table.Td colSpan={6} bg="gray.0">
                        <UnstyledButton
                          fz="xs"
                          fw={600}
                          aria-expanded={shown}
                          disabled={index === 0}
                          onClick={() => toggle(period.key)}
                        >
                          {index === 0 ? '' : shown ? '▾ ' : '▸ '}
                          {period.label} · {period.items.length}{' '}
                          {period.items.length === 1 ? 'piece' : 'pieces'}
                          {period.submitted ? ` (${period.submitted} waiting for review)` : ''}
                        </UnstyledButton>
                      </Table.Td>
                    </Table.Tr>
                    {shown ? period.items.map(row) : null}
                  </Fragment>
                );
              })
            : items.map(row)}
        </Table.Tbody>
      </Table>
    </>
  );
}
