import { z } from 'zod';
import { type App, orgOf } from '../../platform/http/app.js';
import { decodeCursor, pageQuerySchema, pageSchema, toPage } from '../../platform/http/pagination.js';
import { criterionSchema, frameworkSchema } from './framework.schema.js';
import { getCriteria, getFrameworks } from './framework.service.js';

const orgParams = z.object({ org: z.string().min(1).max(100) });
const tags = ['frameworks'];

/** Pages an in-memory list by position (the catalogs are small and fixed in order). */
function pageByIndex<T>(all: T[], cursor: string | undefined, limit: number) {
  const start = decodeCursor(cursor, z.number().int().min(0)) ?? 0;
  const rows = all.slice(start, start + limit + 1);
  return toPage(rows, limit, () => start + Math.min(limit, rows.length));
}

/** `/api/v1/orgs/:org/frameworks`: the installed catalogs and their criteria (read-only). */
export async function frameworkRoutes(app: App): Promise<void> {
  const { database } = app.deps;

  app.route({
    method: 'GET',
    url: '/orgs/:org/frameworks',
    config: { policy: { concept: 'framework', action: 'read' } },
    schema: {
      tags,
      operationId: 'listFrameworks',
      summary: 'The installed frameworks with their criteria counts',
      params: orgParams,
      querystring: pageQuerySchema,
      response: { 200: pageSchema(frameworkSchema) },
    },
    handler: async (request) => {
      orgOf(request);
      return pageByIndex(await getFrameworks(database), request.query.cursor, request.query.limit);
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/frameworks/:framework/criteria',
    config: { policy: { concept: 'framework', action: 'read' } },
    schema: {
      tags,
      operationId: 'listCriteria',
      summary: 'The criteria of one framework, in catalog order',
      params: orgParams.extend({ framework: z.string().min(1).max(40) }),
      querystring: pageQuerySchema,
      response: { 200: pageSchema(criterionSchema) },
    },
    handler: async (request) => {
      orgOf(request);
      const all = await getCriteria(database, request.params.framework);
      return pageByIndex(all, request.query.cursor, request.query.limit);
    },
  });
}
