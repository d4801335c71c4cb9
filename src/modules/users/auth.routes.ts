import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { type App, clientOf, principalOf } from '../../platform/http/app.js';
import { clearSessionCookie, setSessionCookie } from '../../platform/http/session-cookie.js';
import { changePassword, describeSession, sessionViewSchema, signIn, signOut } from './session.service.js';
import { completeSetup } from './setup.service.js';
import { passwordChangeSchema, setupInputSchema, signInInputSchema } from './user.schema.js';

const tags = ['auth'];

/** `/api/v1/auth/*`: sign-in, sign-out, the current session, first-run setup, password change. */
export async function authRoutes(app: App): Promise<void> {
  const { database, config } = app.deps;

  app.route({
    method: 'POST',
    url: '/auth/sign-in',
    config: {
      policy: 'public',
      raises: {
        unauthenticated:
          'wrong e-mail or password, or (the password right) an organization of the account requires single sign-on',
        rate_limited: 'too many failed sign-in attempts for this e-mail or address',
      },
    },
    schema: {
      tags,
      operationId: 'signIn',
      summary: 'Sign in with e-mail and password (sets the session cookie; a new session every time)',
      body: signInInputSchema,
      response: { 200: sessionViewSchema },
    },
    handler: async (request, reply) => {
      const session = await signIn(database, request.body, clientOf(request), config.auth);
      setSessionCookie(request, reply, session);
      return describeSession(database, session.user, session.csrfToken, session.expiresAt);
    },
  });

  app.route({
    method: 'POST',
    url: '/auth/sign-out',
    config: { policy: 'user-session' },
    schema: {
      tags,
      operationId: 'signOut',
      summary: 'Sign out (revokes the session)',
      response: { 204: z.null().describe('Signed out') },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      if (principal.kind === 'user') await signOut(database, principal, config.auth);
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  });

  app.route({
    method: 'GET',
    url: '/auth/session',
    config: { policy: 'public' },
    schema: {
      tags,
      operationId: 'getSession',
      summary: 'The signed-in user, their organizations and the CSRF token (all null when signed out)',
      response: { 200: sessionViewSchema },
    },
    handler: async (request) => {
      const principal = request.auth.principal;
      if (principal?.kind !== 'user')
        return { user: null, memberships: [], csrfToken: null, expiresAt: null };
      const user = { id: principal.userId, email: principal.email, name: principal.name };
      return describeSession(database, user, principal.csrfToken, null);
    },
  });

  app.route({
    method: 'POST',
    url: '/auth/setup',
    config: {
      policy: 'public',
      raises: {
        unauthenticated: 'the setup link is invalid, used or expired',
        conflict: 'an admin already exists, the link was just used, or the account already has a password',
      },
    },
    schema: {
      tags,
      operationId: 'completeSetup',
      summary: 'Redeem a one-time setup or invitation token: choose a password, and be signed in',
      body: setupInputSchema,
      response: { 200: sessionViewSchema },
    },
    handler: async (request, reply) => {
      const session = await completeSetup(database, request.body, clientOf(request), config.auth);
      setSessionCookie(request, reply, session);
      return describeSession(database, session.user, session.csrfToken, session.expiresAt);
    },
  });

  app.route({
    method: 'POST',
    url: '/auth/password',
    config: { policy: 'user-session', raises: { forbidden: 'the current password is wrong' } },
    schema: {
      tags,
      operationId: 'changePassword',
      summary: 'Change the password (needs the current one; every session is revoked and a new one started)',
      body: passwordChangeSchema,
      response: { 200: sessionViewSchema },
    },
    handler: async (request, reply) => {
      const principal = principalOf(request);
      if (principal.kind !== 'user') throw new AppError('forbidden', 'this needs a signed-in user');
      const session = await changePassword(database, principal, request.body, clientOf(request), config.auth);
      setSessionCookie(request, reply, session);
      return describeSession(database, session.user, session.csrfToken, session.expiresAt);
    },
  });
}
