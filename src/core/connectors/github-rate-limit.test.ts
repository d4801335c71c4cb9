import { describe, expect, it } from 'vitest';
import { rateLimitDecision, SECONDARY_DEFAULT_WAIT_MS } from './github-rate-limit.js';

const now = new Date('2026-12-07T10:00:00.000Z');
const options = { attempt: 0, maxAttempts: 5, maxWaitMs: 15 * 60_000 };

describe('rateLimitDecision', () => {
  it('waits retry-after seconds on a secondary limit (403 or 429)', () => {
    for (const status of [403, 429])
      expect(
        rateLimitDecision(
          { status, headers: { 'retry-after': '7' }, message: 'You have exceeded a secondary rate limit' },
          now,
          options,
        ),
      ).toEqual({ kind: 'wait', waitMs: 7000, limit: 'secondary' });
  });

  it('waits until x-ratelimit-reset (plus a second) when the primary limit is spent', () => {
    const reset = now.getTime() / 1000 + 90;
    expect(
      rateLimitDecision(
        {
          status: 403,
          headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
          message: 'API rate limit exceeded',
        },
        now,
        options,
      ),
    ).toEqual({ kind: 'wait', waitMs: 91_000, limit: 'primary' });
  });

  it('waits one second when the reset is already past', () => {
    const reset = now.getTime() / 1000 - 30;
    expect(
      rateLimitDecision(
        { status: 429, headers: { 'x-ratelimit-remaining': 0, 'x-ratelimit-reset': reset }, message: '' },
        now,
        options,
      ),
    ).toEqual({ kind: 'wait', waitMs: 1000, limit: 'primary' });
  });

  it('waits a minute, doubling, on a secondary limit without retry-after', () => {
    const signal = { status: 403, headers: {}, message: 'You have exceeded a secondary rate limit.' };
    expect(rateLimitDecision(signal, now, options)).toEqual({
      kind: 'wait',
      waitMs: SECONDARY_DEFAULT_WAIT_MS,
      limit: 'secondary',
    });
    expect(rateLimitDecision(signal, now, { ...options, attempt: 2 })).toEqual({
      kind: 'wait',
      waitMs: 4 * SECONDARY_DEFAULT_WAIT_MS,
      limit: 'secondary',
    });
  });

  it('is not a rate limit: a plain 403 (no access), a 404, a 500', () => {
    expect(
      rateLimitDecision(
        { status: 403, headers: { 'x-ratelimit-remaining': '4999' }, message: 'Resource not accessible' },
        now,
        options,
      ),
    ).toEqual({ kind: 'not-limited' });
    expect(rateLimitDecision({ status: 404, headers: {}, message: 'Not Found' }, now, options)).toEqual({
      kind: 'not-limited',
    });
    expect(
      rateLimitDecision({ status: 500, headers: { 'retry-after': '1' }, message: '' }, now, options),
    ).toEqual({ kind: 'not-limited' });
  });

  it('gives up after the last attempt, or when the wait is longer than the collection waits', () => {
    expect(
      rateLimitDecision({ status: 429, headers: { 'retry-after': '1' }, message: '' }, now, {
        ...options,
        attempt: 5,
      }),
    ).toEqual({ kind: 'give-up', reason: expect.stringContaining('after 5 retries') });
    expect(
      rateLimitDecision({ status: 429, headers: { 'retry-after': '3600' }, message: '' }, now, options),
    ).toEqual({ kind: 'give-up', reason: expect.stringContaining('wait 3600 s') });
  });

  it('ignores a malformed retry-after and falls back to the other signals', () => {
    expect(
      rateLimitDecision(
        { status: 403, headers: { 'retry-after': 'soon' }, message: 'Forbidden' },
        now,
        options,
      ),
    ).toEqual({ kind: 'not-limited' });
  });
});
