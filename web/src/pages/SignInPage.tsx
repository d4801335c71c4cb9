import {
  Alert,
  Anchor,
  Button,
  Center,
  Divider,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useStartSession } from '../api/session';
import { ErrorNote } from '../components/ErrorNote';
import { READABLE_INPUT, TONE } from '../components/tones';
import { useAction } from '../components/useAction';

/** What the single sign-on flow left in the address: a refusal, or a pending link. */
function ssoParams() {
  const params = new URLSearchParams(window.location.search);
  return {
    error: params.get('sso_error') ? (params.get('message') ?? 'single sign-on failed') : null,
    link: params.get('sso_link'),
    linkEmail: params.get('email'),
  };
}

/**
 * E-mail and password sign-in, and "Sign in with SSO": the person types their organization's short
 * name (its slug) and is sent to that organization's identity provider. After SSO found an existing
 * account with a password, the page asks for that password once to link the two.
 */
export function SignInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [orgSlug, setOrgSlug] = useState('');
  const [linkPassword, setLinkPassword] = useState('');
  const [sso] = useState(ssoParams);
  const [providerLogout] = useState(() => {
    const url = sessionStorage.getItem('auditready.providerLogout');
    sessionStorage.removeItem('auditready.providerLogout');
    return url;
  });
  const startSession = useStartSession();
  const { busy, error, run } = useAction(() => startSession('/auth/sign-in', { email, password }));
  const link = useAction(() => startSession('/auth/sso/link', { password: linkPassword }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  const startSso = (event: FormEvent) => {
    event.preventDefault();
    window.location.assign(`/api/v1/auth/sso/${encodeURIComponent(orgSlug.trim().toLowerCase())}/start`);
  };
  const submitLink = (event: FormEvent) => {
    event.preventDefault();
    void link.run();
  };

  return (
    <Center mih="100vh" component="main">
      <Paper withBorder p="xl" w={400} shadow="sm">
        <Stack>
          <Title order={1} size="h3">
            Sign in to auditready
          </Title>
          {providerLogout ? (
            <Alert color={TONE.neutral} title="Signed out of auditready">
              <Anchor href={providerLogout} underline="always">
                Also sign out of your identity provider
              </Anchor>
            </Alert>
          ) : null}
          {sso.error ? (
            <Alert color={TONE.danger} title="Single sign-on refused" role="alert">
              {sso.error}
            </Alert>
          ) : null}
          {sso.link ? (
            <form onSubmit={submitLink} aria-label="Link single sign-on">
              <Stack>
                <Text size="sm">
                  An auditready account with <strong>{sso.linkEmail}</strong> already exists. Enter its
                  password once to link it to your single sign-on; from then on, single sign-on signs you in.
                </Text>
                {link.error ? <ErrorNote title="Could not link" error={link.error} /> : null}
                <PasswordInput
                  label="Password of the existing account"
                  autoComplete="current-password"
                  required
                  value={linkPassword}
                  onChange={(e) => setLinkPassword(e.currentTarget.value)}
                />
                <Button type="submit" loading={link.busy}>
                  Link the accounts
                </Button>
              </Stack>
            </form>
          ) : null}
          <form onSubmit={submit} aria-label="Sign in with password">
            <Stack>
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
            </Stack>
          </form>
          <Divider />
          <Title order={2} size="h5">
            Sign in with SSO
          </Title>
          <form onSubmit={startSso} aria-label="Sign in with SSO">
            <Stack>
              <TextInput
                label="Organization"
                styles={READABLE_INPUT}
                description="Its short name, as in the address of its pages (/o/name)"
                required
                value={orgSlug}
                onChange={(e) => setOrgSlug(e.currentTarget.value)}
              />
              <Button type="submit" variant="default">
                Continue with single sign-on (SSO)
              </Button>
            </Stack>
          </form>
          <Text size="xs" c="gray.7">
            First run? Open the one-time setup link that <code>auditready serve</code> printed. Invited to an
            organization? Open the invitation link you were sent.
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
