import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { burndownSchema, readinessResultSchema } from '../../core/readiness/index.js';
import { type App, orgOf, sendJson } from '../../platform/http/app.js';
import { readinessChangeSchema } from '../cadence/cadence.schema.js';
import { getBurndown, getReadinessChange, getReadinessJson } from './readiness.service.js';

const orgParams = z.object({ org: z.string().min(1).max(100) });
const query = z.object({
  at: inputDateSchema.optional().describe('the date to assess (default: today)'),
  engagement: z.string().max(64).optional().describe('engagement id (default: the latest)'),
});
const tags = ['readiness'];

/** `/api/v1/orgs/:org/readiness`: the same JSON as `auditready readiness --json`, and the burndown. */
export async function readinessRoutes(app: App): Promise<void> {
  const { database } = app.deps;
  const options = (q: z.infer<typeof query>) => ({
    ...(q.at ? { at: q.at } : {}),
    ...(q.engagement ? { engagementId: q.engagement } : {}),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/readiness',
    config: { policy: { concept: 'readiness', action: 'read' } },
    schema: {
      tags,
      operationId: 'getReadiness',
      summary:
        'What is ready, at risk or missing, who owns it and by when (docs/schemas/readiness-result.schema.json)',
      params: orgParams,
      querystring: query,
      response: { 200: readinessResultSchema },
    },
    handler: async (request, reply) =>
      // The result is validated against its schema when computed (tests) and cached as JSON bytes per
      // version of the records; re-validating hundreds of kilobytes per request is what made it slow.
      sendJson(reply, await getReadinessJson(database, orgOf(request).id, options(request.query))),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/readiness/burndown',
    config: { policy: { concept: 'readiness', action: 'read' } },
    schema: {
      tags,
      operationId: 'getBurndown',
      summary: 'Gaps per week from the first evidence to the audit date, and the ideal line',
      params: orgParams,
      querystring: query,
      response: { 200: burndownSchema },
    },
    handler: async (request) => getBurndown(database, orgOf(request).id, options(request.query)),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/readiness/change',
    config: { policy: { concept: 'readiness', action: 'read' } },
    schema: {
      tags,
      operationId: 'getReadinessChange',
      summary: 'Change since last week, from the weekly snapshots (null before the first weekly run)',
      params: orgParams,
      response: { 200: readinessChangeSchema },
    },
    handler: async (request) => ({ change: await getReadinessChange(database, orgOf(request).id) }),
  });
}
