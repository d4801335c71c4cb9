import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ZodObject } from 'zod';
import type { Actor } from '../../core/ledger/chain.js';
import type { Role, RoutePolicy } from '../auth/policy.js';
import { actorOf, type Principal } from '../auth/principal.js';
import type { BlobStore } from '../blobs/blob-store.js';
import type { Database } from '../db/database.js';
import { AppError, type ErrorCode } from '../errors.js';
import type { ServerConfig } from './config.js';

/** The organization a request works in, as the guard resolved it from the path. */
export interface OrgContext {
  id: string;
  slug: string;
  name: string;
  /** The caller's role in it (a member's role, or the token's role). */
  role: Role;
  /** The roster person the caller is (their membership's person, or the token's owner). */
  personId: string | null;
  /** The one engagement an auditor's membership is scoped to; null for every other role and for tokens. */
  engagementId: string | null;
}

/** What the guard learned about the caller of a request. */
export interface RequestAuth {
  principal: Principal | null;
  /** True when the credential came from the session cookie (writes then need the CSRF token). */
  viaCookie: boolean;
  org: OrgContext | null;
}

/** What route plugins need: the store, the evidence blob store and the configuration. */
export interface ServerDeps {
  database: Database;
  blobs: BlobStore;
  config: ServerConfig;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: ServerDeps;
  }
  interface FastifyRequest {
    auth: RequestAuth;
  }
  interface FastifyContextConfig {
    /** Who may call the route; every `/api/v1` route must declare one (checked at startup). */
    policy?: RoutePolicy;
    /** The multipart field carrying an uploaded file, for the OpenAPI document. */
    multipartFile?: string;
    /** The form fields an upload route reads before its file part, for the OpenAPI document. */
    multipartFields?: ZodObject;
    /**
     * The error codes the route's service raises beyond what the guard, validation and uploads
     * answer (those are derived), each with its reason in plain words: the OpenAPI document lists them.
     */
    raises?: Partial<Record<ErrorCode, string>>;
  }
}

/** The Fastify instance with zod schemas as its type provider. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** The organization of an organization-scoped request (the guard has resolved it). */
export function orgOf(request: FastifyRequest): OrgContext {
  if (!request.auth.org) throw new AppError('internal', 'route has no organization in its policy');
  return request.auth.org;
}

/** The principal of an authenticated request. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.auth.principal) throw new AppError('unauthenticated', 'sign in or send an API token');
  return request.auth.principal;
}

/** The ledger actor of an authenticated request. */
export function actorOfRequest(request: FastifyRequest): Actor {
  return actorOf(principalOf(request));
}

/** Where a request comes from, for sign-in limits and the activity log. */
export function clientOf(request: FastifyRequest): { ip: string; userAgent: string | null } {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

/**
 * Sends JSON the route has already made (text, or bytes when it is cached)
 * past the response schema's serializer: for hot routes whose value is
 * built field for field in the declared shape, or cached, and whose tests
 * check what is sent against the schema. Zod's pass over a 50-item page
 * cost a third of the page's query; a cached quarter megabyte of readiness
 * is sent as bytes, since encoding it again cost more than the lookup
 * (docs/decisions/0007-http-performance.md).
 */
export function sendJson(reply: FastifyReply, json: string | Buffer): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}
