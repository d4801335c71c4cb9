/**
 * The GitHub REST client of the connector (docs/decisions/0033): Octokit
 * (`@octokit/rest`, GitHub's official client) with one request hook that
 * waits out GitHub's primary and secondary rate limits as GitHub documents
 * them (`src/core/connectors/github-rate-limit.ts`), through an injectable
 * sleep and clock so tests do not wait. Pagination follows the `Link`
 * headers (Octokit's paginate). Octokit logs nothing here (a silent logger):
 * the token never reaches a log, and the request GitHub refused carries it
 * redacted.
 */
import { Octokit } from '@octokit/rest';
import { rateLimitDecision } from '../../core/connectors/github-rate-limit.js';
import type { Clock } from '../../platform/clock.js';

/** GitHub's public API. */
export const GITHUB_API_URL = 'https://api.github.com';

/** How the client waits and how long it is willing to. */
export interface GithubClientOptions {
  apiUrl: string;
  token: string;
  clock: Clock;
  /** Waits `ms` (tests pass one that only moves their clock). */
  sleep?: (ms: number) => Promise<void>;
  /** Retries of one request refused for a rate limit (default 5). */
  maxRateLimitRetries?: number;
  /** The longest single wait; a longer one fails the collection, which its job retries later (default 15 min). */
  maxWaitMs?: number;
}

/** What the client counted: requests sent, rate-limit waits and their total. */
export interface GithubClientStats {
  requests: number;
  rateLimitWaits: number;
  waitedMs: number;
}

/** A GitHub error answer as the connector reports it. */
export interface GithubFailure {
  status: number;
  message: string;
}

/** The status and message of an Octokit `RequestError`, or null for anything else (a network error …). */
export function githubFailure(err: unknown): GithubFailure | null {
  if (typeof err !== 'object' || err === null) return null;
  const status = (err as { status?: unknown }).status;
  if (typeof status !== 'number') return null;
  return { status, message: err instanceof Error ? err.message : String(err) };
}

/** Thrown when a rate limit outlasts what a collection waits: the job is retried later. */
export class GithubRateLimitError extends Error {}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** An Octokit that waits out rate limits, and its counters. */
export function githubClient(options: GithubClientOptions): { octokit: Octokit; stats: GithubClientStats } {
  const sleep = options.sleep ?? realSleep;
  const stats: GithubClientStats = { requests: 0, rateLimitWaits: 0, waitedMs: 0 };
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: options.apiUrl.replace(/\/+$/, ''),
    userAgent: 'auditready-github-connector',
    log: silent,
  });
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      stats.requests += 1;
      try {
        return await request(requestOptions);
      } catch (err) {
        const failure = githubFailure(err);
        if (!failure) throw err;
        const headers = (err as { response?: { headers?: Record<string, string | number | undefined> } })
          .response?.headers;
        const decision = rateLimitDecision(
          { status: failure.status, headers: headers ?? {}, message: failure.message },
          options.clock.now(),
          {
            attempt,
            maxAttempts: options.maxRateLimitRetries ?? 5,
            maxWaitMs: options.maxWaitMs ?? 15 * 60_000,
          },
        );
        if (decision.kind === 'give-up') throw new GithubRateLimitError(decision.reason);
        if (decision.kind === 'not-limited') throw err;
        stats.rateLimitWaits += 1;
        stats.waitedMs += decision.waitMs;
        await sleep(decision.waitMs);
      }
    }
  });
  return { octokit, stats };
}
