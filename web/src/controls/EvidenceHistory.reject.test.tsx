import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Evidence } from '../api/types';
import { EvidenceHistory } from './EvidenceHistory';

const SUBMITTED = {
  id: 'ev1',
  effectiveStart: '2026-07-01',
  effectiveEnd: '2026-09-30',
  sourceType: 'system-export',
  fileName: 'q3.csv',
  kind: 'file',
  sha256: 'ab'.repeat(32),
  collector: { label: 'ada@example.com' },
  reviewState: 'submitted',
  review: null,
} as unknown as Evidence;

function setup() {
  const calls: { url: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: { body?: string } = {}) => {
    calls.push({ url, body: init.body ? JSON.parse(init.body) : undefined });
    return new Response(JSON.stringify({}), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  const onChanged = vi.fn();
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MantineProvider>
        <EvidenceHistory org="acme" items={[SUBMITTED]} canReview onChanged={onChanged} />
      </MantineProvider>
    </QueryClientProvider>,
  );
  return { calls, onChanged };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('EvidenceHistory reject dialog', () => {
  it('does nothing when the dialog is cancelled', async () => {
    const { calls, onChanged } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    await screen.findByRole('dialog', { name: 'Reject evidence' });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls).toEqual([]);
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('needs a reason, then sends it with the rejection', async () => {
    const { calls, onChanged } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reject evidence' });
    const submit = dialog.querySelector('button[type=submit]') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText(/Why is it rejected/), { target: { value: 'Wrong quarter' } });
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toMatch(/\/orgs\/acme\/evidence\/ev1\/review$/);
    expect(calls[0]?.body).toEqual({ decision: 'rejected', reason: 'Wrong quarter' });
  });
});
