import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { sha256Hex } from '../auth/secrets.js';
import { AppError } from '../errors.js';
import type { App } from './app.js';
import { API_PREFIX } from './route-policy.js';
import { sessionTokenOf } from './session-cookie.js';

/** The general API rate limit: requests per window for one credential (or one address without any). */
export interface ApiRateLimit {
  max: number;
  windowSeconds: number;
}

/** Generous by default (20 requests a second per session or token, sustained for a minute). */
export const DEFAULT_API_RATE_LIMIT: ApiRateLimit = { max: 1200, windowSeconds: 60 };

/**
 * Who a request counts against: its API token or its session (hashed; the
 * secret never becomes a map key in memory or a log line), or its address
 * when it carries neither.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const authorization = request.headers.authorization;
  if (authorization) return `token:${sha256Hex(authorization)}`;
  const session = sessionTokenOf(request);
  if (session) return `session:${sha256Hex(session)}`;
  return `address:${request.ip}`;
}

/**
 * Limits every `/api/v1` request per token, session or (anonymous) address
 * with @fastify/rate-limit, before authentication runs (so failed
 * credentials count too): 429 with
 * `Retry-After` in the one error shape. Counters live in the process (each
 * process of a deployment counts on its own); sign-in throttling, which
 * must hold across processes, is kept in the database instead
 * (docs/decisions/0009). `null` turns the limit off.
 */
export async function registerApiRateLimit(app: App, limit: ApiRateLimit | null): Promise<void> {
  if (!limit) return;
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', `too many requests: at most ${context.max} per ${limit.windowSeconds} s`, {
        retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)),
      }),
  });
  // An application-wide hook registered before the guard's: anonymous and refused requests count too.
  app.addHook(
    'onRequest',
    app.rateLimit({
      max: limit.max,
      timeWindow: limit.windowSeconds * 1000,
      allowList: (request) => !request.url.startsWith(`${API_PREFIX}/`),
      keyGenerator: rateLimitKey,
    }),
  );
}
