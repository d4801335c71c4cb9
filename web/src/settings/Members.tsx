import { Badge, Button, Group, Modal, Select, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api, orgPath } from '../api/client';
import { usePeople } from '../api/queries';
import { useSession } from '../api/session';
import type { Role } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { AddMember } from './AddMember';
import { type Member, ROLE_INFO, roleLabel, useMembers } from './members';
import { PendingInvitations } from './PendingInvitations';

/** A change that needs a second look before it is sent. */
type Pending = { kind: 'disable'; member: Member } | { kind: 'role'; member: Member; role: Role };

/**
 * Users and roles (admins only): who may sign in to the organization and
 * with which role; invite a member (a one-time invitation link), revoke a
 * pending invitation,
 * change a role, disable or re-enable. The API keeps at least one active
 * admin and answers in words when a change would break that.
 */
export function Members({ org, orgName }: { org: string; orgName: string }) {
  const session = useSession();
  const me = session.data?.user?.id ?? null;
  const members = useMembers(org, true);
  const people = usePeople(org);
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Pending | null>(null);
  const names = useMemo(() => new Map(people.data?.map((p) => [p.id, p.name]) ?? []), [people.data]);
  const rows = members.data?.pages.flatMap((p) => p.items) ?? [];

  const refresh = async (self: boolean) => {
    await queryClient.invalidateQueries({ queryKey: [org, 'members'] });
    // A change to one's own membership changes what the session may see (the Settings link, for one).
    if (self) await queryClient.invalidateQueries({ queryKey: ['session'] });
  };
  const change = useMutation({
    mutationFn: async (p: Pending | { kind: 'enable'; member: Member }) => {
      const path = orgPath(org, `/members/${encodeURIComponent(p.member.id)}`);
      if (p.kind === 'role') return api(path, { method: 'PATCH', body: { role: p.role } });
      if (p.kind === 'disable') return api(`${path}/disable`, { method: 'POST' });
      // Re-enabling keeps the role they had: they accepted this organization once already.
      return api(`${path}/enable`, { method: 'POST' });
    },
    onSuccess: (_, p) => refresh(p.member.userId === me),
    onSettled: () => setPending(null),
  });
  const what = change.variables
    ? change.variables.kind === 'role'
      ? `change the role of ${change.variables.member.name}`
      : `${change.variables.kind} ${change.variables.member.name}`
    : '';

  const setRole = (m: Member, role: Role) => {
    if (role === m.role) return;
    // Demoting oneself takes away this very page: ask first. Others change at once.
    if (m.userId === me) setPending({ kind: 'role', member: m, role });
    else change.mutate({ kind: 'role', member: m, role });
  };

  return (
    <Stack gap="sm">
      <AddMember
        org={org}
        people={people.data ?? []}
        onAdded={() => queryClient.invalidateQueries({ queryKey: [org, 'invitations'] })}
      />
      <PendingInvitations org={org} />
      {change.error ? <ErrorNote title={`Could not ${what}`} error={change.error} /> : null}
      {members.isPending ? <Loading what="members" /> : null}
      {members.error ? <ErrorNote error={members.error} /> : null}
      {members.data && rows.length === 0 ? (
        <Text c="gray.7">No member yet: add the first one above.</Text>
      ) : null}
      {rows.length > 0 ? (
        <Table fz="sm" verticalSpacing={4} data-testid="members">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>E-mail</Table.Th>
              <Table.Th w={190}>Role</Table.Th>
              <Table.Th>Roster person</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Action</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((m) => {
              const self = m.userId === me;
              const busy = change.isPending && change.variables?.member.id === m.id;
              return (
                <Table.Tr key={m.id} data-member={m.email} data-status={m.status}>
                  <Table.Td>
                    {m.name}
                    {self ? (
                      <Text span size="xs" c="gray.7">
                        {' '}
                        (you)
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{m.email}</Table.Td>
                  <Table.Td>
                    {m.status === 'active' ? (
                      <Select
                        aria-label={`Role of ${m.name}`}
                        size="xs"
                        allowDeselect={false}
                        data={ROLE_INFO.map((r) => ({ value: r.value, label: r.label }))}
                        value={m.role}
                        disabled={busy}
                        onChange={(r) => r && setRole(m, r as Role)}
                      />
                    ) : (
                      roleLabel(m.role)
                    )}
                  </Table.Td>
                  <Table.Td>
                    {m.personId ? (
                      (names.get(m.personId) ?? 'linked')
                    ) : (
                      <Text span size="sm" c="gray.7">
                        not linked
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={m.status === 'active' ? 'teal.9' : 'gray.7'} data-state={m.status}>
                      {m.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {m.status === 'active' ? (
                      <Button
                        size="compact-xs"
                        color="red.8"
                        variant="outline"
                        loading={busy}
                        onClick={() => setPending({ kind: 'disable', member: m })}
                      >
                        Disable {m.name}
                      </Button>
                    ) : (
                      <Button
                        size="compact-xs"
                        variant="outline"
                        loading={busy}
                        onClick={() => change.mutate({ kind: 'enable', member: m })}
                      >
                        Re-enable {m.name}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      ) : null}
      {members.hasNextPage ? (
        <Button
          variant="default"
          onClick={() => members.fetchNextPage()}
          loading={members.isFetchingNextPage}
          w="fit-content"
        >
          Load more members
        </Button>
      ) : null}
      <Modal
        opened={pending !== null}
        onClose={() => setPending(null)}
        closeButtonProps={{ 'aria-label': 'Cancel' }}
        title={
          pending?.kind === 'disable'
            ? `Disable ${pending.member.name}?`
            : pending
              ? `Change your own role to ${roleLabel(pending.role)}?`
              : ''
        }
      >
        {pending ? (
          <Stack>
            <Text size="sm">
              {pending.kind === 'disable'
                ? pending.member.userId === me
                  ? `You lose access to ${orgName} at once. Another admin can re-enable you.`
                  : `${pending.member.name} loses access to ${orgName} at once (their other organizations are not affected). Their records stay; re-enable them at any time.`
                : `You will no longer be an admin of ${orgName}: Settings, users and API tokens close to you at once.`}
            </Text>
            <Group justify="end">
              <Button variant="default" onClick={() => setPending(null)}>
                Cancel
              </Button>
              <Button color="red.8" loading={change.isPending} onClick={() => change.mutate(pending)}>
                {pending.kind === 'disable' ? `Disable ${pending.member.name}` : 'Change my role'}
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Modal>
    </Stack>
  );
}
