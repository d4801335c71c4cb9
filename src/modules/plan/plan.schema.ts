import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { planSchema as corePlanSchema } from '../../core/plan/schema.js';
import { engagementSchema } from '../engagements/engagement.schema.js';

const date = inputDateSchema;
/** `GET /orgs/:org/plan`: the engagement and its plan, with completions whose item no longer exists. */
export const planSchema = z.object({
  engagement: engagementSchema,
  plan: corePlanSchema,
});
/** `POST /orgs/:org/plan/complete`: the item to mark done. */
export const planCompletionSchema = z.object({
  key: z.string().min(1).max(200),
  engagementId: z.string().max(64).optional(),
  doneOn: date.optional(),
  note: z.string().max(1000).nullable().optional(),
});
/** The plan as the API sends it. */
export type PlanView = z.infer<typeof planSchema>;
