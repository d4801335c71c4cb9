import type { FastifyRequest } from 'fastify';
import { authenticateApiToken } from '../modules/api-tokens/api-token.service.js';
import { authenticateSession } from '../modules/users/session.service.js';
import { findActiveMembershipByOrgRef } from '../modules/users/user.repository.js';
import { bearerToken } from '../platform/auth/api-token-format.js';
import { decide, isDeclared, type RoutePolicy } from '../platform/auth/policy.js';
import { actorOf, type Principal } from '../platform/auth/principal.js';
import { safeEqual } from '../platform/auth/secrets.js';
import { AppError } from '../platform/errors.js';
import type { App, OrgContext, RequestAuth } from '../platform/http/app.js';
import type { RouteError } from '../platform/http/errors.js';
import { sessionTokenOf } from '../platform/http/session-cookie.js';
import { write } from '../platform/ledger/ledger.js';
import { OWNER_OF } from './ownership.js';

/** The path prefix of the JSON API; every route under it declares a policy. */
export const API_PREFIX = '/api/v1';

/** API routes that are not part of the API proper (the documentation viewer and document). */
const UNGUARDED = [`${API_PREFIX}/docs`, `${API_PREFIX}/openapi.json`];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses, at startup, an API route without a policy or with one the table does not declare. */
export function checkRoutePolicy(route: {
  url: string;
  method: string | string[];
  config?: { policy?: RoutePolicy };
}) {
  if (!route.url.startsWith(`${API_PREFIX}/`) || UNGUARDED.some((p) => route.url.startsWith(p))) return;
  const policy = route.config?.policy;
  const name = `${String(route.method)} ${route.url}`;
  if (policy === undefined) throw new Error(`route ${name} declares no policy (config.policy)`);
  if (typeof policy === 'string') return;
  if (!isDeclared(policy.concept, policy.action)) {
    throw new Error(`route ${name}: ${policy.concept}.${policy.action} is not in the policy table`);
  }
  if (!route.url.startsWith(`${API_PREFIX}/orgs/:org/`) && route.url !== `${API_PREFIX}/orgs/:org`) {
    throw new Error(`route ${name}: an organization-scoped policy needs /orgs/:org in its path`);
  }
}

/**
 * The errors the guard below can answer a route with, by its policy and
 * method: what `/api/v1/openapi.json` documents for it. Kept beside the
 * hook that raises them; the integration harness fails a test run whose
 * server answers an error its route does not document.
 */
export function guardErrors(policy: RoutePolicy, method: string): RouteError[] {
  // A bad Authorization header is refused even on a public route (never ignored for the cookie).
  if (policy === 'public')
    return [{ code: 'unauthenticated', reason: 'an Authorization header without a valid API token' }];
  const errors: RouteError[] = [
    { code: 'unauthenticated', reason: 'no valid session cookie or API token (invalid, revoked or expired)' },
  ];
  if (!SAFE_METHODS.has(method.toUpperCase()))
    errors.push({ code: 'forbidden', reason: 'a session cookie without its X-CSRF-Token header' });
  if (policy === 'user-session')
    errors.push({ code: 'forbidden', reason: 'an API token where a signed-in user is needed' });
  if (typeof policy === 'object') {
    errors.push(
      { code: 'not_found', reason: 'no such organization, or the caller is not a member of it' },
      { code: 'forbidden', reason: `the caller's role may not ${policy.action} ${policy.concept} here` },
    );
  }
  return errors;
}

async function authenticate(app: App, request: FastifyRequest): Promise<RequestAuth> {
  const { database, config } = app.deps;
  const header = request.headers.authorization;
  if (header !== undefined) {
    // An Authorization header is never ignored in favour of the cookie: a bad one is a 401.
    const token = bearerToken(header);
    const principal = token ? await authenticateApiToken(database, token, config.auth.now()) : null;
    if (!principal) throw new AppError('unauthenticated', 'the API token is invalid, revoked or expired');
    return { principal, viaCookie: false, org: null };
  }
  const cookie = sessionTokenOf(request);
  if (!cookie) return { principal: null, viaCookie: false, org: null };
  const principal = await authenticateSession(database, cookie, config.auth);
  return { principal, viaCookie: principal !== null, org: null };
}

async function resolveOrg(app: App, principal: Principal, orgRef: string): Promise<OrgContext | null> {
  const db = app.deps.database.db;
  if (principal.kind === 'token') {
    if (orgRef !== principal.orgId && orgRef !== principal.orgSlug) return null;
    return {
      id: principal.orgId,
      slug: principal.orgSlug,
      name: principal.orgName,
      role: principal.role,
      personId: principal.ownerPersonId,
    };
  }
  const m = await findActiveMembershipByOrgRef(db, principal.userId, orgRef);
  return m ? { id: m.orgId, slug: m.slug, name: m.name, role: m.role, personId: m.personId } : null;
}

async function recordDenial(app: App, request: FastifyRequest, principal: Principal, org: OrgContext) {
  const policy = request.routeOptions.config.policy as { concept: string; action: string };
  await write(app.deps.database, { actor: actorOf(principal), orgId: org.id }, async (w) => {
    w.record({
      action: 'deny',
      recordType: 'route',
      recordId: `${request.method} ${request.routeOptions.url}`,
      change: { concept: policy.concept, action: policy.action, role: org.role },
    });
  });
}

/**
 * The one place authorization happens, before the body is read or
 * validated: resolve the principal (bearer token or session cookie), demand
 * the CSRF token on cookie-authenticated writes, resolve the organization
 * of the path through the caller's membership (unknown organization and
 * non-member both answer 404, so existence does not leak), then apply the
 * policy table (403, recorded on the organization's chain).
 */
export function registerGuard(app: App): void {
  app.decorateRequest('auth', null as unknown as RequestAuth);
  app.addHook('onRoute', (route) => checkRoutePolicy(route));
  app.addHook('onRequest', async (request) => {
    const policy = request.routeOptions.config?.policy;
    if (policy === undefined) return;
    request.auth = await authenticate(app, request);
    if (policy === 'public') return;
    const { principal } = request.auth;
    if (!principal) throw new AppError('unauthenticated', 'sign in or send an API token');
    if (request.auth.viaCookie && principal.kind === 'user' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, principal.csrfToken)) {
        throw new AppError(
          'forbidden',
          'missing or wrong X-CSRF-Token header (read it from GET /api/v1/auth/session)',
        );
      }
    }
    if (policy === 'signed-in') return;
    if (policy === 'user-session') {
      if (principal.kind !== 'user')
        throw new AppError('forbidden', 'this needs a signed-in user, not an API token');
      return;
    }
    const params = request.params as Record<string, string | undefined>;
    const org = params.org ? await resolveOrg(app, principal, params.org) : null;
    if (!org) throw new AppError('not_found', `organization ${params.org ?? ''} not found`);
    request.auth.org = org;
    const decision = decide(policy.concept, policy.action, org.role);
    if (decision.allow === true) return;
    if (decision.allow === 'own' && org.personId !== null) {
      const owner = await OWNER_OF[decision.record](app.deps.database, org.id, params);
      if (owner === undefined || owner === org.personId) return;
    }
    await recordDenial(app, request, principal, org);
    throw new AppError(
      'forbidden',
      `your role (${org.role}) may not ${policy.action} ${policy.concept} here`,
    );
  });
}
