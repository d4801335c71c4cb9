import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { MILESTONE_CODES } from '../../core/plan/index.js';
import { TRUST_CATEGORIES } from '../../core/records.js';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { pageInMemory, pageQuerySchema, pageSchema } from '../../platform/http/pagination.js';
import { engagementSchema } from './engagement.schema.js';
import { createEngagement, getEngagements, updateEngagementFields } from './engagement.service.js';

const date = inputDateSchema;
const engagementBody = z.object({
  type: z.enum(['type1', 'type2']),
  auditDate: date.nullable().optional(),
  windowStart: date.nullable().optional(),
  windowEnd: date.nullable().optional(),
  fieldworkStart: date,
  reportDue: date.nullable().optional(),
  categories: z.array(z.enum(TRUST_CATEGORIES)).optional(),
  firmName: z.string().max(200).nullable().optional(),
  leadEmail: z.string().max(320).nullable().optional(),
  milestoneOffsets: z.partialRecord(z.enum(MILESTONE_CODES), z.number().int()).optional(),
});
const orgParams = z.object({ org: z.string().min(1).max(100) });
const tags = ['engagements'];

/** `/api/v1/orgs/:org/engagements`: audits (their plan: plan.routes.ts). */
export async function engagementRoutes(app: App): Promise<void> {
  const { database } = app.deps;

  app.route({
    method: 'GET',
    url: '/orgs/:org/engagements',
    config: { policy: { concept: 'engagement', action: 'read' } },
    schema: {
      tags,
      operationId: 'listEngagements',
      summary: 'Engagements, newest first (the first is the one readiness uses by default)',
      params: orgParams,
      querystring: pageQuerySchema,
      response: { 200: pageSchema(engagementSchema) },
    },
    handler: async (request) =>
      pageInMemory(await getEngagements(database, orgOf(request).id), request.query),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/engagements',
    config: { policy: { concept: 'engagement', action: 'create' } },
    schema: {
      tags,
      operationId: 'createEngagement',
      summary: 'Create a SOC 2 engagement',
      params: orgParams,
      body: engagementBody,
      response: { 201: engagementSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(await createEngagement(database, actorOfRequest(request), orgOf(request).id, request.body)),
  });

  app.route({
    method: 'PATCH',
    url: '/orgs/:org/engagements/:engagementId',
    config: { policy: { concept: 'engagement', action: 'update' } },
    schema: {
      tags,
      operationId: 'updateEngagement',
      summary: 'Move dates or change scope; the plan re-derives and done items stay done',
      params: orgParams.extend({ engagementId: z.string().min(8).max(64) }),
      body: engagementBody.partial(),
      response: { 200: engagementSchema },
    },
    handler: async (request) =>
      updateEngagementFields(
        database,
        actorOfRequest(request),
        orgOf(request).id,
        request.params.engagementId,
        request.body,
      ),
  });
}
