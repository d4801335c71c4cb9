import { Button, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { ErrorNote } from '../components/ErrorNote';
import { type Invitation, roleLabel, useInvitations } from './members';

/** The organization's pending invitations, each revocable (its link then stops working). */
export function PendingInvitations({ org }: { org: string }) {
  const invitations = useInvitations(org);
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: (i: Invitation) =>
      api(orgPath(org, `/invitations/${encodeURIComponent(i.id)}/revoke`), { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [org, 'invitations'] }),
  });
  const rows = invitations.data?.items ?? [];
  if (invitations.error) return <ErrorNote error={invitations.error} />;
  if (rows.length === 0) return null;
  const now = new Date().toISOString();
  return (
    <>
      {revoke.error ? <ErrorNote title="Could not revoke the invitation" error={revoke.error} /> : null}
      <Table fz="sm" verticalSpacing={4} data-testid="invitations" aria-label="Pending invitations">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Invited</Table.Th>
            <Table.Th>E-mail</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Action</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((i) => (
            <Table.Tr key={i.id} data-invitation={i.email}>
              <Table.Td>{i.name}</Table.Td>
              <Table.Td>{i.email}</Table.Td>
              <Table.Td>{roleLabel(i.role)}</Table.Td>
              <Table.Td>
                {i.expiresAt <= now ? (
                  <Text span size="sm" c="red.8">
                    expired
                  </Text>
                ) : (
                  i.expiresAt.slice(0, 16).replace('T', ' ')
                )}
              </Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant="outline"
                  color="red.8"
                  loading={revoke.isPending && revoke.variables?.id === i.id}
                  onClick={() => revoke.mutate(i)}
                >
                  Revoke invitation of {i.email}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
