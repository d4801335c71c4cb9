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

/** Where findings come from, as a filter: raised by hand, by an NHI rule, or anything else (auditors, OSCAL, other rules). */
export const FINDING_SOURCE_KINDS = ['manual', 'nhi-rule', 'other'] as const;
/** A kind of finding source. */
export type FindingSourceKind = (typeof FINDING_SOURCE_KINDS)[number];

/** The kind of a stored source: `manual`, `rule:<nhi rule>` (NHI rules), anything else. */
export function findingSourceKind(source: string): FindingSourceKind {
  if (source === 'manual') return 'manual';
  if (source.startsWith('rule:')) return 'nhi-rule';
  return 'other';
}

/** A finding as the API sends it, with its controls and criteria. */
export const findingSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  severity: z.enum(RISK_RATINGS),
  source: z.string(),
  sourceKind: z.enum(FINDING_SOURCE_KINDS),
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

/** Bulk triage: the same change to several open findings, all or none. */
export const findingTriageSchema = z
  .object({
    ids: z
      .array(z.string().trim().min(4).max(64))
      .min(1, 'pick at least one finding')
      .max(500, 'at most 500 findings at once')
      .refine((ids) => new Set(ids).size === ids.length, 'a finding is listed twice'),
    ownerEmail: emailSchema.nullable().optional().describe('the new owner; null leaves it unowned'),
    severity: z.enum(RISK_RATINGS).optional(),
    dueOn: inputDateSchema.nullable().optional().describe('the new due date; null clears it'),
  })
  .refine((t) => t.ownerEmail !== undefined || t.severity !== undefined || t.dueOn !== undefined, {
    message: 'say what changes: ownerEmail, severity or dueOn',
    path: ['ownerEmail'],
  });
/** A validated bulk triage. */
export type FindingTriage = z.infer<typeof findingTriageSchema>;

/** What bulk triage answers: the findings after the change, and how many changed. */
export const findingTriageResultSchema = z.object({
  changed: z.number().int(),
  findings: z.array(findingSchema),
});
