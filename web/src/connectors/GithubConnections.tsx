import {
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { TONE } from '../components/tones';
import { useAction } from '../components/useAction';
import {
  type GithubConnection,
  type GithubConnectionInput,
  removeGithubConnection,
  saveGithubConnection,
  useGithubConnections,
} from './queries';

const RUN_TONE: Record<string, string> = { succeeded: TONE.ok, partial: TONE.warning, failed: TONE.danger };

interface RunDetail {
  imports?: { unit: string; status: string; records: number }[];
  problems?: { unit: string; status: number; message: string }[];
  stats?: { requests: number; rateLimitWaits: number };
  error?: string;
}

/** What the form's fields send: the repositories, and the credential of the kind chosen (empty keeps the stored one). */
export function connectionInput(fields: {
  apiUrl: string;
  repositories: string;
  kind: 'token' | 'app';
  token: string;
  appId: string;
  installationId: string;
  privateKey: string;
}): GithubConnectionInput {
  const names = fields.repositories
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter(Boolean);
  const app =
    fields.kind === 'app' && (fields.appId.trim() || fields.installationId.trim() || fields.privateKey.trim())
      ? {
          app: {
            appId: fields.appId.trim(),
            installationId: fields.installationId.trim(),
            privateKey: fields.privateKey.trim(),
          },
        }
      : {};
  return {
    ...(fields.apiUrl.trim() ? { apiUrl: fields.apiUrl.trim() } : {}),
    repositories: names.length > 0 ? names : null,
    ...(fields.kind === 'token' && fields.token ? { token: fields.token } : {}),
    ...app,
  };
}

/** One connection's row: account, repositories and what its last collection did. */
export function ConnectionRow({
  c,
  onRemove,
}: {
  c: GithubConnection;
  onRemove: ((account: string) => void) | null;
}) {
  const detail = (c.lastRun?.detail ?? {}) as RunDetail;
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600}>{c.account}</Text>
        <Text size="xs" c="gray.7">
          {c.apiUrl}
          {c.enabled ? '' : ' (paused)'}
        </Text>
        <Text size="xs" c="gray.7" data-testid="github-credential">
          {c.app
            ? `GitHub App ${c.app.appId}, installation ${c.app.installationId}`
            : 'personal access token'}
        </Text>
      </Table.Td>
      <Table.Td>{c.repositories ? c.repositories.join(', ') : 'every repository not archived'}</Table.Td>
      <Table.Td>
        {c.lastRun ? (
          <Stack gap={2}>
            <Group gap="xs">
              <Badge color={RUN_TONE[c.lastRun.status] ?? 'gray'}>{c.lastRun.status}</Badge>
              <Text size="xs">{c.lastRun.at}</Text>
            </Group>
            {detail.imports ? (
              <Text size="xs">
                {detail.imports.length} imports, {detail.stats?.requests ?? 0} requests,{' '}
                {detail.stats?.rateLimitWaits ?? 0} rate-limit waits
              </Text>
            ) : null}
            {(detail.problems ?? []).map((p) => (
              <Text key={p.unit} size="xs" c={TONE.danger}>
                {p.unit}: {p.status} {p.message}
              </Text>
            ))}
            {detail.error ? (
              <Text size="xs" c={TONE.danger}>
                {detail.error}
              </Text>
            ) : null}
          </Stack>
        ) : (
          <Text size="sm">not collected yet</Text>
        )}
      </Table.Td>
      {onRemove ? (
        <Table.Td>
          <Button size="xs" variant="default" onClick={() => onRemove(c.account)}>
            Disconnect
          </Button>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

/** The GitHub connections (leads see them and their last collection; admins add, change and remove them). */
export function GithubConnections({ org, canConfigure }: { org: string; canConfigure: boolean }) {
  const connections = useGithubConnections(org);
  const queryClient = useQueryClient();
  const [account, setAccount] = useState('');
  const [apiUrl, setApiUrl] = useState('');
  const [repositories, setRepositories] = useState('');
  const [token, setToken] = useState('');
  const [kind, setKind] = useState<'token' | 'app'>('token');
  const [appId, setAppId] = useState('');
  const [installationId, setInstallationId] = useState('');
  const [privateKey, setPrivateKey] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: [org, 'cadence', 'connectors'] });
  const save = useAction(async () => {
    await saveGithubConnection(
      org,
      account.trim(),
      connectionInput({ apiUrl, repositories, kind, token, appId, installationId, privateKey }),
    );
    setToken('');
    setPrivateKey('');
    await refresh();
  });
  const remove = useAction(async (name: string) => {
    await removeGithubConnection(org, name);
    await refresh();
  });
  if (connections.error) return <ErrorNote error={connections.error} />;
  const list = connections.data ?? [];
  return (
    <Paper withBorder p="sm" data-testid="github-connections">
      <Stack gap="xs">
        <Title order={3}>GitHub connections</Title>
        <Text size="sm" c="gray.7">
          The weekly run reads each organization's pull requests with their reviews and checks, deployments,
          deploy keys, Actions secrets, fine-grained tokens and app installations through GitHub's API, into
          the same records as the file imports.
        </Text>
        {list.length === 0 ? (
          <Text size="sm">No GitHub organization is connected.</Text>
        ) : (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Organization</Table.Th>
                <Table.Th>Repositories</Table.Th>
                <Table.Th>Last collection</Table.Th>
                {canConfigure ? <Table.Th /> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((c) => (
                <ConnectionRow
                  key={c.id}
                  c={c}
                  onRemove={canConfigure ? (name) => void remove.run(name) : null}
                />
              ))}
            </Table.Tbody>
          </Table>
        )}
        {remove.error ? <ErrorNote error={remove.error} /> : null}
        {canConfigure ? (
          <Stack gap="xs">
            <Group grow>
              <TextInput
                label="GitHub organization"
                value={account}
                onChange={(e) => setAccount(e.currentTarget.value)}
              />
              <TextInput
                label="API URL"
                description="empty: https://api.github.com"
                value={apiUrl}
                onChange={(e) => setApiUrl(e.currentTarget.value)}
              />
            </Group>
            <TextInput
              label="Repositories"
              description="names separated by commas; empty: every repository not archived"
              value={repositories}
              onChange={(e) => setRepositories(e.currentTarget.value)}
            />
            <SegmentedControl
              aria-label="Credential"
              value={kind}
              onChange={(v) => setKind(v === 'app' ? 'app' : 'token')}
              data={[
                { value: 'token', label: 'Personal access token' },
                { value: 'app', label: 'GitHub App' },
              ]}
            />
            {kind === 'token' ? (
              <TextInput
                label="Token"
                description="a read-only personal access token; stored encrypted and never shown again (empty keeps it)"
                type="password"
                autoComplete="off"
                value={token}
                onChange={(e) => setToken(e.currentTarget.value)}
              />
            ) : (
              <>
                <Group grow>
                  <TextInput label="App ID" value={appId} onChange={(e) => setAppId(e.currentTarget.value)} />
                  <TextInput
                    label="Installation ID"
                    value={installationId}
                    onChange={(e) => setInstallationId(e.currentTarget.value)}
                  />
                </Group>
                <Textarea
                  label="Private key (PEM)"
                  description="the App's private key; stored encrypted and never shown again (all three empty keep the stored credential)"
                  autoComplete="off"
                  autosize
                  minRows={3}
                  maxRows={6}
                  value={privateKey}
                  onChange={(e) => setPrivateKey(e.currentTarget.value)}
                />
              </>
            )}
            {save.error ? <ErrorNote error={save.error} /> : null}
            <Group>
              <Button loading={save.busy} disabled={!account.trim()} onClick={() => void save.run()}>
                Save connection
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}
