import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Members } from './Members';

const member = (id: string, userId: string, name: string, role: string) => ({
  id,
  userId,
  role,
  personId: null,
  status: 'active',
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  email: `${name.split(' ')[0]!.toLowerCase()}@acme.example`,
  name,
});

/** A fake API: answers by method and path, and records every call. */
function fakeApi(routes: Record<string, (body: unknown) => [number, unknown]>) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init: { method?: string; body?: string } = {}) => {
    const key = `${init.method ?? 'GET'} ${url.replace(/\?.*$/, '')}`;
    calls.push(key);
    const route = routes[key];
    const [status, body] = route ? route(init.body ? JSON.parse(init.body) : undefined) : [404, {}];
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}

const BASE = '/api/v1/orgs/acme';
const common = {
  'GET /api/v1/auth/session': () =>
    [
      200,
      {
        user: { id: 'u-maya', email: 'maya@acme.example', name: 'Maya Chen' },
        memberships: [],
        csrfToken: 't',
      },
    ] as [number, unknown],
  [`GET ${BASE}/members`]: () =>
    [
      200,
      {
        items: [member('m1', 'u-maya', 'Maya Chen', 'admin'), member('m2', 'u-ada', 'Ada Byron', 'viewer')],
        nextCursor: null,
      },
    ] as [number, unknown],
  [`GET ${BASE}/people`]: () => [200, { items: [], nextCursor: null }] as [number, unknown],
  [`GET ${BASE}/invitations`]: () => [200, { items: [], nextCursor: null }] as [number, unknown],
};

function renderMembers() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={client}>
        <Members org="acme" orgName="Acme Cloud" />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Members', () => {
  it('asks before disabling, then shows the API refusal in words', async () => {
    const calls = fakeApi({
      ...common,
      [`POST ${BASE}/members/m1/disable`]: () => [
        409,
        { error: { code: 'conflict', message: 'an organization keeps at least one active admin' } },
      ],
    });
    renderMembers();
    fireEvent.click(await screen.findByRole('button', { name: 'Disable Maya Chen' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('You lose access to Acme Cloud');
    expect(calls).not.toContain(`POST ${BASE}/members/m1/disable`);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disable Maya Chen' }));
    const alert = await screen.findByText('an organization keeps at least one active admin');
    expect(alert.closest('[role=alert]')?.textContent).toContain('Could not disable Maya Chen');
    expect(calls).toContain(`POST ${BASE}/members/m1/disable`);
  });

  it('shows the invitation link once, and lists the pending invitation with a revoke button', async () => {
    let sent: unknown;
    let pending: unknown[] = [];
    const invitation = {
      id: 'i1',
      email: 'lin@acme.example',
      name: 'Lin Wu',
      role: 'viewer',
      personId: null,
      status: 'pending',
      invitedBy: 'maya@acme.example',
      createdAt: '2026-11-01T00:00:00Z',
      expiresAt: '2999-11-04T00:00:00Z',
    };
    const calls = fakeApi({
      ...common,
      [`GET ${BASE}/invitations`]: () => [200, { items: pending, nextCursor: null }],
      [`POST ${BASE}/members`]: (body) => {
        sent = body;
        pending = [invitation];
        return [201, { invitation, inviteToken: 'tok_abcdefghijklmnopqrstuvwxyz' }];
      },
      [`POST ${BASE}/invitations/i1/revoke`]: () => {
        pending = [];
        return [200, { ...invitation, status: 'revoked' }];
      },
    });
    renderMembers();
    fireEvent.change(await screen.findByRole('textbox', { name: /^Member name/ }), {
      target: { value: 'Lin Wu' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: /^Member e-mail/ }), {
      target: { value: 'lin@acme.example' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Invite member' }));
    const link = await screen.findByTestId('member-invite-link');
    expect(link.textContent).toMatch(/\/invite#token=tok_abcdefghijklmnopqrstuvwxyz$/);
    expect(sent).toEqual({ name: 'Lin Wu', email: 'lin@acme.example', role: 'viewer' });
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByTestId('member-invite-link')).toBeNull());
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke invitation of lin@acme.example' }));
    await waitFor(() => expect(screen.queryByTestId('invitations')).toBeNull());
    expect(calls).toContain(`POST ${BASE}/invitations/i1/revoke`);
  });
});
