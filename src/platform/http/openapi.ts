import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { describePolicy, type RoutePolicy } from '../auth/policy.js';
import type { App } from './app.js';
import { API_PREFIX } from './guard.js';
import { SESSION_COOKIE } from './session-cookie.js';

/** The Swagger UI page loads only its own bundled files (served offline) and needs inline styles. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/**
 * The zod → JSON Schema transform, plus what the route config knows: its
 * policy as `x-policy` (the authorization matrix test reads it), no security
 * requirement on public routes, and the multipart body of upload routes.
 */
function transform(input: TransformInput) {
  const out = jsonSchemaTransform(input);
  const config = (input.route as { config?: { policy?: RoutePolicy; multipartFile?: string } }).config;
  const schema = (out.schema ?? {}) as Record<string, unknown>;
  if (schema.hide || !config?.policy) return out;
  schema['x-policy'] = describePolicy(config.policy);
  if (config.policy === 'public') schema.security = [];
  if (config.multipartFile) {
    schema.consumes = ['multipart/form-data'];
    schema.body = {
      type: 'object',
      required: [config.multipartFile],
      properties: { [config.multipartFile]: { type: 'string', format: 'binary' } },
    };
  }
  return { ...out, schema };
}

/**
 * OpenAPI 3.1 generated from the routes' zod schemas, served at
 * `/api/v1/openapi.json`, and the Swagger UI viewer at `/api/v1/docs`
 * from the files bundled in @fastify/swagger-ui (no CDN, no validator call).
 */
export async function registerOpenApi(app: App): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'auditready API',
        version: '1',
        description:
          'SOC 2 audit readiness. Authenticate with the session cookie (browser; writes need X-CSRF-Token) or `Authorization: Bearer ar_…` (API token). Errors are `{ "error": { "code", "message", "details" } }`; lists are `{ "items", "nextCursor" }`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: `${API_PREFIX}/docs`,
    staticCSP: DOCS_CSP,
    uiConfig: { deepLinking: true },
  });
  app.get(`${API_PREFIX}/openapi.json`, { schema: { hide: true } }, async () => app.swagger());
}
