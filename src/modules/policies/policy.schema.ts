import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { CADENCES } from '../../core/vocabulary.js';
import { emailSchema } from '../people/person.schema.js';

/** The largest policy text accepted (Markdown, UTF-8 characters). */
export const MAX_POLICY_TEXT = 200_000;

/** A policy's stable short name: lower-case letters, digits and dashes (`acceptable-use`). */
export const policyKeySchema = z
  .string()
  .trim()
  .min(2)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes only (acceptable-use)');

/** A policy's text in Markdown (rendered without raw HTML). */
export const policyTextSchema = z
  .string()
  .max(MAX_POLICY_TEXT)
  .refine((t) => t.trim().length > 0, 'the policy text is empty');

/** What changed in a version, in the author's words. */
const summarySchema = z.string().trim().max(2000).nullable().default(null);

/** A new policy with its first version (a draft until approved). */
export const policyInputSchema = z.object({
  key: policyKeySchema,
  title: z.string().trim().min(1).max(200),
  owner: emailSchema.describe('the e-mail of the person who owns the policy'),
  approver: emailSchema
    .nullable()
    .default(null)
    .describe('the e-mail of the person who approves its versions'),
  reviewCadence: z.enum(CADENCES).default('annual'),
  controls: z
    .array(z.string().trim().min(1).max(40))
    .max(50)
    .default([])
    .describe('codes of the controls it governs'),
  text: policyTextSchema,
  summary: summarySchema,
});
/** Validated policy fields. */
export type PolicyInput = z.infer<typeof policyInputSchema>;

/** A new version of a policy's text (a draft until approved). */
export const versionInputSchema = z.object({ text: policyTextSchema, summary: summarySchema });
/** A validated new version. */
export type VersionInput = z.infer<typeof versionInputSchema>;

/** An approval: of the latest version unless named, by the policy's approver unless named, today unless dated. */
export const approveInputSchema = z.object({
  version: z.number().int().min(1).optional(),
  approver: emailSchema.optional(),
  approvedOn: inputDateSchema.optional(),
});
/** A validated approval. */
export type ApproveInput = z.infer<typeof approveInputSchema>;

const personRef = z.object({ id: z.string(), email: z.string(), name: z.string() });

/** A policy as lists show it: who owns and approves it, its version in force and its acknowledgement progress. */
export const policySummarySchema = z.object({
  id: z.string(),
  key: z.string(),
  title: z.string(),
  owner: personRef.nullable(),
  approver: personRef.nullable(),
  reviewCadence: z.enum(CADENCES),
  controls: z.array(z.object({ id: z.string(), code: z.string(), title: z.string() })),
  latestVersion: z.number().int(),
  current: z
    .object({
      id: z.string(),
      version: z.number().int(),
      approvedOn: z.string(),
      approvedBy: z.string().nullable(),
    })
    .nullable()
    .describe('the version in force: the latest approved one'),
  reviewDueOn: z.string().nullable(),
  reviewOverdue: z.boolean(),
  asked: z.number().int().describe('active people asked to acknowledge the version in force'),
  acknowledged: z.number().int(),
  overdue: z.number().int().describe('asked people past their due date who have not acknowledged'),
});
/** A policy in a list. */
export type PolicySummary = z.infer<typeof policySummarySchema>;

/** One version of a policy with its text. */
export const policyVersionSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  sha256: z.string(),
  size: z.number().int(),
  summary: z.string().nullable(),
  createdOn: z.string(),
  approvedOn: z.string().nullable(),
  approvedBy: z.string().nullable().describe('the e-mail of the approver'),
  text: z.string().describe('Markdown; render without raw HTML'),
});
/** A version as the API sends it. */
export type PolicyVersionView = z.infer<typeof policyVersionSchema>;

/** Where one asked person stands with the version in force. */
export const personAcknowledgementSchema = z.object({
  personId: z.string(),
  email: z.string(),
  name: z.string(),
  team: z.string().nullable(),
  dueOn: z.string(),
  acknowledgedOn: z.string().nullable(),
  overdue: z.boolean(),
});

/** The acknowledgement progress of one team (team null: people with no team). */
export const teamShareSchema = z.object({
  team: z.string().nullable(),
  asked: z.number().int(),
  acknowledged: z.number().int(),
  share: z.number(),
});

/** One policy with every version, every asked person and the share per team. */
export const policySchema = policySummarySchema.extend({
  versions: z.array(policyVersionSchema),
  people: z.array(personAcknowledgementSchema),
  teams: z.array(teamShareSchema),
});
/** A policy as the API sends it. */
export type PolicyView = z.infer<typeof policySchema>;

/** What an in-app acknowledgement did. */
export const acknowledgeResultSchema = z.object({
  status: z.enum(['acknowledged', 'unchanged']),
  policyId: z.string(),
  version: z.number().int(),
  email: z.string(),
  acknowledgedOn: z.string(),
});
/** An in-app acknowledgement's outcome. */
export type AcknowledgeResult = z.infer<typeof acknowledgeResultSchema>;

/** What an acknowledgement import did. */
export const acknowledgementImportResultSchema = z.object({
  status: z.enum(['imported', 'unchanged']),
  rows: z.number().int(),
  added: z.number().int(),
  alreadyStored: z.number().int(),
});
/** An acknowledgement import's outcome. */
export type AcknowledgementImportResult = z.infer<typeof acknowledgementImportResultSchema>;
