import { MantineProvider } from '@mantine/core';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RetryNotice } from '../components/RetryNotice';
import { ApiError, api, currentRetryWait, RETRY_POLICY, retryPauseMs } from './client';

/** A fetch that answers with the given statuses in turn (503s carry Retry-After: 2 and the busy error). */
function answers(statuses: number[]) {
  const calls: { url: string; method: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: { method?: string; body?: unknown } = {}) => {
    calls.push({ url, method: init.method ?? 'GET', body: init.body });
    const status = statuses[Math.min(calls.length - 1, statuses.length - 1)]!;
    if (status === 503)
      return new Response(
        JSON.stringify({ error: { code: 'busy', message: 'another writer holds the store', details: null } }),
        { status, headers: { 'content-type': 'application/json', 'retry-after': '2' } },
      );
    return new Response(JSON.stringify({ ok: true }), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  });
  return calls;
}

describe('api: 503 busy/unavailable is retried with backoff while the UI says it waits', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('pauses at least Retry-After, doubling, at most 15 s', () => {
    expect(retryPauseMs(1, '2')).toBe(2000);
    expect(retryPauseMs(2, '2')).toBe(2000);
    expect(retryPauseMs(3, '2')).toBe(4000);
    expect(retryPauseMs(5, null)).toBe(15_000);
    expect(retryPauseMs(1, 'soon')).toBe(1000);
  });

  it('sends the same write again after the pauses and resolves with the answer that succeeded', async () => {
    const calls = answers([503, 503, 200]);
    render(
      <MantineProvider>
        <RetryNotice />
      </MantineProvider>,
    );
    const result = api<{ ok: boolean }>('/orgs/acme/people', { method: 'POST', body: { name: 'Ada' } });
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(calls).toHaveLength(1);
    expect(currentRetryWait()).toMatchObject({
      code: 'busy',
      attempt: 1,
      maxAttempts: RETRY_POLICY.maxRetries,
    });
    expect(screen.getByRole('status').textContent).toMatch(/busy with another write.*attempt 1 of 5/);

    await act(() => vi.advanceTimersByTimeAsync(2000));
    expect(calls).toHaveLength(2);
    expect(screen.getByRole('status').textContent).toMatch(/attempt 2 of 5/);
    await act(() => vi.advanceTimersByTimeAsync(2000));
    await expect(result).resolves.toEqual({ ok: true });
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.method === 'POST' && c.body === '{"name":"Ada"}')).toBe(true);
    expect(currentRetryWait()).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('gives up after the last retry with the server’s error, and stops saying it waits', async () => {
    const calls = answers([503]);
    const result = api('/orgs/acme/people', { method: 'POST', body: {} }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(120_000);
    const error = await result;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, code: 'busy' });
    expect(calls).toHaveLength(RETRY_POLICY.maxRetries + 1);
    expect(currentRetryWait()).toBeNull();
  });

  it('does not retry other errors', async () => {
    const calls = answers([500]);
    await expect(api('/orgs/acme')).rejects.toMatchObject({ status: 500 });
    expect(calls).toHaveLength(1);
  });
});
