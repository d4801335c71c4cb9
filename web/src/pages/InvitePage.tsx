import {
  Button,
  Center,
  Group,
  Loader,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api, setCsrfToken } from '../api/client';
import { useSession } from '../api/session';
import type { Role, SessionView } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';
import { roleLabel } from '../settings/members';

/** What an invitation link offers (`POST /auth/invitations/inspect`). */
interface Preview {
  id: string;
  organizationName: string;
  email: string;
  name: string;
  role: Role;
  expiresAt: string;
}

/** Reads the one-time secret from `#token=…` (a fragment never reaches server logs). */
export function tokenFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}

/**
 * The invitation link (`/invite#token=…`). Signed in as the invited
 * address: accept or decline. Signed out: someone new chooses a name and
 * password (only possible while the address has no account); someone with
 * an account signs in with their own password and accepts. The link alone
 * never opens an existing account.
 */
export function InvitePage() {
  const [token] = useState(() => tokenFromHash(window.location.hash));
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const preview = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api<Preview>('/auth/invitations/inspect', { method: 'POST', body: { token } }),
    enabled: token !== '',
    retry: false,
  });
  const [form, setForm] = useState({ name: '', password: '', signInPassword: '' });
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [key]: e.currentTarget.value }),
  });

  const enter = async (view: SessionView, slug?: string) => {
    setCsrfToken(view.csrfToken);
    queryClient.setQueryData(['session'], view);
    await navigate(slug ? { to: '/o/$org', params: { org: slug } } : { to: '/' });
  };
  const joinedSlug = (view: SessionView) =>
    view.memberships.find((m) => m.name === preview.data?.organizationName)?.slug;

  const register = useAction(async () => {
    const view = await api<SessionView>('/auth/invitations/register', {
      method: 'POST',
      body: { token, name: form.name.trim() || preview.data?.name, password: form.password },
    });
    await enter(view, joinedSlug(view));
  });
  const signInAndAccept = useAction(async () => {
    const signedIn = await api<SessionView>('/auth/sign-in', {
      method: 'POST',
      body: { email: preview.data?.email, password: form.signInPassword },
    });
    setCsrfToken(signedIn.csrfToken);
    queryClient.setQueryData(['session'], signedIn);
    const view = await api<SessionView>('/auth/invitations/accept', { method: 'POST', body: { token } });
    await enter({ ...view, csrfToken: signedIn.csrfToken, expiresAt: signedIn.expiresAt }, joinedSlug(view));
  });
  const accept = useAction(async () => {
    const view = await api<SessionView>('/auth/invitations/accept', { method: 'POST', body: { token } });
    await enter({ ...view, csrfToken: session.data?.csrfToken ?? null }, joinedSlug(view));
  });
  const decline = useAction(async () => {
    await api(`/auth/invitations/${encodeURIComponent(preview.data!.id)}/decline`, { method: 'POST' });
    await navigate({ to: '/' });
  });
  const submit = (action: () => Promise<void>) => (event: FormEvent) => {
    event.preventDefault();
    void action();
  };

  const user = session.data?.user ?? null;
  const p = preview.data;
  return (
    <Center mih="100vh" component="main">
      <Paper withBorder p="xl" w={460} shadow="sm">
        <Stack>
          <Title order={1} size="h3">
            {p ? `Join ${p.organizationName}` : 'Invitation'}
          </Title>
          {!token ? (
            <ErrorNote
              title="No invitation secret"
              error={new Error('Open the full invitation link you were sent (it ends in #token=…).')}
            />
          ) : null}
          {preview.isPending && token ? <Loader size="sm" aria-label="Loading the invitation" /> : null}
          {preview.error ? <ErrorNote title="This invitation cannot be used" error={preview.error} /> : null}
          {p ? (
            <Text size="sm">
              {p.organizationName} invites <b>{p.email}</b> as {roleLabel(p.role).toLowerCase()}. The link
              works once, until {p.expiresAt.slice(0, 16).replace('T', ' ')} UTC.
            </Text>
          ) : null}
          {p && user && user.email === p.email ? (
            <>
              {accept.error ? <ErrorNote title="Could not accept" error={accept.error} /> : null}
              {decline.error ? <ErrorNote title="Could not decline" error={decline.error} /> : null}
              <Group>
                <Button loading={accept.busy} onClick={() => void accept.run()}>
                  Accept and open {p.organizationName}
                </Button>
                <Button variant="default" loading={decline.busy} onClick={() => void decline.run()}>
                  Decline
                </Button>
              </Group>
            </>
          ) : null}
          {p && user && user.email !== p.email ? (
            <ErrorNote
              title="Signed in as someone else"
              error={
                new Error(
                  `You are signed in as ${user.email}; this invitation is for ${p.email}. Sign out, then open the link again.`,
                )
              }
            />
          ) : null}
          {p && !user && !session.isPending ? (
            <>
              <form onSubmit={submit(register.run)} aria-label="New to auditready">
                <Stack gap="xs">
                  <Title order={2} size="h5">
                    New to auditready
                  </Title>
                  {register.error ? (
                    <ErrorNote title="Could not create the account" error={register.error} />
                  ) : null}
                  <TextInput label="Your name" autoComplete="name" placeholder={p.name} {...field('name')} />
                  <PasswordInput
                    label="Choose a password"
                    autoComplete="new-password"
                    required
                    minLength={12}
                    {...field('password')}
                  />
                  <Text size="xs" c="gray.7">
                    At least 12 characters, and not a common or easily guessed one: a few unrelated words work
                    well.
                  </Text>
                  <Button type="submit" loading={register.busy}>
                    Create account and join
                  </Button>
                </Stack>
              </form>
              <Text ta="center" size="sm" c="gray.7">
                or
              </Text>
              <form onSubmit={submit(signInAndAccept.run)} aria-label="Already have an account">
                <Stack gap="xs">
                  <Title order={2} size="h5">
                    Already have an account for {p.email}
                  </Title>
                  {signInAndAccept.error ? (
                    <ErrorNote title="Could not sign in and accept" error={signInAndAccept.error} />
                  ) : null}
                  <PasswordInput
                    label="Your password"
                    autoComplete="current-password"
                    required
                    {...field('signInPassword')}
                  />
                  <Button type="submit" variant="default" loading={signInAndAccept.busy}>
                    Sign in and accept
                  </Button>
                </Stack>
              </form>
            </>
          ) : null}
        </Stack>
      </Paper>
    </Center>
  );
}
