import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { MILESTONE_CODES } from '../../core/plan/index.js';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { engagementSchema } from '../engagements/engagement.routes.js';
import { completePlanItem, getPlan } from './plan.service.js';

const date = inputDateSchema;
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
// Listed with the engagements in the API document, where the plan always was.
const tags = ['engagements'];

/** `/api/v1/orgs/:org/plan`: the plan worked back from an engagement's dates, and its manual completions. */
export async function planRoutes(app: App): Promise<void> {
  const { database } = app.deps;

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
