import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { MILESTONE_CODES } from '../../core/plan/index.js';
import { engagementSchema } from '../engagements/engagement.schema.js';

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
/** `GET /orgs/:org/plan`: the engagement and its plan, with completions whose item no longer exists. */
export const planSchema = z.object({
  engagement: engagementSchema,
  plan: z.object({
    milestones: z.array(milestoneSchema),
    items: z.array(itemSchema),
    orphanedCompletions: z.array(
      z.object({ key: z.string(), doneOn: z.string(), doneBy: z.string().nullish() }),
    ),
  }),
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
