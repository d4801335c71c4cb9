import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { TRUST_CATEGORIES } from '../../core/records.js';
import { CADENCES, CONTROL_STATUSES, FRAMEWORK_IDS } from '../../core/vocabulary.js';
import { evidenceRequirementSchema, mappingsSchema } from '../controls/control.schema.js';
import { RISK_RATINGS } from '../exceptions/exception.schema.js';
import { findingSchema } from '../findings/finding.schema.js';

/** The engagement as its auditor sees it: dates, categories and the audit period evidence must fall in. */
export const auditEngagementSchema = z.object({
  id: z.string(),
  type: z.enum(['type1', 'type2']),
  auditDate: z.string().nullable(),
  windowStart: z.string().nullable(),
  windowEnd: z.string().nullable(),
  fieldworkStart: z.string(),
  reportDue: z.string().nullable(),
  categories: z.array(z.enum(TRUST_CATEGORIES)),
  firmName: z.string().nullable(),
  period: z.object({ start: z.string(), end: z.string() }).describe('the audit period (docs/decisions/0022)'),
});
/** An engagement as the audit routes send it. */
export type AuditEngagement = z.infer<typeof auditEngagementSchema>;

/** An in-scope control as its auditor sees it: no e-mail addresses, the owner by name only. */
export const auditControlSchema = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.enum(CONTROL_STATUSES),
  cadence: z.enum(CADENCES),
  ownerName: z.string().nullable(),
  requirements: z.array(evidenceRequirementSchema),
  mappings: mappingsSchema,
});
/** An in-scope control as the audit routes send it. */
export type AuditControl = z.infer<typeof auditControlSchema>;

/** A finding as its auditor sees it (the owner's roster entry left out). */
export const auditFindingSchema = findingSchema.omit({ ownerId: true, ownerEmail: true });
/** A finding as the audit routes send it. */
export type AuditFinding = z.infer<typeof auditFindingSchema>;

/** `POST …/audit/findings`: an auditor raises a finding on in-scope controls (source `auditor`). */
export const auditFindingInputSchema = z.object({
  title: z.string().trim().min(1, 'a title is required').max(300),
  description: z.string().trim().max(5000).nullable().default(null),
  severity: z.enum(RISK_RATINGS),
  controlCodes: z.array(z.string().trim().min(1).max(40)).min(1, 'name at least one control').max(50),
  criteria: z
    .array(z.object({ frameworkId: z.enum(FRAMEWORK_IDS), code: z.string().trim().min(1).max(40) }))
    .max(50)
    .default([]),
  openedOn: inputDateSchema,
});
/** Validated auditor finding fields. */
export type AuditFindingInput = z.infer<typeof auditFindingInputSchema>;
