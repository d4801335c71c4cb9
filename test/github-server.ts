/**
 * A local GitHub REST API for the connector's tests (no network): answers
 * GitHub's documented shapes and headers — `Link` pagination with `per_page`
 * and `page`, `x-ratelimit-*` headers, a `403` with `retry-after` for a
 * secondary rate limit, `401` without the token, `404 {"message":"Not Found"}`
 * for anything it does not know. Lists are registered by path; a wrapped list
 * (`{total_count, <key>: […]}`) names its key.
 */
import { type KeyObject, randomBytes, verify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A list answer: a bare array, or GitHub's wrapped shape. */
export type FakeList = unknown[] | { key: string; items: unknown[] };

export interface FakeGithubOptions {
  token: string;
  /** Path (no query) → list. */
  lists: Map<string, FakeList>;
  /** 1-based request numbers answered with a secondary rate limit (403, retry-after). */
  secondaryLimitAt?: readonly number[];
  /** Paths answered 403 "Resource not accessible" (a repository the token may not read). */
  forbidden?: (path: string) => boolean;
  /** Every request answered with this status (a GitHub outage). */
  failWith?: number;
  /**
   * A GitHub App installed on the account: `POST /app/installations/{id}/access_tokens` with a
   * `Bearer` JWT signed by the App's key (RS256, `iss` the App id, at most ten minutes long) answers
   * 201 with an installation token valid `ttlMs` (an hour); an expired one is answered 401.
   */
  app?: { appId: string; installationId: string; publicKey: KeyObject; ttlMs?: number };
  /** The server's time (default the real one): tests share their moved clock. */
  now?: () => number;
  /** Called before each request is answered (a test moves its clock, as time passes between requests). */
  onRequest?: () => void;
}

export interface FakeGithub {
  url: string;
  /** Every request's method and path with query, in order. */
  requests: string[];
  /** The authorization header of every request, in order (to check which token each used). */
  authorizations: string[];
  /** The installation tokens issued, in order. */
  installationTokens: string[];
  close(): Promise<void>;
}

const json = (body: unknown) => JSON.stringify(body);

/** Starts the server on a free port of 127.0.0.1. */
export async function startFakeGithub(options: FakeGithubOptions): Promise<FakeGithub> {
  const requests: string[] = [];
  const limited = new Set(options.secondaryLimitAt ?? []);
  const authorizations: string[] = [];
  const installationTokens: string[] = [];
  /** Installation token → when it expires (ms). */
  const issued = new Map<string, number>();
  const now = options.now ?? (() => Date.now());
  const server: Server = createServer((req, res) => {
    options.onRequest?.();
    requests.push(`${req.method} ${req.url}`);
    authorizations.push(req.headers.authorization ?? '');
    const n = requests.length;
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const base = {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(Math.max(0, 5000 - n)),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
    };
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { ...base, ...headers });
      res.end(json(body));
    };
    if (options.failWith) return send(options.failWith, { message: 'Server Error' });
    const auth = req.headers.authorization ?? '';
    const exchange = /^\/app\/installations\/([^/]+)\/access_tokens$/.exec(url.pathname);
    if (exchange && req.method === 'POST') {
      const app = options.app;
      const claims = app ? appJwtClaims(auth, app.publicKey) : null;
      if (!app || !claims)
        return send(401, {
          message: 'A JSON web token could not be decoded',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        });
      const seconds = Math.floor(now() / 1000);
      if (String(claims.iss) !== app.appId || claims.exp <= seconds || claims.exp - claims.iat > 600)
        return send(401, {
          message: "'Expiration time' claim ('exp') is too far in the future, or the token expired",
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        });
      if (exchange[1] !== app.installationId)
        return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
      const token = `ghs_${randomBytes(18).toString('base64url')}`;
      const expiresAt = now() + (app.ttlMs ?? 3_600_000);
      issued.set(token, expiresAt);
      installationTokens.push(token);
      return send(201, {
        token,
        expires_at: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        permissions: { metadata: 'read', pull_requests: 'read', deployments: 'read' },
        repository_selection: 'all',
      });
    }
    const installation = /^token (ghs_\S+)$/.exec(auth)?.[1];
    const installationValid = installation !== undefined && (issued.get(installation) ?? 0) > now();
    if (
      !installationValid &&
      auth !== `token ${options.token}` &&
      auth !== `bearer ${options.token}` &&
      auth !== `Bearer ${options.token}`
    )
      return send(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
    if (limited.has(n))
      return send(
        403,
        {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        },
        { 'retry-after': '60' },
      );
    if (options.forbidden?.(url.pathname))
      return send(403, {
        message: 'Resource not accessible by personal access token',
        documentation_url: 'https://docs.github.com/rest',
        status: '403',
      });
    const list = options.lists.get(url.pathname);
    if (req.method !== 'GET' || list === undefined)
      return send(404, {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
        status: '404',
      });
    const items = Array.isArray(list) ? list : list.items;
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30)));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const link = (p: number, rel: string) => {
      const u = new URL(url);
      u.searchParams.set('page', String(p));
      return `<${u.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    send(
      200,
      Array.isArray(list) ? slice : { total_count: items.length, [list.key]: slice },
      links.length > 0 ? { link: links.join(', ') } : {},
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    authorizations,
    installationTokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The claims of a `Bearer` App JWT whose RS256 signature verifies with the App's public key, else null. */
function appJwtClaims(auth: string, publicKey: KeyObject): { iss: unknown; iat: number; exp: number } | null {
  const jwt = /^Bearer (\S+)$/.exec(auth)?.[1];
  const [header, payload, signature] = jwt?.split('.') ?? [];
  if (!header || !payload || !signature) return null;
  try {
    if (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).alg !== 'RS256') return null;
    if (
      !verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))
    )
      return null;
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/** The records of a file as `gh api --paginate` writes it (one array, or arrays concatenated), or of a wrapped answer. */
export function recordsOf(text: string, key?: string): unknown[] {
  const pages = JSON.parse(`[${text.trim().replace(/\]\s*\n\[/g, '],[')}]`) as unknown[];
  return pages.flatMap((p) =>
    key && !Array.isArray(p) ? ((p as Record<string, unknown[]>)[key] ?? []) : (p as unknown[]),
  );
}

/** The lists of a change export (relative file name → content), served under `/repos/{repository}/…`. */
export function changeExportLists(repository: string, files: Map<string, string>): Map<string, FakeList> {
  const lists = new Map<string, FakeList>();
  const at = `/repos/${repository}`;
  for (const [name, content] of files) {
    const reviews = /^reviews\/(\d+)\.json$/.exec(name);
    const checks = /^check-runs\/([0-9a-f]+)\.json$/.exec(name);
    const statuses = /^deployment-statuses\/(\d+)\.json$/.exec(name);
    if (name === 'pulls.json') lists.set(`${at}/pulls`, recordsOf(content));
    else if (name === 'deployments.json') lists.set(`${at}/deployments`, recordsOf(content));
    else if (name === 'commits.json') lists.set(`${at}/commits`, recordsOf(content));
    else if (name === 'releases.json') lists.set(`${at}/releases`, recordsOf(content));
    else if (reviews) lists.set(`${at}/pulls/${reviews[1]}/reviews`, recordsOf(content));
    else if (checks)
      lists.set(`${at}/commits/${checks[1]}/check-runs`, {
        key: 'check_runs',
        items: recordsOf(content, 'check_runs'),
      });
    else if (statuses) lists.set(`${at}/deployments/${statuses[1]}/statuses`, recordsOf(content));
  }
  return lists;
}
