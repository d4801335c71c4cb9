/**
 * How long the GitHub connector waits before it retries a request GitHub
 * refused for its rate limits (docs/decisions/0033), from GitHub's documented
 * signals:
 *
 * - primary limit: `403`/`429` with `x-ratelimit-remaining: 0`: wait until
 *   `x-ratelimit-reset` (epoch seconds);
 * - secondary limit: `403`/`429` with `retry-after` (seconds): wait that long;
 *   without it (a secondary limit answered with no header), at least one
 *   minute, doubling with each attempt.
 *
 * Anything else is not a rate limit (null): the caller reports it. A wait
 * longer than `maxWaitMs` is not waited out in a collection: null with the
 * reason, so the collection fails and its job is retried later.
 */

/** A response's status, headers (lower-case names) and message, as the client saw it. */
export interface RateLimitSignal {
  status: number;
  headers: Readonly<Record<string, string | number | undefined>>;
  message: string;
}

/** The decision: wait `waitMs` and retry, or give up with a reason. */
export type RateLimitDecision =
  | { kind: 'wait'; waitMs: number; limit: 'primary' | 'secondary' }
  | { kind: 'give-up'; reason: string }
  | { kind: 'not-limited' };

/** A wait of a secondary limit without `retry-after`: GitHub asks for at least a minute. */
export const SECONDARY_DEFAULT_WAIT_MS = 60_000;

const header = (signal: RateLimitSignal, name: string): string | undefined => {
  const v = signal.headers[name];
  return v === undefined ? undefined : String(v);
};

/** The decision for one refused request; `attempt` counts the retries already made (0 first). */
export function rateLimitDecision(
  signal: RateLimitSignal,
  now: Date,
  options: { attempt: number; maxAttempts: number; maxWaitMs: number },
): RateLimitDecision {
  if (signal.status !== 403 && signal.status !== 429) return { kind: 'not-limited' };
  const retryAfter = header(signal, 'retry-after');
  const remaining = header(signal, 'x-ratelimit-remaining');
  const reset = header(signal, 'x-ratelimit-reset');
  const secondaryMessage = /secondary rate limit|abuse/i.test(signal.message);
  let decision: { waitMs: number; limit: 'primary' | 'secondary' } | null = null;
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter.trim())) {
    decision = { waitMs: Number(retryAfter.trim()) * 1000, limit: 'secondary' };
  } else if (
    remaining !== undefined &&
    Number(remaining) === 0 &&
    reset !== undefined &&
    /^\d+$/.test(reset)
  ) {
    // One second past the reset: GitHub's reset second may still count against the old window.
    decision = { waitMs: Math.max(0, Number(reset) * 1000 - now.getTime()) + 1000, limit: 'primary' };
  } else if (secondaryMessage || signal.status === 429) {
    decision = { waitMs: SECONDARY_DEFAULT_WAIT_MS * 2 ** options.attempt, limit: 'secondary' };
  }
  if (decision === null) return { kind: 'not-limited' };
  if (options.attempt >= options.maxAttempts)
    return {
      kind: 'give-up',
      reason: `GitHub's ${decision.limit} rate limit still refused after ${options.attempt} retries`,
    };
  if (decision.waitMs > options.maxWaitMs)
    return {
      kind: 'give-up',
      reason: `GitHub's ${decision.limit} rate limit asks to wait ${Math.ceil(decision.waitMs / 1000)} s, longer than ${Math.ceil(options.maxWaitMs / 1000)} s: retried later`,
    };
  return { kind: 'wait', ...decision };
}
