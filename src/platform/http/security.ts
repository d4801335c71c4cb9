import helmet from '@fastify/helmet';
import type { App } from './app.js';
import { publicUrlIsHttps } from './config.js';
import { arrivedOverTls } from './session-cookie.js';

/** The API's Content-Security-Policy: JSON needs nothing, so everything is refused and nothing may frame it. */
export const API_CSP = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/** One year, subdomains included: sent only on requests that arrived over TLS. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every response (helmet): CSP, nosniff, frame-ancestors
 * 'none' and X-Frame-Options DENY, Referrer-Policy no-referrer. HSTS only
 * when the request came over TLS (directly, via a trusted proxy, or the
 * public URL is https): sending it over plain HTTP is meaningless and would
 * lock out a test deployment.
 */
export async function registerSecurityHeaders(app: App): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  // Only TLS, a trusted proxy's X-Forwarded-Proto or an https public URL make a request https: else no hook.
  const { tls, trustProxy } = app.deps.config;
  if (!tls && !trustProxy && !publicUrlIsHttps(app.deps.config)) return;
  app.addHook('onSend', async (request, reply) => {
    if (arrivedOverTls(request)) reply.header('strict-transport-security', HSTS);
  });
}

/**
 * CORS, off unless origins are configured. An allowed origin gets its own
 * value echoed with credentials allowed; any other origin gets no CORS
 * header at all, so the browser withholds the response. `*` is never sent.
 */
export function registerCors(app: App, origins: readonly string[]): void {
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (!origin || !allowed.has(origin)) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-allow-credentials', 'true');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      reply.header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
      reply.header('access-control-allow-headers', 'Content-Type, Authorization, X-CSRF-Token');
      reply.header('access-control-max-age', '600');
      return reply.code(204).send();
    }
  });
}
