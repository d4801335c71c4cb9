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
 * The `Server-Timing` value of a response: the server's own time on the request (from its arrival
 * to the response's body made, serialization included) in milliseconds, one decimal. A client
 * (the load test, a browser's developer tools) subtracts it from the latency it saw to learn how
 * long the request queued; the figure says no more than that latency already does.
 */
export function serverTimingValue(elapsedMs: number): string {
  return `app;dur=${elapsedMs.toFixed(1)}`;
}

/**
 * One log line per answered request (Fastify's own two lines per request are off), naming the
 * route's pattern rather than the URL, so query strings and path values (invitation tokens,
 * e-mail addresses) never reach the log; and every response's `Server-Timing` header.
 */
export function registerRequestLog(app: App, slowMs: number): void {
  app.addHook('onSend', async (_request: FastifyRequest, reply: FastifyReply) => {
    reply.header('server-timing', serverTimingValue(reply.elapsedTime));
  });
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
