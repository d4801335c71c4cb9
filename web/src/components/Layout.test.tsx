import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  RouterProvider,
} from '@tanstack/react-router';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Layout } from './Layout';

function fakeSession(role: string, engagementId: string | null) {
  vi.stubGlobal('fetch', async (url: string) => {
    const body = url.startsWith('/api/v1/auth/session')
      ? {
          user: { id: 'u', email: 'ada@firm.example', name: 'Ada' },
          memberships: [
            {
              orgId: 'o',
              slug: 'acme',
              name: 'Acme',
              role,
              personId: null,
              engagementId,
              can: {
                member: { read: false },
                change: { read: false },
                ticket: { read: false },
                cadence: { read: false },
              },
            },
          ],
          csrfToken: 't',
        }
      : { items: [] };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  });
}

function renderAt(path: string) {
  const root = createRootRoute();
  const org = createRoute({ getParentRoute: () => root, path: '/o/$org', component: Layout });
  const controls = createRoute({
    getParentRoute: () => org,
    path: '/controls',
    component: () => <p>controls page</p>,
  });
  const audit = createRoute({
    getParentRoute: () => org,
    path: '/audit',
    component: () => <p>audit home</p>,
  });
  const router = createRouter({
    routeTree: root.addChildren([org.addChildren([controls, audit])]),
    history: createMemoryHistory({ initialEntries: [path] }),
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <MantineProvider>
      <QueryClientProvider client={client}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return router;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Layout', () => {
  it('sends an auditor to the auditor home and shows no member navigation', async () => {
    fakeSession('auditor', 'e-a');
    const router = renderAt('/o/acme/controls');
    expect(await screen.findByText('audit home')).toBeTruthy();
    await waitFor(() => expect(router.state.location.pathname).toBe('/o/acme/audit'));
    expect(screen.queryByText('controls page')).toBeNull();
    expect(screen.getByRole('link', { name: 'Audit' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Controls' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'People' })).toBeNull();
  });

  it('keeps a member where they are, with the member navigation', async () => {
    fakeSession('viewer', null);
    renderAt('/o/acme/controls');
    expect(await screen.findByText('controls page')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Controls' })).toBeTruthy();
  });
});
