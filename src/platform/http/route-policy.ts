import { isDeclared, type RoutePolicy } from '../auth/policy.js';
import type { RouteError } from './errors.js';

/** The path prefix of the JSON API; every route under it declares a policy. */
export const API_PREFIX = '/api/v1';

/** API routes that are not part of the API proper (the documentation viewer and document). */
const UNGUARDED = [`${API_PREFIX}/docs`, `${API_PREFIX}/openapi.json`];

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

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
 * hook's rules (src/server/guard.ts raises them); the integration harness fails a test run whose
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
