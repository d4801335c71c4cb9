import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { secretOfLink } from '../components/MyInvitations';
import { InvitePage, tokenFromHash } from './InvitePage';

const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz0123456789';
const PREVIEW = {
  id: 'i1',
  organizationName: 'Acme Cloud',
  email: 'lin@acme.example',
  name: 'Lin Wu',
  role: 'viewer',
  expiresAt: '2999-01-01T00:00:00.000Z',
};
const SIGNED_OUT = { user: null, memberships: [], csrfToken: null, expiresAt: null };

/** A fake API answering by method and path; records each call with its body. */
function fakeApi(routes: Record<string, (body: unknown) => [number, unknown]>) {
  const calls: { key: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: { method?: string; body?: string } = {}) => {
    const key = `${init.method ?? 'GET'} ${url}`;
    const body = init.body ? JSON.parse(init.body) : undefined;
    calls.push({ key, body });
    const [status, answer] = routes[key]?.(body) ?? [404, { error: { code: 'not_found', message: 'nope' } }];
    return new Response(JSON.stringify(answer), { status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}

function renderPage() {
  window.location.hash = `#token=${TOKEN}`;
  const root = createRootRoute({ component: InvitePage });
  const router = createRouter({ routeTree: root, history: createMemoryHistory({ initialEntries: ['/'] }) });
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('invitation link page', () => {
  it('reads the secret from the fragment, and from a pasted link', () => {
    expect(tokenFromHash(`#token=${TOKEN}`)).toBe(TOKEN);
    expect(secretOfLink(`https://x.example/invite#token=${TOKEN}`)).toBe(TOKEN);
    expect(secretOfLink(` ${TOKEN} `)).toBe(TOKEN);
  });

  it('signed out: shows the refusal of a guessable password in words', async () => {
    const calls = fakeApi({
      'GET /api/v1/auth/session': () => [200, SIGNED_OUT],
      'POST /api/v1/auth/invitations/inspect': () => [200, PREVIEW],
      'POST /api/v1/auth/invitations/register': () => [
        400,
        {
          error: {
            code: 'invalid_input',
            message: 'this password is too easy to guess: this is a top-10 common password.',
          },
        },
      ],
    });
    renderPage();
    await screen.findByText(/invites/);
    expect(screen.getByText('lin@acme.example', { selector: 'b' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Choose a password/), { target: { value: 'password1234' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create account and join' }));
    await screen.findByText(/too easy to guess/);
    expect(calls.find((c) => c.key === 'POST /api/v1/auth/invitations/register')?.body).toEqual({
      token: TOKEN,
      name: 'Lin Wu',
      password: 'password1234',
    });
  });

  it('signed out with an account: signs in with the invited address, then accepts with the secret', async () => {
    const joined = {
      user: { id: 'u1', email: 'lin@acme.example', name: 'Lin' },
      memberships: [{ orgId: 'o1', slug: 'acme', name: 'Acme Cloud', role: 'viewer', personId: null }],
      csrfToken: 'csrf',
      expiresAt: '2999-01-01T00:00:00.000Z',
    };
    const calls = fakeApi({
      'GET /api/v1/auth/session': () => [200, SIGNED_OUT],
      'POST /api/v1/auth/invitations/inspect': () => [200, PREVIEW],
      'POST /api/v1/auth/sign-in': () => [200, { ...joined, memberships: [] }],
      'POST /api/v1/auth/invitations/accept': () => [200, joined],
    });
    renderPage();
    fireEvent.change(await screen.findByLabelText(/^Your password/), {
      target: { value: 'my own password' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in and accept' }));
    await waitFor(() => expect(calls.map((c) => c.key)).toContain('POST /api/v1/auth/invitations/accept'));
    expect(calls.find((c) => c.key === 'POST /api/v1/auth/sign-in')?.body).toEqual({
      email: 'lin@acme.example',
      password: 'my own password',
    });
    expect(calls.find((c) => c.key === 'POST /api/v1/auth/invitations/accept')?.body).toEqual({
      token: TOKEN,
    });
  });

  it('signed in as another address: says so instead of offering to accept', async () => {
    fakeApi({
      'GET /api/v1/auth/session': () => [
        200,
        {
          user: { id: 'u2', email: 'other@acme.example', name: 'Other' },
          memberships: [],
          csrfToken: 'c',
          expiresAt: null,
        },
      ],
      'POST /api/v1/auth/invitations/inspect': () => [200, PREVIEW],
    });
    renderPage();
    await screen.findByText(/this invitation is for lin@acme.example/);
    expect(screen.queryByRole('button', { name: /Accept/ })).toBeNull();
  });
});
