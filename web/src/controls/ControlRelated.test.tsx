import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { cleanup, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ControlExceptions, ControlFindings, exceptionState, expiryText } from './ControlRelated';
import type { ControlException } from './queries';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** A fake API answering GET paths (query string included) and recording them. */
function fakeApi(routes: Record<string, [number, unknown]>) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    calls.push(url);
    const [status, body] = routes[url.replace(/[?&]limit=500$/, '')] ?? [
      404,
      { error: { message: 'no route' } },
    ];
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}

async function renderPage(node: ReactNode) {
  const root = createRootRoute({ component: () => node });
  const router = createRouter({ routeTree: root, history: createMemoryHistory({ initialEntries: ['/'] }) });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <MantineProvider>
      <QueryClientProvider client={client}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

const exception = (over: Partial<ControlException>): ControlException => ({
  id: 'x1',
  controlCode: 'BC-04',
  summary: 'DR test late',
  reason: 'region move',
  compensatingControl: 'restore tests',
  riskRating: 'medium',
  approverEmail: 'cto@x.example',
  approvedOn: '2026-11-09',
  expiresOn: '2027-02-07',
  closedOn: null,
  ...over,
});

describe('findings and exceptions of a control', () => {
  it('asks the API for the findings of this control only and shows them with owner and due date', async () => {
    const calls = fakeApi({
      '/api/v1/orgs/acme/findings?control=DP-03': [
        200,
        {
          items: [
            {
              id: 'f1',
              title: 'Snapshot shared with a personal account',
              severity: 'high',
              source: 'manual',
              ownerEmail: 'sre@x.example',
              dueOn: '2026-11-20',
              openedOn: '2026-11-01',
              resolvedOn: null,
              controls: [
                { id: 'c1', code: 'DP-03' },
                { id: 'c2', code: 'DP-04' },
              ],
            },
            {
              id: 'f2',
              title: 'Old key',
              severity: 'low',
              source: 'rule:nhi-rotation',
              ownerEmail: null,
              dueOn: null,
              openedOn: '2026-10-01',
              resolvedOn: '2026-10-05',
              controls: [{ id: 'c1', code: 'DP-03' }],
            },
          ],
          nextCursor: null,
        },
      ],
    });
    await renderPage(<ControlFindings org="acme" code="DP-03" today="2026-11-29" />);
    const open = await screen.findByText('Snapshot shared with a personal account');
    expect(calls).toEqual(['/api/v1/orgs/acme/findings?control=DP-03&limit=500']);
    const row = open.closest('tr')!;
    expect(row.textContent).toContain('high');
    expect(row.textContent).toContain('sre@x.example');
    expect(row.textContent).toContain('2026-11-20 · overdue');
    expect(row.textContent).toContain('also on DP-04');
    const resolved = screen.getByText('Old key').closest('tr')!;
    expect(resolved.textContent).toContain('Resolved 2026-10-05');
    expect(resolved.textContent).toContain('Unowned');
    expect(screen.getByRole('heading').textContent).toBe('Findings (2, 1 open)');
    expect(screen.getByRole('link', { name: 'All findings' }).getAttribute('href')).toBe('/o/acme/findings');
  });

  it('says what to expect when there is none, and shows an API error in words', async () => {
    fakeApi({
      '/api/v1/orgs/acme/findings?control=AC-01': [200, { items: [], nextCursor: null }],
      '/api/v1/orgs/acme/exceptions?control=AC-01': [
        403,
        { error: { code: 'forbidden', message: 'not allowed here' } },
      ],
    });
    await renderPage(
      <>
        <ControlFindings org="acme" code="AC-01" today="2026-11-29" />
        <ControlExceptions org="acme" code="AC-01" today="2026-11-29" />
      </>,
    );
    expect(await screen.findByText(/No finding on AC-01/)).toBeTruthy();
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('not allowed here')).toBeTruthy();
    expect(alert.textContent).toContain('Could not load the exceptions');
  });

  it('lists exceptions with their state, approval and expiry countdown', async () => {
    fakeApi({
      '/api/v1/orgs/acme/exceptions?control=BC-04': [
        200,
        {
          items: [
            exception({}),
            exception({
              id: 'x2',
              summary: 'Expired one',
              approvedOn: '2026-08-01',
              expiresOn: '2026-11-19',
            }),
            exception({ id: 'x3', summary: 'Asked for', approvedOn: null, approverEmail: null }),
          ],
          nextCursor: null,
        },
      ],
    });
    await renderPage(<ControlExceptions org="acme" code="BC-04" today="2026-11-29" />);
    const active = (await screen.findByText('DR test late')).closest('tr')!;
    expect(active.getAttribute('data-state')).toBe('active');
    expect(active.textContent).toContain('cto@x.example on 2026-11-09');
    expect(active.textContent).toContain('expires in 70 days');
    expect(active.textContent).toContain('Compensating: restore tests');
    const expired = screen.getByText('Expired one').closest('tr')!;
    expect(expired.getAttribute('data-state')).toBe('expired');
    expect(expired.textContent).toContain('expired 10 days ago');
    expect(screen.getByText('Asked for').closest('tr')!.textContent).toContain('Not approved yet');
  });

  it('computes state and expiry words', () => {
    expect(exceptionState(exception({ closedOn: '2026-11-01' }), '2026-11-29')).toBe('closed');
    expect(exceptionState(exception({ approvedOn: null }), '2026-11-29')).toBe('pending');
    expect(exceptionState(exception({ expiresOn: '2026-11-28' }), '2026-11-29')).toBe('expired');
    expect(exceptionState(exception({ expiresOn: '2026-11-29' }), '2026-11-29')).toBe('active');
    expect(expiryText('2026-11-29', '2026-11-29')).toBe('expires today');
    expect(expiryText('2026-11-30', '2026-11-29')).toBe('expires in 1 day');
    expect(expiryText('2026-11-28', '2026-11-29')).toBe('expired 1 day ago');
  });
});
