import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { MILESTONE_CODES } from '../../core/plan/index.js';
import { TRUST_CATEGORIES } from '../../core/records.js';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { pageInMemory, pageQuerySchema, pageSchema } from '../../platform/http/pagination.js';
import { completePlanItem, getPlan } from '../readiness/readiness.service.js';
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
const period = z.object({ start: z.string(), end: z.string() });
const milestoneSchema = z.object({
  key: z.string(),
  kind: z.literal('milestone'),
  code: z.enum(MILESTONE_CODES),
  title: z.string(),
  dueOn: z.string(),
  ownerId: z.string().nullable(),
  doneOn: z.string().nullable(),
  doneBy: z.string().nullable(),
});
const itemSchema = z.object({
  key: z.string(),
  kind: z.literal('evidence'),
  requirementId: z.string(),
  requirementCode: z.string(),
  controlId: z.string(),
  controlCode: z.string(),
  period: period.optional(),
  dueOn: z.string(),
  ownerId: z.string().nullable(),
  doneOn: z.string().nullable(),
  doneBy: z.string().nullable(),
});
const planSchema = z.object({
  engagement: engagementSchema,
  plan: z.object({
    milestones: z.array(milestoneSchema),
    items: z.array(itemSchema),
    orphanedCompletions: z.array(
      z.object({ key: z.string(), doneOn: z.string(), doneBy: z.string().nullish() }),
    ),
  }),
});
const orgParams = z.object({ org: z.string().min(1).max(100) });
const tags = ['engagements'];

/** `/api/v1/orgs/:org/engagements` and `/plan`: audits and the plan worked back from their dates. */
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

  app.route({
    method: 'GET',
    url: '/orgs/:org/plan',
    config: { policy: { concept: 'plan', action: 'read' }, raises: { not_found: 'no engagement yet' } },
    schema: {
      tags,
      operationId: 'getPlan',
      summary: 'Milestones and evidence due dates of an engagement (the latest by default)',
      params: orgParams,
      querystring: z.object({ engagement: z.string().max(64).optional() }),
      response: { 200: planSchema },
    },
    handler: async (request) =>
      getPlan(
        database,
        orgOf(request).id,
        request.query.engagement ? { engagementId: request.query.engagement } : {},
      ),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/plan/complete',
    config: {
      policy: { concept: 'plan', action: 'complete' },
      raises: {
        conflict: 'the plan item is already done',
        not_found: 'no engagement yet, or no such plan item',
      },
    },
    schema: {
      tags,
      operationId: 'completePlanItem',
      summary: 'Mark a plan item (a milestone) done',
      params: orgParams,
      body: z.object({
        key: z.string().min(1).max(200),
        engagementId: z.string().max(64).optional(),
        doneOn: date.optional(),
        note: z.string().max(1000).nullable().optional(),
      }),
      response: { 200: planSchema.shape.plan },
    },
    handler: async (request) => {
      const { key, engagementId, doneOn, note } = request.body;
      return completePlanItem(database, actorOfRequest(request), orgOf(request).id, {
        key,
        ...(engagementId ? { engagementId } : {}),
        ...(doneOn ? { doneOn } : {}),
        note: note ?? null,
      });
    },
  });
}
