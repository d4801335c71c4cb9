import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useControls } from '../api/queries';
import type { ControlListItem } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { MatrixTable } from './MatrixTable';
import type { MatrixRow } from './matrix';
import { editFailureTitle, useControlEdit } from './useControlEdit';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

// happy-dom lays nothing out: give the matrix's scroll box the height a browser would (600 px).
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.hasAttribute('data-matrix') ? 600 : 0;
    },
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});

const rowOf = (i: number): MatrixRow => ({
  code: `C-${String(i).padStart(4, '0')}`,
  title: `Control number ${i}`,
  status: i % 3 === 0 ? 'gap' : 'ready',
  ownerId: i % 2 === 0 ? 'p-ann' : null,
  ownerName: i % 2 === 0 ? 'Ann Lee' : null,
  ownerEmail: i % 2 === 0 ? 'ann@x.example' : null,
  ownerStatus: i === 2 ? 'departed' : i % 2 === 0 ? 'active' : null,
  cadence: 'quarterly',
  criteria: { soc2: ['CC6.1'] },
  categories: ['CC6'],
  nextDue: i === 0 ? { dueOn: '2026-11-01', requirementCode: 'C-0000-E1' } : null,
  reasons: 0,
});

/** Renders inside Mantine, a query client and a router (the matrix links to control pages). */
async function renderWithRouter(node: ReactNode, client = new QueryClient()) {
  const root = createRootRoute({ component: () => node });
  const router = createRouter({ routeTree: root, history: createMemoryHistory({ initialEntries: ['/'] }) });
  render(
    <MantineProvider>
      <QueryClientProvider client={client}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  await screen.findByRole('table');
}

function table(rows: MatrixRow[], over: Partial<Parameters<typeof MatrixTable>[0]> = {}) {
  return (
    <MatrixTable
      org="acme"
      rows={rows}
      today="2026-11-29"
      framework="soc2"
      selected={new Set()}
      onSelect={() => undefined}
      sort="code"
      desc={false}
      onSort={() => undefined}
      owners={[
        { value: 'ann@x.example', label: 'Ann Lee' },
        { value: 'bob@x.example', label: 'Bob Stone' },
      ]}
      canEditOwner={() => true}
      canEditCadence={() => true}
      onOwnerChange={() => undefined}
      onCadenceChange={() => undefined}
      {...over}
    />
  );
}

describe('MatrixTable', () => {
  it('renders 1,000 controls with only the visible rows in the DOM', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => rowOf(i));
    await renderWithRouter(table(rows));
    const rendered = document.querySelectorAll('tr[data-code]');
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(100);
    expect(screen.getByRole('table').getAttribute('aria-rowcount')).toBe('1001');
    // The rows below stand in as one spacer as tall as the rows it replaces.
    const spacer = document.querySelector('tbody tr[aria-hidden] td') as HTMLElement;
    expect(Number.parseInt(spacer.style.height, 10)).toBeGreaterThan(30_000);
    const first = document.querySelector('tr[data-code="C-0000"]')!;
    expect(first.querySelector('[data-next-due]')?.textContent).toBe('2026-11-01overdue');
    expect(first.textContent).toContain('Ann Lee');
    expect(document.querySelector('tr[data-code="C-0001"]')?.textContent).toContain('Unowned');
    // A departed owner is marked as such, an active one is not.
    expect(document.querySelector('tr[data-code="C-0002"] [data-owner-departed]')?.textContent).toBe(
      'departed',
    );
    expect(first.querySelector('[data-owner-departed]')).toBeNull();
  });

  it('edits a cadence inline and offers the edit only where allowed', async () => {
    const onCadenceChange = vi.fn();
    const rows = [rowOf(0), rowOf(1)];
    await renderWithRouter(
      table(rows, {
        canEditOwner: () => false,
        canEditCadence: (r) => r.code === 'C-0000',
        onCadenceChange,
      }),
    );
    expect(screen.queryByRole('button', { name: 'Change the owner of C-0000' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Change the cadence of C-0001' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Change the cadence of C-0000' }));
    const field = await screen.findByRole('combobox', { name: 'Change the cadence of C-0000' });
    expect(document.activeElement).toBe(field);
    // The dropdown opens with the field; happy-dom runs no transition, so it counts as hidden.
    fireEvent.click(await screen.findByRole('option', { name: 'weekly', hidden: true }));
    expect(onCadenceChange).toHaveBeenCalledWith(expect.objectContaining({ code: 'C-0000' }), 'weekly');
    await waitFor(() =>
      expect(screen.queryByRole('combobox', { name: 'Change the cadence of C-0000' })).toBeNull(),
    );
  });

  it('hides the selection column when the role cannot bulk-assign', async () => {
    await renderWithRouter(table([rowOf(0)], { onSelect: null }));
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(within(screen.getByRole('table')).getAllByRole('columnheader')).toHaveLength(7);
  });
});

const listed = (code: string, owner: string): ControlListItem => ({
  id: code,
  code,
  title: code,
  description: '',
  status: 'implemented',
  naJustification: null,
  sourceOfTruth: null,
  cadence: 'quarterly',
  owner: { id: `p-${owner}`, email: `${owner}@x.example`, name: owner, status: 'active' },
  backupOwner: null,
  mappings: {},
  categories: [],
  nextDue: null,
});

function EditHarness() {
  const controls = useControls('acme');
  const edit = useControlEdit('acme');
  return (
    <div>
      <p data-testid="owner">{controls.data?.[0]?.owner?.name}</p>
      <button
        type="button"
        onClick={() =>
          edit.mutate({
            code: 'AC-01',
            change: {
              kind: 'owner',
              owner: { id: 'p-bob', email: 'bob@x.example', name: 'Bob', status: 'active' },
            },
          })
        }
      >
        assign
      </button>
      {edit.error && edit.variables ? (
        <ErrorNote title={editFailureTitle(edit.variables)} error={edit.error} />
      ) : null}
    </div>
  );
}

describe('useControlEdit', () => {
  it('shows the new owner at once, then puts the old one back and says why when the server refuses', async () => {
    let release: () => void = () => undefined;
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init: { method?: string; body?: string } = {}) => {
      calls.push(`${init.method ?? 'GET'} ${url} ${init.body ?? ''}`);
      if (init.method === 'PUT') {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return new Response(
          JSON.stringify({ error: { code: 'forbidden', message: 'only a compliance lead assigns owners' } }),
          { status: 403, headers: { 'content-type': 'application/json' } },
        );
      }
      return new Response(JSON.stringify({ items: [listed('AC-01', 'Ann')], nextCursor: null }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <MantineProvider>
        <QueryClientProvider client={client}>
          <EditHarness />
        </QueryClientProvider>
      </MantineProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('owner').textContent).toBe('Ann'));
    fireEvent.click(screen.getByRole('button', { name: 'assign' }));
    await waitFor(() => expect(screen.getByTestId('owner').textContent).toBe('Bob'));
    expect(calls).toContain('PUT /api/v1/orgs/acme/controls/AC-01/owner {"ownerEmail":"bob@x.example"}');
    release();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not change the owner of AC-01');
    expect(alert.textContent).toContain('only a compliance lead assigns owners');
    expect(screen.getByTestId('owner').textContent).toBe('Ann');
  });
});
