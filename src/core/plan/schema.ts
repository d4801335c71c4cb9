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
});

/** A manual completion of a plan item. */
export const planCompletionRecordSchema = z.object({
  key: z.string(),
  doneOn: z.string(),
  doneBy: z.string().nullish(),
});

/** The derived plan; `orphanedCompletions`: completions whose item no longer exists (a date moved), kept so no work is lost. */
export const planSchema = z.object({
  milestones: z.array(planMilestoneSchema),
  items: z.array(planEvidenceItemSchema),
  orphanedCompletions: z.array(planCompletionRecordSchema),
});
