import { z } from 'zod';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { planCompletionSchema, planSchema } from './plan.schema.js';
import { completePlanItem, getPlan } from './plan.service.js';

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
      summary:
        'Milestones, evidence due dates and the current gap work of an engagement (the latest by default)',
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
        conflict:
          'the plan item is already done, or closes by itself (gap work; evidence not yet due or a readiness reason is about)',
        not_found: 'no engagement yet, or no such plan item',
      },
    },
    schema: {
      tags,
      operationId: 'completePlanItem',
      summary: 'Mark a plan item (a milestone, or evidence that needs no record) done',
      params: orgParams,
      body: planCompletionSchema,
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
