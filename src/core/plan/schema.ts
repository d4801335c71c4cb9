/**
 * The plan's shapes as zod schemas, the types of ./types.ts inferred from
 * them: computePlan builds them, and the API sends them (modules/plan).
 */
import { z } from 'zod';
import { MILESTONE_CODES } from './types.js';

const period = z.object({ start: z.string(), end: z.string() });

/** A milestone of the plan. */
export const planMilestoneSchema = z.object({
  key: z.string(),
  kind: z.literal('milestone'),
  code: z.enum(MILESTONE_CODES),
  title: z.string(),
  dueOn: z.string(),
  ownerId: z.string().nullable(),
  doneOn: z.string().nullable(),
  doneBy: z.string().nullable(),
});

/** The readiness reason an item answers (src/core/plan/gap-items.ts): its code, our label for it, its words. */
export const planGapSchema = z.object({
  /** The reason's code (any reason code: the plan does not enumerate them). */
  code: z.string(),
  label: z.string(),
  severity: z.enum(['gap', 'at-risk']),
  message: z.string(),
});

/** A concrete due date of an evidence requirement (one cadence period, or the Type I due). */
export const planEvidenceItemSchema = z.object({
  key: z.string(),
  kind: z.literal('evidence'),
  requirementId: z.string(),
  requirementCode: z.string(),
  controlId: z.string(),
  controlCode: z.string(),
  /** The cadence period the evidence must cover (Type II). */
  period: period.optional(),
  dueOn: z.string(),
  ownerId: z.string().nullable(),
  doneOn: z.string().nullable(),
  doneBy: z.string().nullable(),
  /** Present when a current readiness reason is about this period (the item is then owned by whoever must act on it). */
  gap: planGapSchema.optional(),
});

/**
 * The work a current readiness reason asks for (a gap or an at-risk reason no
 * evidence item of the plan stands for): open while the reason holds, gone
 * when it no longer does, never marked done by hand.
 */
export const planGapItemSchema = planGapSchema.extend({
  key: z.string(),
  kind: z.literal('gap'),
  controlId: z.string(),
  controlCode: z.string(),
  requirementId: z.string().optional(),
  requirementCode: z.string().optional(),
  findingId: z.string().optional(),
  exceptionId: z.string().optional(),
  evidenceId: z.string().optional(),
  period: period.optional(),
  dueOn: z.string(),
  ownerId: z.string().nullable(),
  /** The control has no active owner: the item went to the compliance lead (else an admin). */
  unowned: z.literal(true).optional(),
  doneOn: z.null(),
  doneBy: z.null(),
});

/** A manual completion of a plan item. */
export const planCompletionRecordSchema = z.object({
  key: z.string(),
  doneOn: z.string(),
  doneBy: z.string().nullish(),
});

/** The plan dated from the engagement (computePlan): milestones and evidence items; `orphanedCompletions`: completions whose item no longer exists (a date moved), kept so no work is lost. */
export const datedPlanSchema = z.object({
  milestones: z.array(planMilestoneSchema),
  items: z.array(planEvidenceItemSchema),
  orphanedCompletions: z.array(planCompletionRecordSchema),
});

/** The plan as people work it (and the API sends it): the dated plan with the current gap work among its items. */
export const planSchema = datedPlanSchema.extend({
  items: z.array(z.discriminatedUnion('kind', [planEvidenceItemSchema, planGapItemSchema])),
});
