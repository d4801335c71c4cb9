import { z } from 'zod';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { decodeCursor, pageQuerySchema, pageSchema, toPage } from '../../platform/http/pagination.js';
import { apiTokenInputSchema, apiTokenSchema } from './api-token.schema.js';
import { createApiToken, listApiTokens, revokeToken } from './api-token.service.js';

const orgParams = z.object({ org: z.string().min(1).max(100) });
const tags = ['api tokens'];

/** `/api/v1/orgs/:org/api-tokens`: tokens for automation (admins only). */
export async function apiTokenRoutes(app: App): Promise<void> {
  const { database } = app.deps;

  app.route({
    method: 'GET',
    url: '/orgs/:org/api-tokens',
    config: { policy: { concept: 'api-token', action: 'read' } },
    schema: {
      tags,
      operationId: 'listApiTokens',
      summary: "The organization's API tokens (never their secrets)",
      params: orgParams,
      querystring: pageQuerySchema,
      response: { 200: pageSchema(apiTokenSchema) },
    },
    handler: async (request) => {
      const { cursor, limit } = request.query;
      const after = decodeCursor(cursor, z.string());
      const rows = await listApiTokens(database, orgOf(request).id, { after, limit: limit + 1 });
      return toPage(rows, limit, (t) => t.id);
    },
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/api-tokens',
    config: { policy: { concept: 'api-token', action: 'create' } },
    schema: {
      tags,
      operationId: 'createApiToken',
      summary: 'Create a token; its secret is in this response only',
      params: orgParams,
      body: apiTokenInputSchema,
      response: { 201: z.object({ token: apiTokenSchema, secret: z.string() }) },
    },
    handler: async (request, reply) => {
      const org = orgOf(request);
      const created = await createApiToken(database, actorOfRequest(request), org.id, {
        ...request.body,
        ownerPersonId: org.personId,
      });
      return reply.code(201).send(created);
    },
  });

  app.route({
    method: 'DELETE',
    url: '/orgs/:org/api-tokens/:tokenId',
    config: { policy: { concept: 'api-token', action: 'revoke' } },
    schema: {
      tags,
      operationId: 'revokeApiToken',
      summary: 'Revoke a token (it stays listed, marked revoked)',
      params: orgParams.extend({ tokenId: z.string().min(1).max(64) }),
      response: { 200: apiTokenSchema },
    },
    handler: async (request) =>
      revokeToken(database, actorOfRequest(request), orgOf(request).id, request.params.tokenId),
  });
}
