/**
 * The wire shapes of frameworks and their criteria, each a zod schema with its type inferred.
 */
import { z } from 'zod';

export const frameworkSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  publisher: z.string(),
  attribution: z.string(),
  url: z.string(),
  catalogVersion: z.string(),
  criteria: z.number(),
});

export const criterionSchema = z.object({
  frameworkId: z.string(),
  code: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  groupCode: z.string(),
  groupTitle: z.string(),
});

/** A framework with its installed catalog version and criteria count. */
export type FrameworkSummary = z.infer<typeof frameworkSchema>;

/** One criterion with the title of its group. */
export type CriterionRow = z.infer<typeof criterionSchema>;
