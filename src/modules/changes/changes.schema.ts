import { z } from 'zod';
import { productionPatternProblem } from '../../core/changes/history.js';
import { CHANGE_POPULATION_KINDS } from '../../core/changes/populations.js';
import { inputDateSchema } from '../../core/date-schema.js';

/** The approval states of a change (core's ApprovalStatus). */
export const APPROVAL_STATUSES = [
  'approved',
  'self-approved',
  'unapproved',
  'retro-approved',
  'retro-pending',
  'direct-push',
] as const;
/** What a change's checks say (core's ChecksStatus). */
export const CHECKS_STATUSES = ['passed', 'failed', 'missing', 'not-exported'] as const;

export const repositoryNameSchema = z
  .string()
  .trim()
  .regex(/^[\w.-]+\/[\w.-]+$/, 'a repository is named owner/name');

/** How an import judges a repository; what is not given keeps the repository's stored setting. */
export const changeImportInputSchema = z.object({
  repository: repositoryNameSchema.optional(),
  defaultBranch: z.string().trim().min(1).max(200).optional(),
  productionEnv: z
    .string()
    .max(200)
    .superRefine((v, ctx) => {
      const problem = productionPatternProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  emergencyLabel: z.string().trim().min(1).max(100).optional(),
  retroDays: z.number().int().min(0).max(365).optional(),
  requiredChecks: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
});
export type ChangeImportInput = z.infer<typeof changeImportInputSchema>;

export const changeImportCountsSchema = z.object({
  files: z.number().int(),
  pulls: z.number().int(),
  pullsNotMerged: z.number().int(),
  reviews: z.number().int(),
  checkRuns: z.number().int(),
  deployments: z.number().int(),
  deploymentStatuses: z.number().int(),
  commits: z.number().int(),
  githubReleases: z.number().int(),
  releases: z.number().int(),
  changes: z.number().int(),
  findingsOpened: z.number().int(),
  findingsResolved: z.number().int(),
  findingsUpdated: z.number().int(),
});
export type ChangeImportCounts = z.infer<typeof changeImportCountsSchema>;

export const changeImportResultSchema = z.object({
  status: z.enum(['imported', 'unchanged']),
  importId: z.string(),
  repository: z.string(),
  sha256: z.string(),
  evidenceIds: z.array(z.string()),
  counts: changeImportCountsSchema,
});
export type ChangeImportResult = z.infer<typeof changeImportResultSchema>;

/** A rule finding on a change or release, as lists show it. */
export const changeRuleFindingSchema = z.object({
  findingId: z.string(),
  rule: z.string(),
  title: z.string(),
  severity: z.string(),
  message: z.string().nullable(),
  openedOn: z.string(),
  resolvedOn: z.string().nullable(),
});
export type ChangeRuleFinding = z.infer<typeof changeRuleFindingSchema>;

/** One change as lists show it. */
export const changeViewSchema = z.object({
  id: z.string(),
  repository: z.string(),
  kind: z.enum(['pull', 'commit']),
  ref: z.string(),
  label: z.string(),
  title: z.string(),
  author: z.string(),
  occurredAt: z.string(),
  sha: z.string().nullable(),
  emergency: z.boolean(),
  approval: z.enum(APPROVAL_STATUSES),
  approvers: z.array(z.string()),
  checks: z.enum(CHECKS_STATUSES),
  releaseId: z.string().nullable(),
  /** Open rule findings on it. */
  findings: z.array(changeRuleFindingSchema),
});
export type ChangeView = z.infer<typeof changeViewSchema>;

/** One change with what it was judged on. */
export const changeDetailSchema = changeViewSchema.extend({
  url: z.string().nullable(),
  labels: z.array(z.string()),
  reviews: z.array(z.object({ reviewer: z.string(), state: z.string(), submittedAt: z.string().nullable() })),
  checkRuns: z
    .array(z.object({ name: z.string(), status: z.string(), conclusion: z.string().nullable() }))
    .nullable(),
  release: z.object({ id: z.string(), label: z.string(), deployedAt: z.string() }).nullable(),
  /** Every rule finding on it, resolved ones too. */
  findings: z.array(changeRuleFindingSchema),
});
export type ChangeDetail = z.infer<typeof changeDetailSchema>;

/** One production release with its changes. */
export const releaseViewSchema = z.object({
  id: z.string(),
  repository: z.string(),
  label: z.string(),
  source: z.enum(['deployment', 'github-release']),
  externalId: z.string(),
  environment: z.string(),
  sha: z.string().nullable(),
  deployedAt: z.string(),
  name: z.string().nullable(),
  emptyReason: z.string().nullable(),
  changes: z.array(changeViewSchema),
  /** Open rule findings on the release itself. */
  findings: z.array(changeRuleFindingSchema),
});
export type ReleaseView = z.infer<typeof releaseViewSchema>;

/** A repository whose changes are imported. */
export const changeRepositorySchema = z.object({
  id: z.string(),
  name: z.string(),
  defaultBranch: z.string(),
  productionEnv: z.string(),
  emergencyLabel: z.string(),
  retroDays: z.number().int(),
  requiredChecks: z.array(z.string()),
  lastImportedAt: z.string().nullable(),
});
export type ChangeRepositoryView = z.infer<typeof changeRepositorySchema>;

/** The filters of the lists. */
export const changeListQuerySchema = z.object({
  repository: repositoryNameSchema.optional(),
  from: inputDateSchema.optional(),
  to: inputDateSchema.optional(),
});
export type ChangeListQuery = z.infer<typeof changeListQuerySchema>;

/** One record of a sampling population. */
export const populationRecordSchema = z.object({
  id: z.string(),
  kind: z.enum(CHANGE_POPULATION_KINDS),
  occurredOn: z.string(),
  label: z.string(),
});
