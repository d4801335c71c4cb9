import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useStartSession } from '../api/session';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';

/** E-mail and password sign-in; on success the session cookie is set and the dashboard opens. */
export function SignInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const startSession = useStartSession();
  const { busy, error, run } = useAction(() => startSession('/auth/sign-in', { email, password }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };

  return (
    <Center mih="100vh" component="main">
      <Paper withBorder p="xl" w={380} shadow="sm">
        <form onSubmit={submit}>
          <Stack>
            <Title order={1} size="h3">
              Sign in to auditready
            </Title>
            {error ? <ErrorNote title="Could not sign in" error={error} /> : null}
            <TextInput
              label="E-mail"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
            <Text size="xs" c="gray.7">
              First run? Open the one-time setup link that <code>auditready serve</code> printed. Invited to
              an organization? Open the invitation link you were sent.
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
