import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api, setCsrfToken } from '../api/client';
import type { SessionView } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';

/** E-mail and password sign-in; on success the session cookie is set and the dashboard opens. */
export function SignInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api<SessionView>('/auth/sign-in', { method: 'POST', body: { email, password } });
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(['session'], session);
      await navigate({ to: '/' });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
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
              First run? Open the one-time setup link that <code>auditready serve</code> printed.
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
