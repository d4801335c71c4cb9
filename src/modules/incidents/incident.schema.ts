import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import {
  INCIDENT_SEVERITIES,
  INCIDENT_STATUSES,
  IR_TEST_KINDS,
  timestampProblem,
} from '../../core/incidents/rules.js';
import { emailSchema } from '../people/person.schema.js';

/** A detection, containment or resolution time: a date or an ISO-8601 time with its zone. */
export const timestampSchema = z
  .string()
  .trim()
  .max(40)
  .superRefine((value, ctx) => {
    const problem = timestampProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('a date YYYY-MM-DD or an ISO-8601 time with its zone (2026-11-02T14:05Z)');

/** An incident's id in its tracker (`INC-42`). */
export const externalIdSchema = z
  .string()
  .trim()
  .min(1, 'name the incident id')
  .max(100)
  .regex(/^[\w.:/#-]+$/u, 'letters, digits and . : / # - _ only');

const text = (max: number) => z.string().trim().min(1).max(max);

/** A new incident. */
export const incidentInputSchema = z.object({
  externalId: externalIdSchema.nullable().default(null).describe('the id in the tracker; INC-n when absent'),
  title: text(300),
  severity: z.enum(INCIDENT_SEVERITIES),
  status: z.enum(INCIDENT_STATUSES).default('open'),
  detectedAt: timestampSchema,
  containedAt: timestampSchema.nullable().default(null),
  resolvedAt: timestampSchema.nullable().default(null),
  rootCause: text(5000).nullable().default(null),
  customerImpact: text(5000).nullable().default(null),
  owner: emailSchema.nullable().default(null).describe('the incident commander (a person of the roster)'),
});
/** Validated incident fields. */
export type IncidentInput = z.infer<typeof incidentInputSchema>;

/** Changes to an incident: the fields given are set (null clears an optional one). */
export const incidentUpdateSchema = z
  .object({
    title: text(300),
    severity: z.enum(INCIDENT_SEVERITIES),
    status: z.enum(INCIDENT_STATUSES),
    detectedAt: timestampSchema,
    containedAt: timestampSchema.nullable(),
    resolvedAt: timestampSchema.nullable(),
    rootCause: text(5000).nullable(),
    customerImpact: text(5000).nullable(),
    owner: emailSchema.nullable(),
  })
  .partial();
/** Validated incident changes. */
export type IncidentUpdate = z.infer<typeof incidentUpdateSchema>;

/** One entry of an incident's timeline. */
export const timelineEntryInputSchema = z.object({ at: timestampSchema, entry: text(2000) });

/** A follow-up action: what, who, by when. */
export const followUpInputSchema = z.object({
  action: text(500),
  owner: emailSchema.describe('the person who owns the action'),
  dueOn: inputDateSchema,
});
/** A validated follow-up action. */
export type FollowUpInput = z.infer<typeof followUpInputSchema>;

/** An IR test, recorded once held. */
export const irTestInputSchema = z.object({
  kind: z.enum(IR_TEST_KINDS),
  heldOn: inputDateSchema,
  scenario: text(2000),
  participants: z.array(emailSchema).min(1, 'name at least one participant').max(100),
  results: text(10000),
  followUps: z.array(followUpInputSchema).max(100).default([]),
});
/** A validated IR test. */
export type IrTestInput = z.infer<typeof irTestInputSchema>;

/** An open or resolved rule finding on an incident, follow-up or IR test. */
export const incidentRuleFindingSchema = z.object({
  findingId: z.string(),
  rule: z.string(),
  title: z.string(),
  severity: z.string(),
  openedOn: z.string(),
  resolvedOn: z.string().nullable(),
});
/** A rule finding on a record. */
export type IncidentRuleFinding = z.infer<typeof incidentRuleFindingSchema>;

/** A follow-up action and where it stands at T. */
export const followUpSchema = z.object({
  id: z.string(),
  incidentId: z.string().nullable(),
  irTestId: z.string().nullable(),
  action: z.string(),
  ownerEmail: z.string().nullable(),
  ownerName: z.string().nullable(),
  dueOn: z.string(),
  doneOn: z.string().nullable(),
  evidence: z.string().nullable(),
  overdue: z.boolean(),
});
/** A follow-up action. */
export type FollowUpView = z.infer<typeof followUpSchema>;

/** An incident as the register lists it. */
export const incidentSummarySchema = z.object({
  id: z.string(),
  externalId: z.string(),
  title: z.string(),
  severity: z.enum(INCIDENT_SEVERITIES),
  status: z.enum(INCIDENT_STATUSES),
  detectedAt: z.string(),
  containedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  ownerEmail: z.string().nullable(),
  hasRootCause: z.boolean(),
  followUps: z.number().int(),
  openFollowUps: z.number().int(),
  overdueFollowUps: z.number().int(),
  findings: z.array(incidentRuleFindingSchema),
});
/** One line of the register. */
export type IncidentSummary = z.infer<typeof incidentSummarySchema>;

/** One incident with its timeline, follow-ups and every rule finding on it. */
export const incidentSchema = incidentSummarySchema.extend({
  rootCause: z.string().nullable(),
  customerImpact: z.string().nullable(),
  ownerName: z.string().nullable(),
  timeline: z.array(z.object({ id: z.string(), at: z.string(), entry: z.string() })),
  followUpActions: z.array(followUpSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** One incident in full. */
export type IncidentView = z.infer<typeof incidentSchema>;

/** An IR test with its follow-ups. */
export const irTestSchema = z.object({
  id: z.string(),
  kind: z.enum(IR_TEST_KINDS),
  heldOn: z.string(),
  scenario: z.string(),
  participants: z.array(z.string()),
  results: z.string(),
  nextDueOn: z.string().describe('a year after it was held: when the next test is due'),
  evidenceSha256: z.string().nullable(),
  followUps: z.array(followUpSchema),
  findings: z.array(incidentRuleFindingSchema),
});
/** One IR test. */
export type IrTestView = z.infer<typeof irTestSchema>;

/** What an incident register import did. */
export const registerImportResultSchema = z.object({
  status: z.enum(['imported', 'unchanged']),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
/** An incident register import's outcome. */
export type RegisterImportResult = z.infer<typeof registerImportResultSchema>;

/** What a refresh changed in the rule findings. */
export const incidentRefreshSchema = z.object({ opened: z.number().int(), resolved: z.number().int() });
