import { Anchor, Badge, Button, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';
import { useMembership } from '../api/session';
import type { ApiToken } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { CreateToken } from '../settings/CreateToken';
import { Members } from '../settings/Members';
import { ReviewSettings } from '../settings/ReviewSettings';
import { SsoSettings } from '../settings/SsoSettings';

/**
 * Admin settings: users and roles (add, change a role, disable) and API tokens
 * (create shows the secret once, list, revoke). Other roles never see it.
 */
export function SettingsPage() {
  const { org } = useParams({ from: '/o/$org/settings' });
  const membership = useMembership(org);
  const queryClient = useQueryClient();
  const isAdmin = membership?.can.member.read === true;
  const tokens = useQuery({
    queryKey: [org, 'api-tokens'],
    queryFn: () => fetchAll<ApiToken>(orgPath(org, '/api-tokens')),
    enabled: isAdmin,
  });
  const [error, setError] = useState<unknown>(null);
  if (!isAdmin) return <Navigate to="/o/$org" params={{ org }} />;
  const refresh = () => queryClient.invalidateQueries({ queryKey: [org, 'api-tokens'] });
  const revoke = async (t: ApiToken) => {
    if (!window.confirm(`Revoke ${t.name}? Scripts using it stop working at once.`)) return;
    setError(null);
    try {
      await api(orgPath(org, `/api-tokens/${t.id}`), { method: 'DELETE' });
      await refresh();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Stack>
      <Title order={2}>Settings</Title>
      <Paper withBorder p="sm">
        <Title order={3} size="h4" mb="xs">
          Users and roles
        </Title>
        <Text size="sm" c="gray.7" mb="sm">
          Who may sign in to {membership.name}, and with which role. An organization keeps at least one active
          admin.
        </Text>
        <Members org={org} orgName={membership.name} />
      </Paper>
      <Paper withBorder p="sm">
        <Title order={3} size="h4" mb="xs">
          Evidence review
        </Title>
        <ReviewSettings org={org} />
      </Paper>
      <Paper withBorder p="sm">
        <Title order={3} size="h4" mb="xs">
          Single sign-on
        </Title>
        <SsoSettings org={org} />
      </Paper>
      <Paper withBorder p="sm">
        <Title order={3} size="h4" mb="xs">
          API tokens
        </Title>
        <Text size="sm" c="gray.7" mb="sm">
          Tokens let scripts and CI call the API with a role. Send one as <code>Authorization: Bearer …</code>
          .
        </Text>
        <Text size="sm" c="gray.7" mb="sm">
          Every route is described in the{' '}
          <Anchor href="/api/v1/docs" target="_blank" rel="noopener" underline="always">
            API reference
          </Anchor>{' '}
          (OpenAPI 3.1, also as{' '}
          <Anchor href="/api/v1/openapi.json" underline="always">
            openapi.json
          </Anchor>{' '}
          to generate a typed client from).
        </Text>
        <CreateToken org={org} onCreated={refresh} />
        {error ? <ErrorNote title="Could not revoke" error={error} /> : null}
        {tokens.isPending ? <Loading what="tokens" /> : null}
        {tokens.error ? <ErrorNote error={tokens.error} /> : null}
        {tokens.data?.length === 0 ? (
          <Text c="gray.7" mt="sm">
            No API token yet: create one above for your first script.
          </Text>
        ) : null}
        {tokens.data?.length ? (
          <Table mt="sm" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Prefix</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>State</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.data.map((t) => (
                <Table.Tr key={t.id} data-token={t.name}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td ff="monospace">{t.prefix}</Table.Td>
                  <Table.Td>{t.role}</Table.Td>
                  <Table.Td>{t.expiresAt.slice(0, 10)}</Table.Td>
                  <Table.Td>{t.lastUsedAt?.slice(0, 10) ?? 'never'}</Table.Td>
                  <Table.Td>
                    {t.revokedAt ? (
                      <Badge color="gray.7">revoked</Badge>
                    ) : (
                      <Button size="compact-xs" color="red.8" variant="outline" onClick={() => revoke(t)}>
                        Revoke {t.name}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </Paper>
    </Stack>
  );
}
