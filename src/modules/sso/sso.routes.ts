import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { type App, actorOfRequest, clientOf, orgOf, principalOf } from '../../platform/http/app.js';
import { arrivedOverTls, clearSessionCookie, setSessionCookie } from '../../platform/http/session-cookie.js';
import { describeSession, sessionViewSchema } from '../users/session.service.js';
import {
  ssoConfigInputSchema,
  ssoConfigViewSchema,
  ssoLinkInputSchema,
  ssoSettingsSchema,
  ssoSignOutSchema,
  ssoTestResultSchema,
} from './sso.schema.js';
import {
  completeSsoLogin,
  confirmSsoLink,
  LOGIN_MINUTES,
  PENDING_LINK_MINUTES,
  SsoRefusal,
  ssoSignOut,
  startSsoLogin,
} from './sso.service.js';
import { configureSso, getSsoConfig, testSso } from './sso-config.service.js';

const tags = ['sso'];
/** The cookie binding a started sign-in to the browser that started it. */
export const SSO_LOGIN_COOKIE = 'auditready_sso';
/** The cookie carrying a pending link to the browser that received it. */
export const SSO_LINK_COOKIE = 'auditready_sso_link';
const COOKIE_PATH = '/api/v1/auth/sso';

/** The base URL people reach the server at: the configured public URL, else the request's own. */
function baseOf(request: FastifyRequest): string {
  return request.server.deps.config.publicUrl ?? `${request.protocol}://${request.host}`;
}
const callbackOf = (request: FastifyRequest) => `${baseOf(request)}/api/v1/auth/sso/callback`;
const signInPageOf = (request: FastifyRequest) => `${baseOf(request)}/sign-in`;

function setShortCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  value: string,
  minutes: number,
) {
  reply.setCookie(name, value, {
    httpOnly: true,
    // Lax: the provider's redirect back is a top-level GET, which carries it; cross-site writes do not.
    sameSite: 'lax',
    secure: arrivedOverTls(request),
    path: COOKIE_PATH,
    maxAge: minutes * 60,
  });
}

function clearShortCookie(request: FastifyRequest, reply: FastifyReply, name: string) {
  reply.clearCookie(name, {
    httpOnly: true,
    sameSite: 'lax',
    secure: arrivedOverTls(request),
    path: COOKIE_PATH,
  });
}

/** Sends the browser back to the sign-in page with the refusal's code and message. */
function refuse(reply: FastifyReply, request: FastifyRequest, refusal: SsoRefusal) {
  const url = new URL(signInPageOf(request));
  url.searchParams.set('sso_error', refusal.reason);
  url.searchParams.set('message', refusal.message);
  return goTo(request, reply, url.href);
}

const redirect = z.null().describe('A browser is redirected (Location)');
const redirectJson = z
  .object({ location: z.string() })
  .describe(
    'Where to go next, for a client that asked for JSON (Accept: application/json) instead of a redirect',
  );

/** Redirects a browser; a client that asked for JSON gets the location as JSON. */
function goTo(request: FastifyRequest, reply: FastifyReply, location: string) {
  if (request.headers.accept?.includes('application/json')) return reply.code(200).send({ location });
  return reply.redirect(location, 303);
}

/** `/api/v1/auth/sso/*` (sign-in through an organization's provider) and `/api/v1/orgs/:org/sso` (its settings). */
export async function ssoRoutes(app: App): Promise<void> {
  const { database, config } = app.deps;

  app.route({
    method: 'GET',
    url: '/orgs/:org/sso',
    config: { policy: { concept: 'sso', action: 'read' } },
    schema: {
      tags,
      operationId: 'getSsoSettings',
      summary:
        "The organization's OpenID Connect settings (never the client secret) and the URIs to register at the provider",
      params: z.object({ org: z.string() }),
      response: { 200: ssoSettingsSchema },
    },
    handler: async (request) => {
      const org = orgOf(request);
      return {
        config: await getSsoConfig(database, org.id),
        redirectUri: callbackOf(request),
        postLogoutRedirectUri: signInPageOf(request),
        startUrl: `${baseOf(request)}/api/v1/auth/sso/${org.slug}/start`,
      };
    },
  });

  app.route({
    method: 'PUT',
    url: '/orgs/:org/sso',
    config: {
      policy: { concept: 'sso', action: 'configure' },
      raises: { unavailable: 'no secret key is configured to seal the client secret' },
    },
    schema: {
      tags,
      operationId: 'configureSso',
      summary:
        'Saves the OpenID Connect settings (the client secret is write-only: omit to keep it, null to remove it)',
      params: z.object({ org: z.string() }),
      body: ssoConfigInputSchema,
      response: { 200: ssoConfigViewSchema },
    },
    handler: async (request) =>
      configureSso(
        database,
        actorOfRequest(request),
        orgOf(request).id,
        request.body,
        config.secretBox,
        config.auth.now(),
      ),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/sso/test',
    config: {
      policy: { concept: 'sso', action: 'test' },
      raises: {
        not_found: 'no SSO configuration is saved yet',
        unavailable: 'no secret key is configured to open the client secret',
      },
    },
    schema: {
      tags,
      operationId: 'testSso',
      summary:
        'Runs discovery against the saved issuer and reports what the provider offers (ok false with the reason when it fails)',
      params: z.object({ org: z.string() }),
      response: { 200: ssoTestResultSchema },
    },
    handler: async (request) => testSso(database, orgOf(request).id, config.secretBox, config.auth.now()),
  });

  app.route({
    method: 'GET',
    url: '/auth/sso/:org/start',
    config: { policy: 'public' },
    schema: {
      tags,
      operationId: 'startSsoSignIn',
      summary:
        "Starts signing in through the organization's identity provider: redirects there (PKCE S256, state, nonce); a refusal redirects to the sign-in page with its message",
      params: z.object({ org: z.string().min(1).max(200) }),
      response: { 200: redirectJson, 303: redirect },
    },
    handler: async (request, reply) => {
      try {
        const started = await startSsoLogin(
          database,
          request.params.org,
          callbackOf(request),
          config.secretBox,
          clientOf(request),
          config.auth,
        );
        setShortCookie(request, reply, SSO_LOGIN_COOKIE, started.browserToken, LOGIN_MINUTES);
        return goTo(request, reply, started.authorizationUrl);
      } catch (err) {
        if (err instanceof SsoRefusal) return refuse(reply, request, err);
        throw err;
      }
    },
  });

  app.route({
    method: 'GET',
    url: '/auth/sso/callback',
    config: { policy: 'public' },
    schema: {
      tags,
      operationId: 'completeSsoSignIn',
      summary:
        "Where the identity provider sends the browser back: validates everything, starts a session and redirects to the app (or to the sign-in page with the refusal's message, or to link an existing account)",
      querystring: z
        .object({
          code: z.string().max(4000),
          state: z.string().max(4000),
          iss: z.string().max(4000),
          error: z.string().max(4000),
          error_description: z.string().max(4000),
        })
        .partial(),
      response: { 200: redirectJson, 303: redirect },
    },
    handler: async (request, reply) => {
      const query = request.raw.url?.split('?')[1] ?? '';
      const callbackUrl = new URL(`${callbackOf(request)}${query ? `?${query}` : ''}`);
      try {
        const outcome = await completeSsoLogin(
          database,
          { callbackUrl, browserToken: request.cookies[SSO_LOGIN_COOKIE] || undefined },
          config.secretBox,
          clientOf(request),
          config.auth,
        );
        clearShortCookie(request, reply, SSO_LOGIN_COOKIE);
        if (outcome.kind === 'pending-link') {
          setShortCookie(request, reply, SSO_LINK_COOKIE, outcome.linkToken, PENDING_LINK_MINUTES);
          const url = new URL(signInPageOf(request));
          url.searchParams.set('sso_link', outcome.orgSlug);
          url.searchParams.set('email', outcome.email);
          return goTo(request, reply, url.href);
        }
        setSessionCookie(request, reply, outcome.session);
        return goTo(request, reply, `${baseOf(request)}/`);
      } catch (err) {
        if (err instanceof SsoRefusal) {
          clearShortCookie(request, reply, SSO_LOGIN_COOKIE);
          return refuse(reply, request, err);
        }
        throw err;
      }
    },
  });

  app.route({
    method: 'POST',
    url: '/auth/sso/link',
    config: {
      policy: 'public',
      raises: {
        unauthenticated: 'no pending link in this browser, it expired, or the password is wrong',
        rate_limited: 'too many failed sign-in attempts for this e-mail or address',
      },
    },
    schema: {
      tags,
      operationId: 'confirmSsoLink',
      summary:
        'Links the identity a single sign-on just presented to the existing account with its e-mail, once its password proves it is yours; signs in',
      body: ssoLinkInputSchema,
      response: { 200: sessionViewSchema },
    },
    handler: async (request, reply) => {
      const session = await confirmSsoLink(
        database,
        { linkToken: request.cookies[SSO_LINK_COOKIE] || undefined, password: request.body.password },
        clientOf(request),
        config.auth,
      );
      clearShortCookie(request, reply, SSO_LINK_COOKIE);
      setSessionCookie(request, reply, session);
      return describeSession(database, session.user, session.csrfToken, session.expiresAt);
    },
  });

  app.route({
    method: 'POST',
    url: '/auth/sso/sign-out',
    config: { policy: 'user-session' },
    schema: {
      tags,
      operationId: 'signOutWithSso',
      summary:
        "Signs out (revokes the session) and, when single sign-on started it and the provider supports it, answers the provider's logout URL to end the session there too",
      response: { 200: ssoSignOutSchema },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      if (principal.kind !== 'user') throw new AppError('forbidden', 'this needs a signed-in user');
      const result = await ssoSignOut(
        database,
        principal,
        signInPageOf(request),
        config.secretBox,
        config.auth,
      );
      clearSessionCookie(request, reply);
      return result;
    },
  });
}
