import { Alert, Button, Code, Group, NumberInput, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api, orgPath } from '../api/client';
import type { ApiToken } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';

const ROLES = ['viewer', 'contributor', 'compliance-lead', 'admin', 'auditor'];

/** Creates an API token; the secret is shown once, right here, and never again. */
export function CreateToken({ org, onCreated }: { org: string; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState('viewer');
  const [days, setDays] = useState<number>(90);
  const [secret, setSecret] = useState<string | null>(null);
  const {
    busy,
    error,
    run: create,
  } = useAction(async () => {
    const created = await api<{ token: ApiToken; secret: string }>(orgPath(org, '/api-tokens'), {
      method: 'POST',
      body: { name, role, expiresInDays: days },
    });
    setSecret(created.secret);
    setName('');
    onCreated();
  });
  return (
    <>
      <Group align="end" gap="sm">
        <TextInput label="Token name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select
          label="Role"
          data={ROLES}
          value={role}
          allowDeselect={false}
          onChange={(v) => v && setRole(v)}
        />
        <NumberInput
          label="Expires in (days)"
          min={1}
          max={365}
          value={days}
          onChange={(v) => setDays(Number(v) || 1)}
          w={140}
        />
        <Button onClick={create} loading={busy} disabled={!name.trim()}>
          Create token
        </Button>
      </Group>
      {error ? <ErrorNote title="Could not create the token" error={error} /> : null}
      {secret ? (
        <Alert
          color="dark"
          title="Copy this token now: it will not be shown again"
          withCloseButton
          closeButtonLabel="Dismiss the token"
          onClose={() => setSecret(null)}
        >
          <Code block data-testid="token-secret">
            {secret}
          </Code>
        </Alert>
      ) : null}
    </>
  );
}
