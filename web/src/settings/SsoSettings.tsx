import {
  Alert,
  Button,
  Checkbox,
  Group,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { api, orgPath } from '../api/client';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { READABLE_INPUT, TONE } from '../components/tones';
import { useAction } from '../components/useAction';

type SsoRole = 'admin' | 'compliance-lead' | 'contributor' | 'viewer';
const ROLE_OPTIONS: SsoRole[] = ['viewer', 'contributor', 'compliance-lead', 'admin'];

interface SsoConfigView {
  issuer: string;
  clientId: string;
  hasSecret: boolean;
  scopes: string;
  groupClaim: string | null;
  roleMapping: { group: string; role: SsoRole }[];
  defaultRole: SsoRole;
  required: boolean;
  enabled: boolean;
  updatedAt: string;
}
interface SsoSettings {
  config: SsoConfigView | null;
  redirectUri: string;
  postLogoutRedirectUri: string;
  startUrl: string;
}
interface SsoTestResult {
  ok: boolean;
  issuer: string;
  authorizationEndpoint: string | null;
  tokenEndpoint: string | null;
  jwksUri: string | null;
  endSessionEndpoint: string | null;
  codeChallengeS256: boolean;
  error: string | null;
}

/**
 * Single sign-on settings (admins): issuer, client id, the write-only client secret, scopes, the group
 * claim and its mapping to roles, the default role, "required", and a test that runs discovery.
 */
export function SsoSettings({ org }: { org: string }) {
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: [org, 'sso'],
    queryFn: () => api<SsoSettings>(orgPath(org, '/sso')),
  });
  const [issuer, setIssuer] = useState('');
  const [clientId, setClientId] = useState('');
  const [secret, setSecret] = useState('');
  const [scopes, setScopes] = useState('openid email profile');
  const [groupClaim, setGroupClaim] = useState('');
  const [mapping, setMapping] = useState<{ group: string; role: SsoRole }[]>([]);
  const [defaultRole, setDefaultRole] = useState<SsoRole>('viewer');
  const [required, setRequired] = useState(false);
  const [enabled, setEnabled] = useState(true);
  const [saved, setSaved] = useState(false);
  const [test, setTest] = useState<SsoTestResult | null>(null);
  const config = settings.data?.config ?? null;

  useEffect(() => {
    if (!config) return;
    setIssuer(config.issuer);
    setClientId(config.clientId);
    setScopes(config.scopes);
    setGroupClaim(config.groupClaim ?? '');
    setMapping(config.roleMapping);
    setDefaultRole(config.defaultRole);
    setRequired(config.required);
    setEnabled(config.enabled);
  }, [config]);

  const save = useAction(async () => {
    setSaved(false);
    await api(orgPath(org, '/sso'), {
      method: 'PUT',
      body: {
        issuer,
        clientId,
        ...(secret ? { clientSecret: secret } : {}),
        scopes,
        groupClaim: groupClaim.trim() || null,
        roleMapping: mapping.filter((m) => m.group.trim()),
        defaultRole,
        required,
        enabled,
      },
    });
    setSecret('');
    setSaved(true);
    await queryClient.invalidateQueries({ queryKey: [org, 'sso'] });
  });
  const runTest = useAction(async () => {
    setTest(null);
    setTest(await api<SsoTestResult>(orgPath(org, '/sso/test'), { method: 'POST' }));
  });

  if (settings.isPending) return <Loading what="single sign-on settings" />;
  if (settings.error) return <ErrorNote error={settings.error} />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };
  return (
    <form onSubmit={submit} aria-label="Single sign-on settings">
      <Stack gap="sm">
        <Text size="sm" c="gray.7">
          Register auditready at your identity provider as a web application with the redirect URI{' '}
          <code>{settings.data.redirectUri}</code> and the post-logout redirect URI{' '}
          <code>{settings.data.postLogoutRedirectUri}</code>. People then sign in from the sign-in page with
          the organization name <code>{org}</code>, or at <code>{settings.data.startUrl}</code>.
        </Text>
        <TextInput
          label="Issuer URL"
          required
          value={issuer}
          onChange={(e) => setIssuer(e.currentTarget.value)}
        />
        <TextInput
          label="Client id"
          required
          value={clientId}
          onChange={(e) => setClientId(e.currentTarget.value)}
        />
        <PasswordInput
          label="Client secret"
          styles={READABLE_INPUT}
          description={
            config?.hasSecret
              ? 'A secret is saved (never shown). Type a new one to replace it.'
              : 'None saved yet.'
          }
          autoComplete="off"
          value={secret}
          onChange={(e) => setSecret(e.currentTarget.value)}
        />
        <TextInput label="Scopes" value={scopes} onChange={(e) => setScopes(e.currentTarget.value)} />
        <TextInput
          label="Group claim"
          styles={READABLE_INPUT}
          description="The claim that lists a person's groups (e.g. groups); empty: everyone gets the default role"
          value={groupClaim}
          onChange={(e) => setGroupClaim(e.currentTarget.value)}
        />
        <Table aria-label="Group to role mapping">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Group</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {mapping.map((row, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no identity of their own
              <Table.Tr key={i}>
                <Table.Td>
                  <TextInput
                    aria-label={`Group ${i + 1}`}
                    value={row.group}
                    onChange={(e) => {
                      const group = e.currentTarget.value;
                      setMapping((m) => m.map((r, j) => (j === i ? { ...r, group } : r)));
                    }}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`Role of group ${i + 1}`}
                    data={ROLE_OPTIONS}
                    value={row.role}
                    allowDeselect={false}
                    onChange={(v) =>
                      setMapping((m) => m.map((r, j) => (j === i ? { ...r, role: v as SsoRole } : r)))
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <Button
                    variant="default"
                    size="xs"
                    onClick={() => setMapping((m) => m.filter((_, j) => j !== i))}
                  >
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group>
          <Button
            variant="default"
            size="xs"
            onClick={() => setMapping((m) => [...m, { group: '', role: 'viewer' }])}
          >
            Add a mapping
          </Button>
        </Group>
        <Select
          label="Default role"
          styles={READABLE_INPUT}
          description="For a person none of whose groups is mapped"
          data={ROLE_OPTIONS}
          value={defaultRole}
          allowDeselect={false}
          onChange={(v) => setDefaultRole(v as SsoRole)}
        />
        <Checkbox
          label="Require single sign-on (passwords refused for members; installation admins keep theirs for recovery)"
          checked={required}
          onChange={(e) => setRequired(e.currentTarget.checked)}
        />
        <Checkbox label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        {save.error ? <ErrorNote title="Could not save" error={save.error} /> : null}
        {saved ? <Text size="sm">Saved.</Text> : null}
        <Group>
          <Button type="submit" loading={save.busy}>
            Save single sign-on
          </Button>
          <Button
            variant="default"
            onClick={() => void runTest.run()}
            loading={runTest.busy}
            disabled={!config}
          >
            Test discovery
          </Button>
        </Group>
        {runTest.error ? <ErrorNote title="Could not test" error={runTest.error} /> : null}
        {test ? (
          <Alert
            color={test.ok ? TONE.ok : TONE.danger}
            title={test.ok ? 'Discovery works' : 'Discovery failed'}
          >
            <Text size="sm">{test.error ?? `Issuer ${test.issuer}`}</Text>
            <Text size="sm">Authorization: {test.authorizationEndpoint ?? '-'}</Text>
            <Text size="sm">Token: {test.tokenEndpoint ?? '-'}</Text>
            <Text size="sm">Keys: {test.jwksUri ?? '-'}</Text>
            <Text size="sm">
              Logout at the provider: {test.endSessionEndpoint ? 'offered' : 'not offered'}
            </Text>
            <Text size="sm">PKCE S256: {test.codeChallengeS256 ? 'yes' : 'no'}</Text>
          </Alert>
        ) : null}
      </Stack>
    </form>
  );
}
