import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, ResponseSerializationError } from 'fastify-type-provider-zod';
import { JsonTooDeepError } from '../../core/json-bounds.js';
import { storeUnavailability } from '../db/errors.js';
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors.js';
import type { App } from './app.js';

/** The one error shape on the wire. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: unknown };
}

/** An error a route can answer with, and the plain-words reason (the OpenAPI document lists them). */
export interface RouteError {
  code: ErrorCode;
  reason: string;
}

/** Sends an error in the one shape. */
export function sendError(reply: FastifyReply, code: ErrorCode, message: string, details: unknown = null) {
  return reply
    .code(ERROR_STATUS[code])
    .type('application/json; charset=utf-8')
    .send({
      error: { code, message, details: details ?? null },
    } satisfies ErrorBody);
}

const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  406: 'unsupported_media_type',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

function handle(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    const retry = (err.details as { retryAfterSeconds?: unknown } | null | undefined)?.retryAfterSeconds;
    if (typeof retry === 'number' && retry > 0) reply.header('retry-after', String(retry));
    if (err.status >= 500) request.log.error({ err }, 'request failed');
    return sendError(reply, err.code, err.message, err.details);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({
      path: [err.validationContext ?? 'body', ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    const first = issues[0];
    return sendError(reply, 'invalid_input', first ? `${first.path}: ${first.message}` : 'invalid input', {
      issues,
    });
  }
  if (err instanceof ResponseSerializationError) {
    request.log.error({ err }, 'response does not match its schema');
    return sendError(reply, 'internal', 'internal error');
  }
  const unavailable = storeUnavailability(err);
  if (unavailable) {
    // Not a defect: the same request may succeed once the lock is released or the server is back.
    request.log.warn({ code: (err as { code?: unknown }).code }, `store ${unavailable.code}`);
    return sendError(
      reply.header('retry-after', String(unavailable.retryAfterSeconds)),
      unavailable.code,
      unavailable.message,
      {
        retryAfterSeconds: unavailable.retryAfterSeconds,
      },
    );
  }
  if (err instanceof JsonTooDeepError) return sendError(reply, 'invalid_input', err.message);
  const status = (err as FastifyError).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    // Fastify's own 4xx errors (malformed JSON, empty body, multipart limits) carry safe messages.
    return sendError(reply, CODE_OF_STATUS[status] ?? 'invalid_input', err.message);
  }
  request.log.error({ err }, 'unexpected error');
  return sendError(reply, 'internal', 'internal error');
}

/** Maps every failure to `{ error: { code, message, details } }`; unknown failures never leak internals. */
export function registerErrorHandling(app: App): void {
  app.setErrorHandler(handle);
  app.setNotFoundHandler((_request, reply) => sendError(reply, 'not_found', 'no such route'));
}
