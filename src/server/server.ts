import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import Fastify, { LogController } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { BlobStore } from '../platform/blobs/blob-store.js';
import { type Database, isReachable } from '../platform/db/database.js';
import type { App } from '../platform/http/app.js';
import { defineServerConfig, type ServerConfig } from '../platform/http/config.js';
import { registerErrorHandling, sendError } from '../platform/http/errors.js';
import { registerInputBounds } from '../platform/http/input-bounds.js';
import { registerOpenApi } from '../platform/http/openapi.js';
import { registerApiRateLimit } from '../platform/http/rate-limit.js';
import { registerRequestLog } from '../platform/http/request-log.js';
import { API_PREFIX } from '../platform/http/route-policy.js';
import { registerCors, registerSecurityHeaders } from '../platform/http/security.js';
import { API_ROUTES } from './api-routes.js';
import { registerGuard } from './guard.js';

/** Log paths that may hold a secret; pino replaces their values. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.inviteToken',
  '*.secret',
  '*.clientSecret',
  '*.csrfToken',
];

/**
 * Builds the HTTP server (not listening): security headers, CORS, cookies,
 * multipart, the error shape, the guard, OpenAPI and every API route, plus
 * `/healthz`. Tests drive it in-process with `app.inject`.
 */
export async function buildServer(options: {
  database: Database;
  /** Where evidence files live (the data folder's store by default in `serve`). */
  blobs: BlobStore;
  config?: Partial<ServerConfig> | ServerConfig;
  /** More route plugins outside the API (the benchmark's hello-world page; later the web UI). */
  plugins?: ReadonlyArray<(app: App) => Promise<void>>;
}): Promise<App> {
  const config = defineServerConfig(options.config);
  const logger = {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(config.logStream ? { stream: config.logStream } : {}),
  };
  const app = Fastify({
    logger,
    // One line per answered request, by registerRequestLog (Fastify's own two per request are off).
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    ...(config.tls ? { https: { cert: config.tls.cert, key: config.tls.key } } : {}),
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', { database: options.database, blobs: options.blobs, config });

  registerErrorHandling(app);
  registerRequestLog(app, config.slowRequestMs);
  await registerSecurityHeaders(app);
  registerCors(app, config.corsOrigins);
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10, parts: 11 },
  });
  await registerApiRateLimit(app, config.rateLimit);
  registerGuard(app);
  registerInputBounds(app);
  await registerOpenApi(app);

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    if (!(await isReachable(options.database)))
      return sendError(reply, 'unavailable', 'database unreachable');
    return { status: 'ok' };
  });
  await app.register(
    async (api) => {
      for (const routes of API_ROUTES) await routes(api as App);
    },
    { prefix: API_PREFIX },
  );
  for (const plugin of options.plugins ?? []) await plugin(app);
  await app.ready();
  return app;
}
