import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyRequest } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import packageJson from '../../../package.json' with { type: 'json' };
import { describePolicy, type RoutePolicy } from '../auth/policy.js';
import { ERROR_STATUS } from '../errors.js';
import type { App } from './app.js';
import type { RouteError } from './errors.js';
import { routeErrorsByStatus } from './route-errors.js';
import { API_PREFIX } from './route-policy.js';
import { SESSION_COOKIE } from './session-cookie.js';

/** The Swagger UI page loads only its own bundled files (served offline) and needs inline styles. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

/**
 * One description per tag (a tag per concept, named in each `*.routes.ts`).
 * A routes file with a new tag adds it here; the OpenAPI test names the tag.
 */
export const TAG_DESCRIPTIONS: Record<string, string> = {
  auth: 'Sign-in, sign-out, the current session, first-admin setup and password changes.',
  organizations: 'The organizations the caller belongs to and their settings.',
  members: 'Users of an organization, their roles and the invitations that add them.',
  sso: "Single sign-on with OpenID Connect: signing in through an organization's identity provider, and its settings.",
  'api tokens': 'API tokens for scripts and integrations (the secret is shown once, at creation).',
  people: 'The HR roster: the people who own controls and evidence.',
  frameworks: 'The shipped framework catalogs and their criteria.',
  controls: 'The control matrix: controls, owners, requirements and their crosswalk to the frameworks.',
  evidence: 'Evidence files, links and records, stored content-addressed, and their review.',
  engagements: 'Audit engagements (type, window, audit dates) and the plan worked back from them.',
  exceptions: 'Exceptions: known deviations from a control, approved and closed.',
  findings: 'Findings against controls, and their resolution.',
  readiness: 'Readiness today: per category, control and requirement, and the burndown to the audit date.',
  activity: 'The hash-chained activity log and its verification.',
  nhi: 'Non-human identities: imports of provider exports, the inventory, owners, reviews and rule findings.',
  changes:
    'Change management tied to production releases: imports of repository exports, releases, changes and their approval.',
  tickets:
    'Ticket histories (Jira, Linear) as evidence: page imports, tickets with their status transitions, approval and linked pull requests.',
  reports: 'Downloads: spreadsheet exports (XLSX or CSV) of the registers and the PDF readiness report.',
  oscal:
    'OSCAL 1.2 documents (catalog, mapping collection, assessment results, POA&M) and OSCAL catalog imports.',
  'access reviews':
    'Access reviews of people accounts and NHIs: account lists, campaigns, decisions, follow-ups and their evidence.',
  incidents:
    'The incident register (in-app or imported from CSV), each incident’s timeline and follow-up actions, and incident-response tests.',
  policies:
    'Policies as Markdown documents with versions, their approval and review, and the acknowledgements of the version in force (in the app or from an HR or LMS export).',
  vendors:
    'Vendor oversight: the vendor register, SOC 2 / ISO 27001 reports and bridge letters (their files are evidence), CUECs mapped to controls, reviews.',
  cadence:
    'The weekly run: its schedule and settings, scheduled collections, runs and their steps, jobs and dead letters, and each person’s digest.',
  connectors:
    'Connectors the weekly run collects from live: GitHub organizations (pull requests, deployments, deploy keys, Actions secrets, PATs, App installations), their sealed tokens and last collection.',
  requests:
    "The audit's requests of an engagement: request list imports, the board, one thread per request, answers with evidence, and the auditor's accept or return.",
  audit:
    "An engagement as its auditor sees it: in-scope controls, evidence in the audit period, the auditors' findings and the engagement's activity.",
  samples:
    "Populations of an engagement's records, samples drawn from them reproducibly from a recorded seed, and the firm's sample sizes.",
  package:
    'The signed evidence package of an engagement: a ZIP of the evidence an auditor of it sees, with its manifest, signed SHA256SUMS and a checkpoint of the activity log.',
};

/** The reason phrase of each error status, for the response descriptions. */
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Import rejected',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

/** The one error shape every route sends, `{ error: { code, message, details } }`. */
const ERROR_SCHEMA = {
  type: 'object',
  description: 'Every failure, on every route.',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      additionalProperties: false,
      properties: {
        code: {
          type: 'string',
          enum: Object.keys(ERROR_STATUS),
          description: 'machine code; each is always sent with the same HTTP status',
        },
        message: { type: 'string', description: 'what went wrong, in plain words' },
        details: {
          description:
            'structured details or null: `issues` (path, message) for invalid input; file, line, column and reason for a rejected import',
        },
      },
    },
  },
} as const;

/** Where the route-level facts wait between the per-route transform and the document transform. */
const ERRORS_KEY = 'x-auditready-errors';

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];
type RouteConfig = {
  policy?: RoutePolicy;
  multipartFile?: string;
  multipartFields?: z.ZodObject;
};

/** The multipart body of an upload route: its form fields (sent first), then the file. */
function multipartBody(file: string, fields: z.ZodObject | undefined) {
  const json = fields
    ? (z.toJSONSchema(fields, { io: 'input', unrepresentable: 'any' }) as {
        properties?: Record<string, unknown>;
        required?: string[];
      })
    : {};
  return {
    type: 'object',
    description: 'multipart/form-data: the fields first, then the file part',
    required: [...(json.required ?? []), file],
    properties: { ...json.properties, [file]: { type: 'string', format: 'binary' } },
  };
}

/**
 * The zod → JSON Schema transform, plus what the route config knows: its
 * policy as `x-policy` (the authorization matrix test reads it), no security
 * requirement on public routes, the multipart body of upload routes, and
 * the errors the route can answer with (turned into responses below).
 */
function transform(input: TransformInput) {
  const out = jsonSchemaTransform(input);
  const route = input.route as Parameters<typeof routeErrorsByStatus>[0] & { config?: RouteConfig };
  const config = route.config;
  const schema = (out.schema ?? {}) as Record<string, unknown>;
  if (schema.hide || !config?.policy) return out;
  schema['x-policy'] = describePolicy(config.policy);
  if (config.policy === 'public') schema.security = [];
  if (config.multipartFile) {
    schema.consumes = ['multipart/form-data'];
    schema.body = multipartBody(config.multipartFile, config.multipartFields);
  }
  schema[ERRORS_KEY] = Object.fromEntries(routeErrorsByStatus(route));
  return { ...out, schema };
}

type Operation = Record<string, unknown> & { tags?: string[]; responses?: Record<string, unknown> };
type Document = Record<string, unknown> & {
  paths?: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown> | undefined>;
};

/** The response of one error status: the reasons in words, the shared error shape, Retry-After when sent. */
function errorResponse(status: number, errors: RouteError[]) {
  const retry = status === 429 || status === 503;
  return {
    description: `${STATUS_TEXT[status] ?? 'Error'}: ${errors.map((e) => e.reason).join('; ')}.`,
    ...(retry ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } } : {}),
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
}

/**
 * The whole document: the error shape as one component, each operation's
 * error responses, a tag list with descriptions, and the license.
 */
function transformObject(input: Parameters<typeof jsonSchemaTransformObject>[0]) {
  const document = jsonSchemaTransformObject(input) as unknown as Document;
  const tags = new Set<string>();
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const tag of operation.tags ?? []) tags.add(tag);
      const errors = operation[ERRORS_KEY] as Record<string, RouteError[]> | undefined;
      if (!errors) continue;
      delete operation[ERRORS_KEY];
      for (const [status, list] of Object.entries(errors)) {
        operation.responses = { ...operation.responses, [status]: errorResponse(Number(status), list) };
      }
    }
  }
  const components = document.components ?? {};
  return {
    ...document,
    tags: [...tags].map((name) =>
      TAG_DESCRIPTIONS[name] ? { name, description: TAG_DESCRIPTIONS[name] } : { name },
    ),
    components: {
      ...components,
      schemas: { ...components.schemas, Error: ERROR_SCHEMA },
      headers: {
        ...components.headers,
        RetryAfter: {
          description: 'seconds to wait before trying again',
          schema: { type: 'integer', minimum: 0 },
        },
      },
    },
  };
}

/**
 * The license the package declares: an SPDX identifier as such; otherwise
 * (`UNLICENSED`: proprietary, no license granted) a `LicenseRef-` of that
 * name, SPDX's form for a license that is not on its list.
 */
export function licenseOf(declared: string | undefined): { name: string; identifier: string } {
  if (!declared || declared === 'UNLICENSED') {
    return { name: 'UNLICENSED (proprietary: no license is granted)', identifier: 'LicenseRef-UNLICENSED' };
  }
  return { name: declared, identifier: declared };
}

/** The host part of a Host header (name or address, optional port), or null for anything else. */
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The document as served: `servers` is the configured public URL, or else
 * the address the request reached this server at (behind a trusted proxy,
 * the forwarded one), so "try it" and generated clients call this server.
 */
function documentFor(app: App, request: FastifyRequest) {
  const { openapi, info, ...rest } = app.swagger() as unknown as Record<string, unknown>;
  const publicUrl = app.deps.config.publicUrl;
  const url = publicUrl ?? (HOST.test(request.host) ? `${request.protocol}://${request.host}` : '/');
  return { openapi, info, servers: [{ url, description: 'this auditready server' }], ...rest };
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
          'SOC 2 audit readiness. Authenticate with the session cookie (browser; writes need X-CSRF-Token) or `Authorization: Bearer ar_…` (API token). Errors are `{ "error": { "code", "message", "details" } }` (the `Error` schema); lists are `{ "items", "nextCursor" }`.',
        license: licenseOf(packageJson.license),
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
    transformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: `${API_PREFIX}/docs`,
    staticCSP: DOCS_CSP,
    // Tags start folded: Swagger UI draws an unfolded document of 137 operations only as far as the first
    // tag (the rest appears on interaction), so every tag is listed and a click unfolds it.
    uiConfig: { deepLinking: true, docExpansion: 'none' },
    transformSpecificationClone: false,
    transformSpecification: (_spec, request) => documentFor(app, request),
  });
  app.get(`${API_PREFIX}/openapi.json`, { schema: { hide: true } }, async (request) =>
    documentFor(app, request),
  );
}
