import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ControlDetail, Person } from '../api/types';
import { ControlFacts, editRights } from './ControlFacts';
import { effectiveOf, rangeOf } from './EvidenceDropzone';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const control = (over: Partial<ControlDetail> = {}): ControlDetail =>
  ({
    id: 'c1',
    code: 'AC-01',
    title: 'Access reviews',
    description: '',
    status: 'implemented',
    naJustification: null,
    sourceOfTruth: 'Okta',
    cadence: 'quarterly',
    owner: { id: 'p-ann', email: 'ann@x.example', name: 'Ann', status: 'departed' },
    backupOwner: null,
    requirements: [],
    mappings: {},
    ...over,
  }) as ControlDetail;

const people = [
  { id: 'p-bob', email: 'bob@x.example', name: 'Bob', status: 'active' },
] as unknown as Person[];

async function renderFacts(c: ControlDetail, rights: { assign: boolean; update: boolean }) {
  const root = createRootRoute({
    component: () => <ControlFacts org="acme" control={c} people={people} rights={rights} />,
  });
  const router = createRouter({ routeTree: root, history: createMemoryHistory({ initialEntries: ['/'] }) });
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  await screen.findByText('Owner');
}

describe('control page facts', () => {
  it('marks a departed owner and lets a lead change the cadence through the same PATCH as the matrix', async () => {
    const calls: { url: string; method: string; body: unknown }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({
        url,
        method: init.method ?? 'GET',
        body: init.body ? JSON.parse(String(init.body)) : null,
      });
      return new Response(JSON.stringify({}), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    });
    await renderFacts(control(), { assign: true, update: true });
    expect(document.querySelector('[data-owner-departed]')?.textContent).toBe('departed');
    expect(document.querySelector('[data-needs-owner]')?.textContent).toContain('Ann has departed');
    // A backup needs an active owner to keep: not editable while the owner is departed.
    expect(screen.queryByRole('button', { name: 'Change the backup owner of AC-01' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Change the cadence of AC-01' }));
    fireEvent.click(await screen.findByRole('option', { name: 'monthly', hidden: true }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual({
      url: '/api/v1/orgs/acme/controls/AC-01',
      method: 'PATCH',
      body: { cadence: 'monthly' },
    });
  });

  it('offers no edit to a viewer, and edits to a contributor only on a control they own', async () => {
    await renderFacts(control(), { assign: false, update: false });
    expect(screen.queryByRole('button', { name: /^Change the/ })).toBeNull();
    const c = control({ owner: { id: 'p-me', email: 'me@x.example', name: 'Me', status: 'active' } });
    expect(editRights({ assign: false, update: 'own' }, 'p-me', c)).toEqual({ assign: false, update: true });
    expect(editRights({ assign: false, update: 'own' }, 'p-other', c)).toEqual({
      assign: false,
      update: false,
    });
    expect(editRights({ assign: true, update: true }, null, c)).toEqual({ assign: true, update: true });
  });

  it('turns the date-range picker into an effective value and back', () => {
    expect(effectiveOf(['2026-10-01', '2026-12-31'])).toBe('2026-10-01..2026-12-31');
    expect(effectiveOf(['2026-10-01', '2026-10-01'])).toBe('2026-10-01');
    expect(effectiveOf(['2026-10-01', null])).toBeNull();
    expect(rangeOf('2026-10-01..2026-12-31')).toEqual(['2026-10-01', '2026-12-31']);
    expect(rangeOf('2026-10-01')).toEqual(['2026-10-01', '2026-10-01']);
  });
});
