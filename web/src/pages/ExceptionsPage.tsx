import { Alert, Button, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useControls } from '../api/queries';
import { useMembership } from '../api/session';
import { DownloadMenu } from '../components/DownloadMenu';
import { todayLocal } from '../components/days';
import { spreadsheetLinks } from '../components/downloads';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { Pager, pageOf } from '../components/Pager';
import { TONE } from '../components/tones';
import {
  ApproveException,
  CloseException,
  CreateException,
  ReviewException,
} from '../exceptions/ExceptionForms';
import { ExceptionTable } from '../exceptions/ExceptionTable';
import { countStates, EXCEPTION_STATES, type ExceptionState, filterExceptions } from '../exceptions/expiry';
import { type ControlException, useExceptions } from '../exceptions/queries';
import { useRoster } from '../people/queries';

const PAGE = 20;

/** Exceptions with their expiry countdown; a state filter; leads record, approve and close them. */
export function ExceptionsPage() {
  const { org } = useParams({ from: '/o/$org/exceptions' });
  const membership = useMembership(org);
  const exceptions = useExceptions(org);
  const people = useRoster(org);
  const controls = useControls(org);
  const queryClient = useQueryClient();
  const [state, setState] = useState<ExceptionState | 'all'>('all');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [approving, setApproving] = useState<ControlException | null>(null);
  const [closing, setClosing] = useState<ControlException | null>(null);
  const [reviewing, setReviewing] = useState<ControlException | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const canAct = membership?.can.exception.create === true;
  const today = todayLocal();

  const all = exceptions.data ?? [];
  const counts = useMemo(() => countStates(all, today), [all, today]);
  const shown = useMemo(
    () => filterExceptions(all, state === 'all' ? null : state, today),
    [all, state, today],
  );
  const names = useMemo(() => new Map((people.data ?? []).map((p) => [p.email, p.name])), [people.data]);
  const me = (people.data ?? []).find((p) => p.id === membership?.personId && p.status === 'active');

  if (exceptions.isPending) return <Loading what="exceptions" />;
  if (exceptions.error) return <ErrorNote error={exceptions.error} />;

  const saved = (message: string) => {
    setCreating(false);
    setApproving(null);
    setClosing(null);
    setReviewing(null);
    setDone(message);
    void queryClient.invalidateQueries({ queryKey: [org] });
  };
  const current = Math.min(page, Math.max(1, Math.ceil(shown.length / PAGE)));
  const stateLabel = EXCEPTION_STATES.find((s) => s.value === state)?.label.toLowerCase();

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Exceptions ({all.length})</Title>
        <Group gap="xs">
          <DownloadMenu links={spreadsheetLinks(org, 'exceptions')} />
          {canAct ? <Button onClick={() => setCreating(true)}>Record exception</Button> : null}
        </Group>
      </Group>
      <Text size="sm" c="gray.7">
        An approved exception covers a control's gaps until it expires; the day after, the control is a gap
        again until the exception is closed or renewed. Unapproved ones cover nothing.
      </Text>
      {counts.expired > 0 ? (
        <Alert color={TONE.danger} title="Expired exceptions" data-testid="expired-note">
          {counts.expired === 1 ? '1 exception has' : `${counts.expired} exceptions have`} expired: each
          control is a gap again. Fix the control and close the exception, or record a new one.
        </Alert>
      ) : null}
      {done ? (
        <Alert color={TONE.ok} withCloseButton closeButtonLabel="Dismiss" onClose={() => setDone(null)}>
          {done}
        </Alert>
      ) : null}
      <div>
        <Text size="sm" fw={500} mb={4} id="exception-state-label">
          State
        </Text>
        <SegmentedControl
          aria-labelledby="exception-state-label"
          value={state}
          onChange={(v) => {
            setState(v as ExceptionState | 'all');
            setPage(1);
          }}
          data={[
            { value: 'all', label: `All (${all.length})` },
            ...EXCEPTION_STATES.map((s) => ({ value: s.value, label: `${s.label} (${counts[s.value]})` })),
          ]}
        />
      </div>
      {shown.length === 0 ? (
        <Paper withBorder p="md">
          <Text c="gray.7">
            {all.length === 0
              ? canAct
                ? 'No exception yet. When a control cannot be met for a while, record an exception with its reason, compensating control and expiry, and have it approved.'
                : 'No exception yet: compliance leads record them when a control cannot be met for a while.'
              : `No ${stateLabel} exception: pick another state.`}
          </Text>
        </Paper>
      ) : (
        <>
          <ExceptionTable
            org={org}
            items={pageOf(shown, current, PAGE)}
            today={today}
            names={names}
            canAct={canAct}
            onApprove={setApproving}
            onReview={setReviewing}
            onClose={setClosing}
          />
          <Pager total={shown.length} page={current} size={PAGE} onChange={setPage} label="exceptions" />
        </>
      )}
      <CreateException
        org={org}
        opened={creating}
        controls={controls.data ?? []}
        people={people.data ?? []}
        today={today}
        defaultApprover={me?.email ?? null}
        onClose={() => setCreating(false)}
        onSaved={(x) =>
          saved(
            x.approvedOn
              ? `Exception on ${x.controlCode} recorded and approved.`
              : `Exception on ${x.controlCode} recorded: it covers nothing until approved.`,
          )
        }
      />
      <ApproveException
        org={org}
        exception={approving}
        people={people.data ?? []}
        today={today}
        defaultApprover={me?.email ?? null}
        onClose={() => setApproving(null)}
        onSaved={(x) =>
          saved(`Exception on ${x.controlCode} approved: it covers the control until ${x.expiresOn}.`)
        }
      />
      <ReviewException
        org={org}
        exception={reviewing}
        people={people.data ?? []}
        today={today}
        defaultApprover={null}
        onClose={() => setReviewing(null)}
        onSaved={(x) =>
          saved(
            x.closedOn
              ? `Exception on ${x.controlCode} reviewed and closed on ${x.closedOn}.`
              : `Exception on ${x.controlCode} reviewed${x.nextReviewOn ? `: next review due on ${x.nextReviewOn}` : ''}.`,
          )
        }
      />
      <CloseException
        org={org}
        exception={closing}
        people={people.data ?? []}
        today={today}
        defaultApprover={null}
        onClose={() => setClosing(null)}
        onSaved={(x) => saved(`Exception on ${x.controlCode} closed on ${x.closedOn}.`)}
      />
    </Stack>
  );
}
