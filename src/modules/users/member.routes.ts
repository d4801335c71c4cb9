import { z } from 'zod';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { decodeCursor, pageQuerySchema, pageSchema, toPage } from '../../platform/http/pagination.js';
import { addMember, disableMember, listMembers, updateMember } from './member.service.js';
import { memberInputSchema, memberUpdateSchema, roleSchema } from './user.schema.js';

const membershipSchema = z.object({
  id: z.string(),
  userId: z.string(),
  role: roleSchema,
  personId: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const memberSchema = membershipSchema.extend({ email: z.string(), name: z.string() });
const orgParams = z.object({ org: z.string().min(1).max(100) });
const memberParams = orgParams.extend({ memberId: z.string().min(1).max(64) });
const tags = ['members'];

/** `/api/v1/orgs/:org/members`: who may sign in to the organization, with which role (admins only). */
export async function memberRoutes(app: App): Promise<void> {
  const { database } = app.deps;

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
      operationId: 'addMember',
      summary: 'Add a member; a new user gets a one-time setup token to choose a password (shown once)',
      params: orgParams,
      body: memberInputSchema,
      response: { 201: z.object({ member: memberSchema, setupToken: z.string().nullable() }) },
    },
    handler: async (request, reply) => {
      const added = await addMember(database, actorOfRequest(request), orgOf(request).id, request.body);
      return reply.code(201).send(added);
    },
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
      summary: 'Disable a member (their sessions are revoked; add them again to re-enable)',
      params: memberParams,
      response: { 200: membershipSchema },
    },
    handler: async (request) =>
      disableMember(database, actorOfRequest(request), orgOf(request).id, request.params.memberId),
  });
}
