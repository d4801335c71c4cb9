import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { type App, orgOf } from '../../platform/http/app.js';
import { decodeCursor, pageQuerySchema, pageSchema, toPage } from '../../platform/http/pagination.js';
import { storeVerificationSchema } from '../integrity/verify.schema.js';
import { activityEntrySchema } from './activity.schema.js';
import { listActivity, verifyOrganization } from './activity.service.js';

const day = inputDateSchema;
const orgParams = z.object({ org: z.string().min(1).max(100) });
const tags = ['activity'];

/** `/api/v1/orgs/:org/activity` and `/verify`: the organization's hash-chained log. */
export async function activityRoutes(app: App): Promise<void> {
  const { database, blobs } = app.deps;

  app.route({
    method: 'GET',
    url: '/orgs/:org/activity',
    config: { policy: { concept: 'activity', action: 'read' } },
    schema: {
      tags,
      operationId: 'listActivity',
      summary: "The organization's activity log, newest first",
      params: orgParams,
      querystring: pageQuerySchema.extend({
        recordType: z.string().max(60).optional(),
        recordId: z.string().max(200).optional(),
        actor: z.string().max(320).optional().describe('actor id or label (e-mail, token:<prefix>)'),
        action: z.string().max(60).optional().describe('create, update, approve, resolve, …'),
        from: day.optional().describe('first day, UTC, inclusive'),
        to: day.optional().describe('last day, UTC, inclusive'),
      }),
      response: { 200: pageSchema(activityEntrySchema) },
    },
    handler: async (request) => {
      const { cursor, limit, ...query } = request.query;
      const before = decodeCursor(cursor, z.number().int().min(1));
      const rows = await listActivity(database, orgOf(request).id, query, { before, limit: limit + 1 });
      return toPage(rows, limit, (e) => e.seq);
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/verify',
    config: { policy: { concept: 'activity', action: 'verify' } },
    schema: {
      tags,
      operationId: 'verifyActivityLog',
      summary:
        "Re-hash the organization's chain, check its signed checkpoints, compare its evidence, reviews, memberships, exceptions and API tokens with the log, and re-hash every evidence file; each check in words",
      params: orgParams,
      response: { 200: storeVerificationSchema },
    },
    handler: async (request) => verifyOrganization({ database, blobs }, orgOf(request).id),
  });
}
