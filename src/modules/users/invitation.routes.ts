import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { type App, clientOf, principalOf } from '../../platform/http/app.js';
import { setSessionCookie } from '../../platform/http/session-cookie.js';
import {
  invitationPreviewSchema,
  invitationTokenInputSchema,
  myInvitationSchema,
} from './invitation.schema.js';
import {
  acceptInvitation,
  declineInvitation,
  inspectInvitation,
  myInvitations,
  registerWithInvitation,
} from './invitation.service.js';
import { describeSession, sessionViewSchema } from './session.service.js';
import { invitationRegisterSchema } from './user.schema.js';

const tags = ['auth'];

function userOf(request: Parameters<typeof principalOf>[0]) {
  const principal = principalOf(request);
  if (principal.kind !== 'user') throw new AppError('forbidden', 'this needs a signed-in user');
  return principal;
}

/**
 * `/api/v1/auth/invitations/*`: the invitee's side of an invitation
 * (docs/decisions/0009). The link's holder previews it; a new address
 * registers with it; an existing account accepts it after signing in
 * (secret and session both needed); the signed-in account lists and
 * declines its own.
 */
export async function invitationRoutes(app: App): Promise<void> {
  const { database, config } = app.deps;

  app.route({
    method: 'POST',
    url: '/auth/invitations/inspect',
    config: {
      policy: 'public',
      raises: {
        not_found: 'the invitation link is invalid, used, revoked or expired',
      },
    },
    schema: {
      tags,
      operationId: 'inspectInvitation',
      summary:
        "What an invitation link offers (organization, address, role); nothing about the address's account",
      body: invitationTokenInputSchema,
      response: { 200: invitationPreviewSchema },
    },
    handler: async (request) => inspectInvitation(database, request.body.token, config.auth.now()),
  });

  app.route({
    method: 'POST',
    url: '/auth/invitations/register',
    config: {
      policy: 'public',
      raises: {
        not_found: 'the invitation link is invalid, used, revoked or expired',
        conflict:
          'the address already has an account (sign in and accept), or the invitation was just answered',
      },
    },
    schema: {
      tags,
      operationId: 'registerWithInvitation',
      summary:
        'Create the account of an invited address that has none yet: choose name and password, join, be signed in',
      body: invitationRegisterSchema,
      response: { 200: sessionViewSchema },
    },
    handler: async (request, reply) => {
      const session = await registerWithInvitation(database, request.body, clientOf(request), config.auth);
      setSessionCookie(request, reply, session);
      return describeSession(database, session.user, session.csrfToken, session.expiresAt);
    },
  });

  app.route({
    method: 'POST',
    url: '/auth/invitations/accept',
    config: {
      policy: 'user-session',
      raises: {
        not_found:
          'the invitation link is invalid, used, revoked or expired, or addressed to another account',
        conflict: 'the invitation was just answered',
      },
    },
    schema: {
      tags,
      operationId: 'acceptInvitation',
      summary: "Accept an invitation as the signed-in account it is addressed to (needs the link's secret)",
      body: invitationTokenInputSchema,
      response: { 200: sessionViewSchema },
    },
    handler: async (request) => {
      const principal = userOf(request);
      await acceptInvitation(database, principal, request.body.token, config.auth.now());
      const user = { id: principal.userId, email: principal.email, name: principal.name };
      return describeSession(database, user, principal.csrfToken, null);
    },
  });

  app.route({
    method: 'GET',
    url: '/auth/invitations',
    config: { policy: 'user-session' },
    schema: {
      tags,
      operationId: 'listMyInvitations',
      summary: 'The pending invitations addressed to the signed-in account',
      response: { 200: z.object({ items: z.array(myInvitationSchema) }) },
    },
    handler: async (request) => ({
      items: await myInvitations(database, userOf(request), config.auth.now()),
    }),
  });

  app.route({
    method: 'POST',
    url: '/auth/invitations/:invitationId/decline',
    config: { policy: 'user-session' },
    schema: {
      tags,
      operationId: 'declineInvitation',
      summary: 'Decline one of the signed-in account’s pending invitations',
      params: z.object({ invitationId: z.string().min(1).max(64) }),
    },
    handler: async (request, reply) => {
      await declineInvitation(database, userOf(request), request.params.invitationId, config.auth.now());
      return reply.code(204).send();
    },
  });
}
