/** The API's error shape, turned into an Error whose message is the server's words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error's `details` (e.g. an import's file, line, column and reason), null when none. */
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** Remembers the session's CSRF token; cookie-authenticated writes send it as X-CSRF-Token. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The ApiError of a failed response (its JSON error body, else its status). */
export async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as {
      error?: { code?: string; message?: string; details?: unknown };
    };
    if (body.error?.message)
      return new ApiError(
        response.status,
        body.error.code ?? 'error',
        body.error.message,
        body.error.details ?? null,
      );
  } catch {
    // not JSON: fall through to the status text
  }
  return new ApiError(response.status, 'http_error', `${response.status} ${response.statusText}`);
}

/** What the client is waiting for while the server answers 503 (busy store, database restarting). */
export interface RetryWait {
  /** `busy`: another writer (an import) holds the store; `unavailable`: the database is out of reach. */
  code: string;
  /** The retry about to be made (1-based) and how many there will be at most. */
  attempt: number;
  maxAttempts: number;
  /** When the retry is made (epoch ms). */
  retryAt: number;
}

/** How often and how long a 503 is retried: growing pauses, at least the server's Retry-After, at most 15 s each. */
export const RETRY_POLICY = { maxRetries: 5, firstPauseMs: 1000, maxPauseMs: 15_000 };

const waits = new Map<number, RetryWait>();
const waitListeners = new Set<() => void>();
let waitSnapshot: RetryWait | null = null;
let nextCall = 0;

function publishWaits(): void {
  // The most recent wait is what the notice shows; a stable object between changes (useSyncExternalStore).
  waitSnapshot = [...waits.values()].at(-1) ?? null;
  for (const listener of waitListeners) listener();
}

/** Subscribes to changes of {@link currentRetryWait}; returns the unsubscribe function. */
export function subscribeRetryWait(listener: () => void): () => void {
  waitListeners.add(listener);
  return () => waitListeners.delete(listener);
}

/** The wait the UI should tell the user about, or null when no request is waiting to be retried. */
export function currentRetryWait(): RetryWait | null {
  return waitSnapshot;
}

/** The pause before retry `attempt` (1-based): doubling from the first pause, never below Retry-After. */
export function retryPauseMs(attempt: number, retryAfterHeader: string | null): number {
  const retryAfter = Number(retryAfterHeader);
  const asked = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 0;
  const backoff = RETRY_POLICY.firstPauseMs * 2 ** (attempt - 1);
  return Math.min(RETRY_POLICY.maxPauseMs, Math.max(asked, backoff));
}

/**
 * Calls `/api/v1` + path; JSON in and out; throws {@link ApiError} on any
 * non-2xx. A 503 (the store is busy with another writer, or the database
 * is restarting: nothing was done) is retried up to
 * `RETRY_POLICY.maxRetries` times after growing pauses that honour
 * Retry-After, while {@link currentRetryWait} tells the UI it is waiting.
 */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (init.body instanceof FormData) body = init.body;
  else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const call = nextCall++;
  try {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`/api/v1${path}`, { method, headers, body, credentials: 'same-origin' });
      if (response.status === 503 && attempt <= RETRY_POLICY.maxRetries) {
        const error = await errorOf(response);
        const pause = retryPauseMs(attempt, response.headers.get('retry-after'));
        waits.set(call, {
          code: error.code,
          attempt,
          maxAttempts: RETRY_POLICY.maxRetries,
          retryAt: Date.now() + pause,
        });
        publishWaits();
        await new Promise((resolve) => setTimeout(resolve, pause));
        continue;
      }
      if (!response.ok) throw await errorOf(response);
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    }
  } finally {
    if (waits.delete(call)) publishWaits();
  }
}

/** Path of an organization-scoped endpoint. */
export function orgPath(org: string, path: string): string {
  return `/orgs/${encodeURIComponent(org)}${path}`;
}

/** The words to show for any error. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
