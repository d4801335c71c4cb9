import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Person } from '../api/types';
import { BulkTriage } from './BulkTriage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The input of the select labelled `label` (its listbox carries the label too). */
const field = (label: string) => screen.getAllByLabelText(label).find((e) => e.tagName === 'INPUT')!;

const person = (email: string, name: string, status: 'active' | 'departed' = 'active') =>
  ({ id: email, email, name, status }) as unknown as Person;

describe('bulk triage', () => {
  it('sends one request with only the fields chosen, and offers active people only', async () => {
    const calls: { url: string; body: unknown }[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, body: JSON.parse(String(init.body)) });
      return new Response(JSON.stringify({ changed: 2, findings: [] }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    });
    const done = vi.fn();
    render(
      <MantineProvider>
        <QueryClientProvider client={new QueryClient()}>
          <BulkTriage
            org="acme"
            ids={['f1', 'f2']}
            people={[person('ann@x.example', 'Ann'), person('old@x.example', 'Old', 'departed')]}
            onDone={done}
          />
        </QueryClientProvider>
      </MantineProvider>,
    );
    const apply = screen.getByRole('button', { name: 'Apply to 2' });
    expect(apply.hasAttribute('disabled')).toBe(true);

    fireEvent.click(field('Owner'));
    expect(screen.queryByRole('option', { name: 'Old' })).toBeNull();
    fireEvent.click(screen.getByRole('option', { name: 'Ann' }));
    fireEvent.click(field('Severity'));
    fireEvent.click(screen.getByRole('option', { name: 'high' }));
    expect(screen.getByTestId('triage-summary').textContent).toContain(
      'Assign Ann and set severity to high on 2 findings.',
    );
    fireEvent.click(apply);
    await waitFor(() => expect(done).toHaveBeenCalledWith(2));
    expect(calls).toEqual([
      {
        url: '/api/v1/orgs/acme/findings/triage',
        body: { ids: ['f1', 'f2'], ownerEmail: 'ann@x.example', severity: 'high' },
      },
    ]);
  });
});
