import { z } from 'zod';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { decodeCursor, pageQuerySchema, pageSchema, toPage } from '../../platform/http/pagination.js';
import { invitationViewSchema } from './invitation.schema.js';
import { inviteMember, listInvitations, revokeInvitation } from './invitation.service.js';
import { disableMember, enableMember, listMembers, updateMember } from './member.service.js';
import { memberInputSchema, memberSchema, membershipSchema, memberUpdateSchema } from './user.schema.js';

const orgParams = z.object({ org: z.string().min(1).max(100) });
const memberParams = orgParams.extend({ memberId: z.string().min(1).max(64) });
const invitationParams = orgParams.extend({ invitationId: z.string().min(1).max(64) });
const tags = ['members'];

/**
 * `/api/v1/orgs/:org/members` and `/invitations`: who may sign in to the
 * organization, with which role, and who is invited (admins only).
 */
export async function memberRoutes(app: App): Promise<void> {
  const { database, config } = app.deps;

  app.route({
    method: 'GET',
    url: '/orgs/:org/members',
    config: { policy: { concept: 'member', action: 'read' } },
    schema: {
      tags,
      operationId: 'listMembers',
      summary: 'Members of the organization',
      params: orgParams,
      querystring: pageQuerySchema,
      response: { 200: pageSchema(memberSchema) },
    },
    handler: async (request) => {
      const { cursor, limit } = request.query;
      const after = decodeCursor(cursor, z.string());
      const rows = await listMembers(database, orgOf(request).id, { after, limit: limit + 1 });
      return toPage(rows, limit, (m) => m.id);
    },
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/members',
    config: {
      policy: { concept: 'member', action: 'create' },
      raises: { conflict: 'the e-mail is already a member of this organization' },
    },
    schema: {
      tags,
      operationId: 'inviteMember',
      summary:
        'Invite an e-mail address with a role: the answer (the invitation and its one-time link secret, shown once) is the same whether the address has an account or not',
      params: orgParams,
      body: memberInputSchema,
      response: { 201: z.object({ invitation: invitationViewSchema, inviteToken: z.string() }) },
    },
    handler: async (request, reply) => {
      const issued = await inviteMember(
        database,
        actorOfRequest(request),
        orgOf(request).id,
        request.body,
        config.auth.now(),
      );
      return reply.code(201).send(issued);
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/invitations',
    config: { policy: { concept: 'member', action: 'read' } },
    schema: {
      tags,
      operationId: 'listInvitations',
      summary: 'Pending invitations of the organization (expired ones included)',
      params: orgParams,
      querystring: pageQuerySchema,
      response: { 200: pageSchema(invitationViewSchema) },
    },
    handler: async (request) => {
      const { cursor, limit } = request.query;
      const after = decodeCursor(cursor, z.string());
      const rows = await listInvitations(database, orgOf(request).id, { after, limit: limit + 1 });
      return toPage(rows, limit, (i) => i.id);
    },
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/invitations/:invitationId/revoke',
    config: {
      policy: { concept: 'member', action: 'disable' },
      raises: { conflict: 'the invitation was already accepted, declined or revoked' },
    },
    schema: {
      tags,
      operationId: 'revokeInvitation',
      summary: 'Revoke a pending invitation (its link stops working)',
      params: invitationParams,
      response: { 200: invitationViewSchema },
    },
    handler: async (request) =>
      revokeInvitation(
        database,
        actorOfRequest(request),
        orgOf(request).id,
        request.params.invitationId,
        config.auth.now(),
      ),
  });

  app.route({
    method: 'PATCH',
    url: '/orgs/:org/members/:memberId',
    config: {
      policy: { concept: 'member', action: 'update' },
      raises: { conflict: 'the organization would be left without an active admin' },
    },
    schema: {
      tags,
      operationId: 'updateMember',
      summary: "Change a member's role or the roster person they are",
      params: memberParams,
      body: memberUpdateSchema,
      response: { 200: membershipSchema },
    },
    handler: async (request) =>
      updateMember(
        database,
        actorOfRequest(request),
        orgOf(request).id,
        request.params.memberId,
        request.body,
      ),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/members/:memberId/disable',
    config: {
      policy: { concept: 'member', action: 'disable' },
      raises: { conflict: 'the organization would be left without an active admin' },
    },
    schema: {
      tags,
      operationId: 'disableMember',
      summary:
        'Disable a member: they lose this organization at once (their sessions elsewhere are not touched)',
      params: memberParams,
      response: { 200: membershipSchema },
    },
    handler: async (request) =>
      disableMember(database, actorOfRequest(request), orgOf(request).id, request.params.memberId),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/members/:memberId/enable',
    config: { policy: { concept: 'member', action: 'update' } },
    schema: {
      tags,
      operationId: 'enableMember',
      summary: 'Re-enable a disabled member with the role they had',
      params: memberParams,
      response: { 200: membershipSchema },
    },
    handler: async (request) =>
      enableMember(database, actorOfRequest(request), orgOf(request).id, request.params.memberId),
  });
}
