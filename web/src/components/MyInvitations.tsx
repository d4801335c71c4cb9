import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import type { Role, SessionView } from '../api/types';
import { tokenFromHash } from '../pages/InvitePage';
import { roleLabel } from '../settings/members';
import { ErrorNote } from './ErrorNote';
import { useAction } from './useAction';

/** An invitation addressed to the signed-in account (`GET /auth/invitations`). */
export interface MyInvitation {
  id: string;
  organizationName: string;
  role: Role;
  expiresAt: string;
}

/** The signed-in account's pending invitations. */
export const useMyInvitations = () =>
  useQuery({
    queryKey: ['my-invitations'],
    queryFn: () => api<{ items: MyInvitation[] }>('/auth/invitations'),
    staleTime: 60_000,
  });

/** The secret of a pasted invitation link (or the bare secret). */
export function secretOfLink(text: string): string {
  const hash = text.trim().split('#')[1];
  return hash === undefined ? text.trim() : tokenFromHash(hash);
}

function InvitationRow({ invitation }: { invitation: MyInvitation }) {
  const queryClient = useQueryClient();
  const [link, setLink] = useState('');
  const [accepting, setAccepting] = useState(false);
  const done = async () => {
    await queryClient.invalidateQueries({ queryKey: ['my-invitations'] });
    await queryClient.invalidateQueries({ queryKey: ['session'] });
  };
  const accept = useAction(async () => {
    await api<SessionView>('/auth/invitations/accept', {
      method: 'POST',
      body: { token: secretOfLink(link) },
    });
    await done();
  });
  const decline = useAction(async () => {
    await api(`/auth/invitations/${encodeURIComponent(invitation.id)}/decline`, { method: 'POST' });
    await done();
  });
  return (
    <Stack gap={4} data-my-invitation={invitation.organizationName}>
      <Group gap="xs">
        <Text size="sm">
          <b>{invitation.organizationName}</b> invites you as {roleLabel(invitation.role).toLowerCase()}.
        </Text>
        <Button size="compact-xs" onClick={() => setAccepting(true)} disabled={accepting}>
          Accept…
        </Button>
        <Button size="compact-xs" variant="default" loading={decline.busy} onClick={() => void decline.run()}>
          Decline
        </Button>
      </Group>
      {accepting ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void accept.run();
          }}
        >
          <Group align="end" gap="xs">
            <TextInput
              label="Invitation link you received"
              value={link}
              onChange={(e) => setLink(e.currentTarget.value)}
              required
              w={380}
            />
            <Button type="submit" size="xs" loading={accept.busy}>
              Accept
            </Button>
          </Group>
          <Text size="xs" c="gray.7">
            Accepting needs the link's secret: being signed in is not enough.
          </Text>
        </form>
      ) : null}
      {accept.error ? <ErrorNote title="Could not accept" error={accept.error} /> : null}
      {decline.error ? <ErrorNote title="Could not decline" error={decline.error} /> : null}
    </Stack>
  );
}

/** Pending invitations of the signed-in account, with accept (with the link) and decline; nothing when none. */
export function MyInvitations() {
  const invitations = useMyInvitations();
  const items = invitations.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Alert color="blue" title="Pending invitations" mb="md" aria-label="Pending invitations">
      <Stack gap="xs">
        {items.map((i) => (
          <InvitationRow key={i.id} invitation={i} />
        ))}
      </Stack>
    </Alert>
  );
}
