import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useStartSession } from '../api/session';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';

/** Reads the one-time token from `#token=…` (a fragment never reaches server logs). */
function tokenFromHash(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

/**
 * First-run setup and invitations (`/setup#token=…`): choose a password (and,
 * for the first admin, e-mail, name and organization); signs in on success.
 */
export function SetupPage() {
  const [token] = useState(tokenFromHash);
  const [form, setForm] = useState({ email: '', name: '', organizationName: '', password: '' });
  const startSession = useStartSession();
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [key]: e.currentTarget.value }),
  });

  const { busy, error, run } = useAction(() => {
    const body: Record<string, string> = { token, password: form.password };
    for (const key of ['email', 'name', 'organizationName'] as const) if (form[key]) body[key] = form[key];
    return startSession('/auth/setup', body);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  return (
    <Center mih="100vh" component="main">
      <Paper withBorder p="xl" w={440} shadow="sm">
        <form onSubmit={submit}>
          <Stack>
            <Title order={1} size="h3">
              Set up your account
            </Title>
            {!token ? (
              <ErrorNote
                title="No setup token"
                error={new Error('Open the full link printed by `auditready serve` (it ends in #token=…).')}
              />
            ) : null}
            {error ? <ErrorNote title="Setup failed" error={error} /> : null}
            <Text size="sm" c="gray.7">
              First admin: fill in every field. An admin created with{' '}
              <code>auditready users create-admin</code>: choose a password only. Invited by an organization?
              Open your invitation link instead.
            </Text>
            <TextInput label="E-mail" type="email" autoComplete="username" {...field('email')} />
            <TextInput label="Your name" autoComplete="name" {...field('name')} />
            <TextInput label="Organization name" {...field('organizationName')} />
            <PasswordInput
              label="Password (at least 12 characters)"
              autoComplete="new-password"
              required
              minLength={12}
              {...field('password')}
            />
            <Text size="xs" c="gray.7">
              Not a common or easily guessed password: a few unrelated words work well.
            </Text>
            <Button type="submit" loading={busy} disabled={!token}>
              Create account and sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
