import type { RoutePolicy } from '../auth/policy.js';
import { ERROR_STATUS, type ErrorCode } from '../errors.js';
import type { RouteError } from './errors.js';
import { INPUT_BOUNDS_ERROR } from './input-bounds.js';
import { guardErrors } from './route-policy.js';
import { UPLOAD_ERRORS } from './uploads.js';

/** What the error list needs of a route: its Fastify options, at registration or on a request. */
export interface RouteFacts {
  method: string | string[];
  schema?: { params?: unknown; querystring?: unknown; body?: unknown; headers?: unknown } | undefined;
  config?:
    | {
        policy?: RoutePolicy;
        multipartFile?: string;
        multipartFields?: unknown;
        raises?: Partial<Record<ErrorCode, string>>;
      }
    | undefined;
}

/** Methods whose request body Fastify parses (DELETE only when one is sent): malformed, too large, not JSON. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const BODY_ERRORS: ReadonlyArray<RouteError> = [
  { code: 'invalid_input', reason: 'a body that is not well-formed JSON' },
  { code: 'payload_too_large', reason: 'a body over the request body limit' },
  { code: 'unsupported_media_type', reason: 'a body of a media type the route does not read' },
];

/** What any route can meet: the request rate limit, the database busy or down, an unexpected failure. */
const EVERY_ROUTE_ERRORS: ReadonlyArray<RouteError> = [
  { code: 'rate_limited', reason: 'the request rate limit was reached; Retry-After says when to try again' },
  { code: 'unavailable', reason: 'the database is busy or unreachable; Retry-After says when to try again' },
  { code: 'internal', reason: 'an unexpected failure (logged on the server, never described to the client)' },
];

function keysOf(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

/**
 * Every error a route can answer with, from the code that raises each:
 * the guard (by the route's policy), zod validation (when the route has
 * a query, body or header schema, or path parameters beyond the
 * organization the guard resolves first), the record a path names (not
 * found), the input bounds every request passes, Fastify's body parsing, the
 * upload reader, the codes the route declares its service raises
 * (`config.raises`), and what every route can meet.
 */
export function routeErrors(route: RouteFacts): RouteError[] {
  const method = String(route.method).toUpperCase();
  const policy = route.config?.policy;
  const schema = route.schema ?? {};
  const errors: RouteError[] = [];
  if (policy !== undefined) errors.push(...guardErrors(policy, method));
  const resolvedByGuard = typeof policy === 'object' ? ['org'] : [];
  if (
    schema.querystring ||
    schema.body ||
    schema.headers ||
    keysOf(schema.params).some((key) => !resolvedByGuard.includes(key))
  ) {
    errors.push({
      code: 'invalid_input',
      reason: 'parameters, query or body that fail validation (`details.issues` names each)',
    });
  }
  // A path naming a record past the organization: its service looks the record up.
  for (const key of keysOf(schema.params).filter((k) => !resolvedByGuard.includes(k))) {
    errors.push({ code: 'not_found', reason: `the ${key} named in the path does not exist here` });
  }
  errors.push(INPUT_BOUNDS_ERROR);
  if (BODY_METHODS.has(method)) errors.push(...BODY_ERRORS);
  if (route.config?.multipartFile) errors.push(...UPLOAD_ERRORS);
  if (route.config?.multipartFields)
    errors.push({ code: 'invalid_input', reason: 'form fields that fail validation' });
  for (const [code, reason] of Object.entries(route.config?.raises ?? {}) as [ErrorCode, string][]) {
    errors.push({ code, reason });
  }
  errors.push(...EVERY_ROUTE_ERRORS);
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.code}\u0000${e.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The HTTP statuses of {@link routeErrors}, each with the errors sent with it, in status order. */
export function routeErrorsByStatus(route: RouteFacts): Map<number, RouteError[]> {
  const byStatus = new Map<number, RouteError[]>();
  for (const error of routeErrors(route)) {
    const status = ERROR_STATUS[error.code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), error]);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}
