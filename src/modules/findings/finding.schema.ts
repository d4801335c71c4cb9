import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { FRAMEWORK_IDS } from '../../core/vocabulary.js';
import { RISK_RATINGS } from '../exceptions/exception.schema.js';
import { emailSchema } from '../people/person.schema.js';

const date = inputDateSchema;

/** A new finding raised by hand (rules and auditors use the same model with another source). */
export const findingInputSchema = z.object({
  title: z.string().trim().min(1, 'a title is required').max(300),
  description: z.string().trim().max(5000).nullable().default(null),
  severity: z.enum(RISK_RATINGS),
  controlCodes: z.array(z.string().trim().min(1)).default([]),
  criteria: z
    .array(z.object({ frameworkId: z.enum(FRAMEWORK_IDS), code: z.string().trim().min(1) }))
    .default([]),
  ownerEmail: emailSchema.nullable().default(null),
  dueOn: date.nullable().default(null),
  openedOn: date,
  source: z.string().trim().min(1).max(100).default('manual'),
});

/** Validated finding fields. */
export type FindingInput = z.infer<typeof findingInputSchema>;

/** A finding as the API sends it, with its controls and criteria. */
export const findingSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  severity: z.enum(RISK_RATINGS),
  source: z.string(),
  ownerId: z.string().nullable(),
  ownerEmail: z.string().nullable(),
  dueOn: z.string().nullable(),
  openedOn: z.string(),
  resolvedOn: z.string().nullable(),
  resolution: z.string().nullable(),
  controls: z.array(z.object({ id: z.string(), code: z.string() })),
  criteria: z.array(z.object({ frameworkId: z.string(), code: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A finding as the API sends it. */
export type FindingView = z.infer<typeof findingSchema>;

/** A stored finding with its controls and criteria: its wire shape and its organization. */
export type StoredFinding = FindingView & { orgId: string };
