import type { FastifyRequest } from 'fastify';
import { authenticateApiToken } from '../modules/api-tokens/api-token.service.js';
import { authenticateSession } from '../modules/users/session.service.js';
import { findActiveMembershipByOrgRef } from '../modules/users/user.repository.js';
import { bearerToken } from '../platform/auth/api-token-format.js';
import { decide } from '../platform/auth/policy.js';
import { actorOf, type Principal } from '../platform/auth/principal.js';
import { safeEqual } from '../platform/auth/secrets.js';
import { AppError } from '../platform/errors.js';
import type { App, OrgContext, RequestAuth } from '../platform/http/app.js';
import { checkRoutePolicy, SAFE_METHODS } from '../platform/http/route-policy.js';
import { sessionTokenOf } from '../platform/http/session-cookie.js';
import { write } from '../platform/ledger/ledger.js';
import { OWNER_OF } from './ownership.js';

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
      engagementId: null,
    };
  }
  const m = await findActiveMembershipByOrgRef(db, principal.userId, orgRef);
  return m
    ? {
        id: m.orgId,
        slug: m.slug,
        name: m.name,
        role: m.role,
        personId: m.personId,
        engagementId: m.engagementId,
      }
    : null;
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
    if (decision.allow === 'engagement') {
      // An auditor sees one engagement; any other (of this organization or none) does not exist for them.
      if (org.engagementId !== null && params.engagementId === org.engagementId) return;
      throw new AppError('not_found', `engagement ${params.engagementId ?? ''} not found`);
    }
    await recordDenial(app, request, principal, org);
    throw new AppError(
      'forbidden',
      `your role (${org.role}) may not ${policy.action} ${policy.concept} here`,
    );
  });
}
