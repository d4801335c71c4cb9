import { z } from 'zod';
import { type App, actorOfRequest, orgOf, principalOf } from '../../platform/http/app.js';
import { decodeCursor, pageQuerySchema, pageSchema, toPage } from '../../platform/http/pagination.js';
import { listOrgMemberships } from '../users/user.repository.js';
import { myOrganizationSchema, organizationSchema } from './organization.schema.js';
import { findOrganization, updateOrganization } from './organization.service.js';

const orgParams = z.object({ org: z.string().min(1).max(100) });
const tags = ['organizations'];

/** `/api/v1/orgs`: the caller's organizations, and one organization's settings. */
export async function organizationRoutes(app: App): Promise<void> {
  const { database } = app.deps;

  app.route({
    method: 'GET',
    url: '/orgs',
    config: { policy: 'signed-in' },
    schema: {
      tags,
      operationId: 'listOrganizations',
      summary: "The caller's organizations with their role in each (an API token sees its own)",
      querystring: pageQuerySchema,
      response: { 200: pageSchema(myOrganizationSchema) },
    },
    handler: async (request) => {
      const principal = principalOf(request);
      let mine: z.infer<typeof myOrganizationSchema>[];
      if (principal.kind === 'token') {
        const org = await findOrganization(database.db, principal.orgId);
        mine = org ? [{ id: org.id, name: org.name, slug: org.slug, role: principal.role }] : [];
      } else {
        mine = (await listOrgMemberships(database.db, principal.userId)).map((m) => ({
          id: m.orgId,
          name: m.name,
          slug: m.slug,
          role: m.role,
        }));
      }
      const after = decodeCursor(request.query.cursor, z.number().int().min(0));
      const start = after ?? 0;
      const rows = mine.slice(start, start + request.query.limit + 1);
      const page = toPage(rows, request.query.limit, (r) => mine.indexOf(r) + 1);
      return page;
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org',
    config: { policy: { concept: 'organization', action: 'read' } },
    schema: {
      tags,
      operationId: 'getOrganization',
      summary: 'One organization',
      params: orgParams,
      response: { 200: organizationSchema },
    },
    handler: async (request) => (await findOrganization(database.db, orgOf(request).id))!,
  });

  app.route({
    method: 'PATCH',
    url: '/orgs/:org',
    config: { policy: { concept: 'organization', action: 'update' } },
    schema: {
      tags,
      operationId: 'updateOrganization',
      summary: "Change the organization's settings",
      params: orgParams,
      body: z.object({
        name: z.string().trim().min(1).max(200).optional(),
        separateReview: z
          .boolean()
          .optional()
          .describe('whoever uploaded a piece of evidence may not accept it (default true)'),
      }),
      response: { 200: organizationSchema },
    },
    handler: async (request) =>
      updateOrganization(database, actorOfRequest(request), orgOf(request).id, request.body),
  });
}
