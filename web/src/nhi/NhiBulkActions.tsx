import { Alert, Button, Group, Modal, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Person } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { TONE } from '../components/tones';
import { BulkAssign } from '../controls/BulkAssign';
import { assignNhiOwner, reviewNhis } from './queries';

/** "Mark reviewed" for the selected identities: who and when are recorded, with an optional note. */
export function MarkReviewed({
  org,
  ids,
  onDone,
}: {
  org: string;
  ids: string[];
  onDone: (message: string) => void;
}) {
  const [opened, setOpened] = useState(false);
  const [note, setNote] = useState('');
  const queryClient = useQueryClient();
  const review = useMutation({
    mutationFn: () => reviewNhis(org, ids, note),
    onSuccess: (r) => {
      setOpened(false);
      setNote('');
      onDone(
        `Recorded your review of ${r.reviewed === 1 ? '1 identity' : `${r.reviewed} identities`}${
          r.refresh.findingsResolved > 0 ? `; ${r.refresh.findingsResolved} finding(s) resolved` : ''
        }.`,
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: [org] }),
  });
  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)} disabled={ids.length === 0}>
        Mark reviewed
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={`Mark ${ids.length === 1 ? '1 identity' : `${ids.length} identities`} reviewed`}
        closeButtonProps={{ 'aria-label': 'Close the review dialog' }}
      >
        <Stack gap="sm">
          <Text size="sm">
            You confirm that each should exist, with its current access and owner. Your name and today's date
            are recorded in its lifecycle history and the activity log; a third-party app counts as reviewed
            for the next 12 months.
          </Text>
          <Textarea
            label="Note (optional)"
            placeholder="What was decided, e.g. scopes still needed by the release pipeline"
            value={note}
            maxLength={2000}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          {review.error ? <ErrorNote title="Could not record the review" error={review.error} /> : null}
          <Group justify="end">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button onClick={() => review.mutate()} loading={review.isPending}>
              Record review
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** What a lead does to the selected identities: assign an owner from the roster, or mark them reviewed. */
export function NhiBulkActions({
  org,
  ids,
  people,
  onDone,
}: {
  org: string;
  ids: string[];
  people: Person[];
  onDone: (message: string | null) => void;
}) {
  return (
    <Paper withBorder p="xs" data-testid="nhi-bulk">
      <Group align="end" gap="md">
        <BulkAssign
          org={org}
          codes={ids}
          people={people}
          assign={(email, selected) => assignNhiOwner(org, selected, email)}
          onDone={() =>
            onDone(`Owner assigned to ${ids.length === 1 ? '1 identity' : `${ids.length} identities`}.`)
          }
        />
        <MarkReviewed org={org} ids={ids} onDone={onDone} />
        <Button variant="subtle" color={TONE.muted} onClick={() => onDone(null)}>
          Clear selection
        </Button>
      </Group>
    </Paper>
  );
}

/** A dismissible note saying what the last bulk action did. */
export function DoneNote({ message, onClose }: { message: string; onClose: () => void }) {
  return (
    <Alert color={TONE.ok} withCloseButton closeButtonLabel="Dismiss" onClose={onClose} role="status">
      {message}
    </Alert>
  );
}
