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

/** A stored finding with its controls and criteria. */
export interface StoredFinding {
  id: string;
  orgId: string;
  title: string;
  description: string | null;
  severity: (typeof RISK_RATINGS)[number];
  source: string;
  ownerId: string | null;
  ownerEmail: string | null;
  dueOn: string | null;
  openedOn: string;
  resolvedOn: string | null;
  resolution: string | null;
  controls: { id: string; code: string }[];
  criteria: { frameworkId: string; code: string }[];
  createdAt: string;
  updatedAt: string;
}
