/**
 * The GitHub REST client of the connector (docs/decisions/0033): Octokit
 * (`@octokit/rest`, GitHub's official client) with one request hook that
 * waits out GitHub's primary and secondary rate limits as GitHub documents
 * them (`src/core/connectors/github-rate-limit.ts`), through an injectable
 * sleep and clock so tests do not wait. Pagination follows the `Link`
 * headers (Octokit's paginate). Octokit logs nothing here (a silent logger):
 * the token never reaches a log, and the request GitHub refused carries it
 * redacted. With a GitHub App credential the hook puts an installation token
 * (github-app.ts: obtained with the App's JWT, renewed five minutes before it
 * expires) on every request.
 */
import { Octokit } from '@octokit/rest';
import { rateLimitDecision } from '../../core/connectors/github-rate-limit.js';
import type { Clock } from '../../platform/clock.js';
import { type GithubAppAuth, installationTokens } from './github-app.js';

/** GitHub's public API. */
export const GITHUB_API_URL = 'https://api.github.com';

/** How the client waits and how long it is willing to. */
export interface GithubClientOptions {
  apiUrl: string;
  /** A personal access token; or else `app`. */
  token?: string;
  /** A GitHub App installation: the client exchanges the App's JWT for installation tokens, renewed before expiry. */
  app?: GithubAppAuth;
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
  /** Installation tokens obtained (a GitHub App credential; 0 with a token). */
  installationTokens: number;
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
  const stats: GithubClientStats = { requests: 0, rateLimitWaits: 0, waitedMs: 0, installationTokens: 0 };
  if ((options.token === undefined) === (options.app === undefined))
    throw new Error('a GitHub client needs either a token or an App credential');
  const octokit = new Octokit({
    ...(options.token === undefined ? {} : { auth: options.token }),
    baseUrl: options.apiUrl.replace(/\/+$/, ''),
    userAgent: 'auditready-github-connector',
    log: silent,
  });
  const app = options.app;
  const tokens = app
    ? installationTokens(
        app,
        () => options.clock.now(),
        async (jwt) => {
          let r: { data: { token: string; expires_at: string } };
          try {
            r = await octokit.request('POST /app/installations/{installation_id}/access_tokens', {
              installation_id: Number(app.installationId),
              headers: { authorization: `Bearer ${jwt}` },
            });
          } catch (err) {
            // A refused credential fails the whole collection (never one unit's "refused" problem).
            const failure = githubFailure(err);
            if (!failure) throw err;
            throw new Error(
              `GitHub App ${app.appId}: installation ${app.installationId} refused an access token (${failure.status} ${failure.message})`,
            );
          }
          stats.installationTokens += 1;
          return { token: r.data.token, expiresAt: new Date(r.data.expires_at) };
        },
      )
    : null;
  octokit.hook.wrap('request', async (request, requestOptions) => {
    // The token exchange itself is authorized by the App's JWT; every other request by the installation token.
    const exchange = String(requestOptions.url).endsWith('/access_tokens');
    for (let attempt = 0; ; attempt++) {
      if (tokens && !exchange) requestOptions.headers.authorization = `token ${await tokens.current()}`;
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
