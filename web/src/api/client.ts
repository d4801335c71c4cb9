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

async function errorOf(response: Response): Promise<ApiError> {
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

/** Calls `/api/v1` + path; JSON in and out; throws {@link ApiError} on any non-2xx. */
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
  const response = await fetch(`/api/v1${path}`, { method, headers, body, credentials: 'same-origin' });
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
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
