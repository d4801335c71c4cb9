/**
 * The documented JSON shape of a readiness result (what the CLI's `--json`
 * and the API return). The output types are inferred from these schemas so
 * that the contract and the code cannot drift apart.
 */
import { z } from 'zod';

/** A control's readiness status (SPEC §4). */
export const READINESS_STATUSES = ['gap', 'at-risk', 'excepted', 'ready', 'not-applicable'] as const;
/** A criterion's status: a control status, or `unmapped` when no control maps to it (a gap). */
export const CRITERION_STATUSES = [...READINESS_STATUSES, 'unmapped'] as const;
/** Reasons that make a control a gap. */
export const GAP_REASON_CODES = [
  'no-owner',
  'owner-not-active',
  'control-draft',
  'no-evidence',
  'stale-evidence',
  'coverage-gap',
  'open-finding',
  'exception-expired',
  'exception-unreviewed',
  'request-overdue',
] as const;
/** Reasons that make a control at risk. */
export const AT_RISK_REASON_CODES = [
  'stale-soon',
  'pending-review',
  'finding-due-soon',
  'current-period-uncovered',
  'request-due-soon',
  'exception-review-due',
] as const;
/** Notes that never change a status. */
export const INFO_REASON_CODES = [
  'not-applicable',
  'exception-active',
  'exception-expiring',
  'no-requirement',
  'import-suggested',
] as const;
/** Severity of a reason. */
export const REASON_SEVERITIES = ['gap', 'at-risk', 'info'] as const;

const isoDate = z.iso.date();
const count = z.number().int().nonnegative();
const score = z.number().min(0).max(1).nullable();

/** An inclusive date range. */
export const periodSchema = z.object({ start: isoDate, end: isoDate });

/** One reason behind a status: what to fix, who owns it, by when. */
export const reasonSchema = z.object({
  code: z.enum([...GAP_REASON_CODES, ...AT_RISK_REASON_CODES, ...INFO_REASON_CODES]),
  severity: z.enum(REASON_SEVERITIES),
  message: z.string().min(1),
  controlId: z.string(),
  controlCode: z.string(),
  requirementId: z.string().optional(),
  requirementCode: z.string().optional(),
  evidenceId: z.string().optional(),
  findingId: z.string().optional(),
  exceptionId: z.string().optional(),
  /** The audit request behind a request-due-soon or request-overdue reason. */
  requestId: z.string().optional(),
  period: periodSchema.optional(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  /** Present (true) when the control has no active owner or backup: the owner named is the compliance lead (else an admin). */
  unowned: z.literal(true).optional(),
  /** The exception that excepts this gap, when one does (the gap stays listed: an exception is never silent). */
  exceptedBy: z.string().optional(),
  dueOn: isoDate.nullable(),
});

/** Counts of controls by status. */
export const statusCountsSchema = z.object({
  gap: count,
  'at-risk': count,
  excepted: count,
  ready: count,
  'not-applicable': count,
});

/** Counts of criteria by status. */
export const criterionCountsSchema = statusCountsSchema.extend({ unmapped: count });

/** The readiness of one in-scope control. */
export const controlReadinessSchema = z.object({
  controlId: z.string(),
  code: z.string(),
  title: z.string(),
  status: z.enum(READINESS_STATUSES),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  /** No active owner or backup: unowned, assigned to the compliance lead (else an admin) named as owner. */
  unowned: z.boolean(),
  reasons: z.array(reasonSchema),
});

/** The roll-up of one criterion over its mapped in-scope controls. */
export const criterionReadinessSchema = z.object({
  frameworkId: z.string(),
  code: z.string(),
  group: z.string(),
  title: z.string(),
  status: z.enum(CRITERION_STATUSES),
  controlIds: z.array(z.string()),
});

/** The roll-up of one group of criteria (SOC 2 CC1…CC9, A1, C1, PI1, P1–P8; CSF functions …). */
export const categoryReadinessSchema = z.object({
  frameworkId: z.string(),
  code: z.string(),
  title: z.string(),
  parent: z.string().nullable(),
  counts: criterionCountsSchema,
  score,
});

/** The roll-up of one framework. */
export const frameworkReadinessSchema = z.object({
  frameworkId: z.string(),
  name: z.string(),
  counts: criterionCountsSchema,
  score,
});

/** What one owner (or nobody, ownerId null) has on their plate. */
export const ownerReadinessSchema = z.object({
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  counts: statusCountsSchema,
  /** Controls of theirs that nobody active owns ("unowned — assigned to the lead"), by code. */
  unownedControlIds: z.array(z.string()),
  reasons: z.array(reasonSchema),
});

/** The overall picture. */
export const readinessSummarySchema = z.object({
  controls: statusCountsSchema,
  inScope: count,
  outOfScope: count,
  controlScore: score,
  criteria: criterionCountsSchema.nullable(),
  criteriaScore: score,
  reasons: z.object({ gap: count, 'at-risk': count, info: count }),
});

/** The full readiness result for a date and an engagement. */
export const readinessResultSchema = z.object({
  at: isoDate,
  engagementId: z.string().nullable(),
  controls: z.array(controlReadinessSchema),
  criteria: z.array(criterionReadinessSchema),
  categories: z.array(categoryReadinessSchema),
  frameworks: z.array(frameworkReadinessSchema),
  owners: z.array(ownerReadinessSchema),
  summary: readinessSummarySchema,
  outOfScope: z.array(z.string()),
});

/** Gap counts over time against the ideal line to gap remediation. */
export const burndownSchema = z.object({
  actual: z.array(z.object({ week: isoDate, gaps: count })),
  ideal: z.array(z.object({ week: isoDate, gaps: z.number().nonnegative() })),
});

/** A control's readiness status. */
export type ReadinessStatus = (typeof READINESS_STATUSES)[number];
/** A criterion's roll-up status. */
export type CriterionStatus = (typeof CRITERION_STATUSES)[number];
/** A reason's machine code. */
export type ReasonCode = Reason['code'];
/** A reason's severity. */
export type ReasonSeverity = (typeof REASON_SEVERITIES)[number];
/** One reason behind a status. */
export type Reason = z.infer<typeof reasonSchema>;
/** Counts of controls by status. */
export type StatusCounts = z.infer<typeof statusCountsSchema>;
/** Counts of criteria by status. */
export type CriterionCounts = z.infer<typeof criterionCountsSchema>;
/** The readiness of one control. */
export type ControlReadiness = z.infer<typeof controlReadinessSchema>;
/** The roll-up of one criterion. */
export type CriterionReadiness = z.infer<typeof criterionReadinessSchema>;
/** The roll-up of one group of criteria. */
export type CategoryReadiness = z.infer<typeof categoryReadinessSchema>;
/** The roll-up of one framework. */
export type FrameworkReadiness = z.infer<typeof frameworkReadinessSchema>;
/** One owner's roll-up. */
export type OwnerReadiness = z.infer<typeof ownerReadinessSchema>;
/** The overall summary. */
export type ReadinessSummary = z.infer<typeof readinessSummarySchema>;
/** The result of `computeReadiness`. */
export type ReadinessResult = z.infer<typeof readinessResultSchema>;
/** The result of `computeBurndown`. */
export type Burndown = z.infer<typeof burndownSchema>;
