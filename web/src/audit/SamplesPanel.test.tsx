import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SamplesPanel } from './SamplesPanel';

const BASE = '/api/v1/orgs/acme/engagements/e-a';
const sample = {
  id: 's-1',
  engagementId: 'e-a',
  requestId: null,
  population: { kind: 'findings', arg: null, count: 12, hash: 'ab'.repeat(32) },
  frequency: 'monthly',
  size: 2,
  seed: 'pinned-seed',
  createdBy: 'ada@firm.example',
  createdAt: '2026-11-20T10:00:00Z',
  items: [
    { ordinal: 0, position: 1, recordId: 'f-2', date: '2026-08-02', label: 'Population 2' },
    { ordinal: 1, position: 4, recordId: 'f-5', date: '2026-08-05', label: 'Population 5' },
  ],
};

function fakeApi(canCreate: boolean | 'engagement') {
  const posted: unknown[] = [];
  vi.stubGlobal('fetch', async (url: string, init: { method?: string; body?: string } = {}) => {
    const key = `${init.method ?? 'GET'} ${url.replace(/\?.*$/, '')}`;
    const answers: Record<string, unknown> = {
      'GET /api/v1/auth/session': {
        user: { id: 'u', email: 'ada@firm.example', name: 'Ada' },
        memberships: [
          {
            orgId: 'o',
            slug: 'acme',
            name: 'Acme',
            role: 'auditor',
            personId: null,
            engagementId: 'e-a',
            can: { sample: { read: 'engagement', create: canCreate } },
          },
        ],
        csrfToken: 't',
      },
      [`GET ${BASE}/population-kinds`]: {
        items: [{ kind: 'findings', label: 'Findings opened in the period', argument: null }],
      },
      [`GET ${BASE}/samples`]: { items: [sample] },
      [`GET ${BASE}/populations/findings`]: {
        kind: 'findings',
        arg: null,
        period: { start: '2026-07-01', end: '2026-12-31' },
        count: 12,
        hash: 'ab'.repeat(32),
        frequency: 'monthly',
        defaultSize: 3,
        items: [],
      },
      [`POST ${BASE}/samples`]: sample,
    };
    if (init.method === 'POST') posted.push(JSON.parse(init.body ?? '{}'));
    const body = answers[key];
    return new Response(JSON.stringify(body ?? {}), {
      status: body ? (init.method === 'POST' ? 201 : 200) : 404,
      headers: { 'content-type': 'application/json' },
    });
  });
  return posted;
}

function renderPanel() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={client}>
        <SamplesPanel org="acme" engagementId="e-a" />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('SamplesPanel', () => {
  it('lists samples with their seed and chosen records, and draws one with the proposed size shown', async () => {
    const posted = fakeApi('engagement');
    renderPanel();
    expect(await screen.findByText('Population 5')).toBeTruthy();
    expect(screen.getByText('pinned-seed')).toBeTruthy();
    fireEvent.click(await screen.findByPlaceholderText('Pick a population'));
    fireEvent.click(
      await screen.findByRole('option', { name: 'Findings opened in the period', hidden: true }),
    );
    expect((await screen.findByTestId('population-preview')).textContent).toContain('proposed size 3');
    fireEvent.change(screen.getByPlaceholderText('random'), { target: { value: 'my-seed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Draw sample' }));
    await waitFor(() => expect(posted).toEqual([{ kind: 'findings', seed: 'my-seed' }]));
  });

  it('hides the form from those who may not draw samples', async () => {
    fakeApi(false);
    renderPanel();
    expect(await screen.findByText('Population 2')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Draw sample' })).toBeNull();
  });
});
