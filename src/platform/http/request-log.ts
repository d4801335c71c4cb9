import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './app.js';

/** How one answered request is logged, and at which level. */
export interface RequestLogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
}

/**
 * The level of an answered request: server errors at `error`, slow requests at `warn`, refused
 * ones (4xx) at `info`, everything else at `debug` — so at the default `info` level the log holds
 * what someone must look at, not one line per page view (AUDITREADY_LOG_LEVEL=debug shows all).
 */
export function requestLogLine(statusCode: number, elapsedMs: number, slowMs: number): RequestLogLine {
  if (statusCode >= 500) return { level: 'error', message: 'request failed' };
  if (elapsedMs >= slowMs) return { level: 'warn', message: 'slow request' };
  if (statusCode >= 400) return { level: 'info', message: 'request refused' };
  return { level: 'debug', message: 'request completed' };
}

/**
 * One log line per answered request (Fastify's own two lines per request are off), naming the
 * route's pattern rather than the URL, so query strings and path values (invitation tokens,
 * e-mail addresses) never reach the log.
 */
export function registerRequestLog(app: App, slowMs: number): void {
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const line = requestLogLine(reply.statusCode, reply.elapsedTime, slowMs);
    request.log[line.level](
      {
        method: request.method,
        route: request.routeOptions.url ?? '(no route)',
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      line.message,
    );
  });
}
