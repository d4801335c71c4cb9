import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { EXCEPTION_REVIEW_CADENCES, EXCEPTION_REVIEW_DECISIONS } from '../../core/exceptions/review.js';
import { emailSchema } from '../people/person.schema.js';

/** Risk ratings shared by exceptions and findings. */
export const RISK_RATINGS = ['low', 'medium', 'high', 'critical'] as const;

const date = inputDateSchema;

/**
 * A new exception: what is not met on which control, why, the compensating
 * control, risk, what it excepts (one requirement of the control, one
 * finding on it, or neither: the whole control), and (optionally) its approval.
 */
export const exceptionInputSchema = z
  .object({
    controlCode: z.string().trim().min(1),
    requirementCode: z.string().trim().min(1).max(60).nullable().default(null),
    findingId: z.string().trim().min(4).max(64).nullable().default(null),
    summary: z.string().trim().min(1, 'say what is not met').max(1000),
    reason: z.string().trim().min(1, 'say why').max(2000),
    compensatingControl: z.string().trim().max(2000).nullable().default(null),
    riskRating: z.enum(RISK_RATINGS),
    approverEmail: emailSchema.nullable().default(null),
    approvedOn: date.nullable().default(null),
    expiresOn: date,
    /** Absent: the default of its risk (high and critical monthly, medium quarterly, low semiannual). */
    reviewCadence: z.enum(EXCEPTION_REVIEW_CADENCES).nullable().default(null),
  })
  .superRefine((e, ctx) => {
    if (e.requirementCode && e.findingId) {
      ctx.addIssue({
        code: 'custom',
        path: ['findingId'],
        message:
          'an exception excepts one requirement or one finding (or, neither named, the whole control), not both',
      });
    }
    if (!!e.approverEmail !== !!e.approvedOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['approvedOn'],
        message: 'an approval needs both the approver and the date',
      });
    }
    if (e.approvedOn && e.expiresOn < e.approvedOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiresOn'],
        message: 'an exception cannot expire before it is approved',
      });
    }
  });

/** Validated exception fields. */
export type ExceptionInput = z.infer<typeof exceptionInputSchema>;

/** What an exception excepts: one requirement, one finding, or the whole control. */
export type ExceptionScope = 'control' | 'requirement' | 'finding';

/**
 * A review of an exception: the decision, a note, the day, and optionally a
 * new expiry (continue, escalate) or a new review cadence; the reviewer is a
 * person of the roster, the exception's approver when not named.
 */
export const exceptionReviewInputSchema = z
  .object({
    decision: z.enum(EXCEPTION_REVIEW_DECISIONS),
    note: z.string().trim().min(1, 'say what the review found').max(2000),
    reviewedOn: date,
    reviewerEmail: emailSchema.nullable().default(null),
    newExpiresOn: date.nullable().default(null),
    reviewCadence: z.enum(EXCEPTION_REVIEW_CADENCES).nullable().default(null),
  })
  .superRefine((r, ctx) => {
    if (r.decision === 'close' && r.newExpiresOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['newExpiresOn'],
        message: 'a review that closes the exception sets no new expiry',
      });
    }
    if (r.newExpiresOn && r.newExpiresOn < r.reviewedOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['newExpiresOn'],
        message: 'the new expiry cannot be before the review',
      });
    }
  });

/** Validated review fields. */
export type ExceptionReviewInput = z.infer<typeof exceptionReviewInputSchema>;

/** One review of an exception as the API sends it. */
export const exceptionReviewSchema = z.object({
  id: z.string(),
  reviewerId: z.string(),
  reviewerEmail: z.string(),
  reviewerName: z.string(),
  reviewedOn: z.string(),
  decision: z.enum(EXCEPTION_REVIEW_DECISIONS),
  note: z.string(),
  newExpiresOn: z.string().nullable(),
});
/** One review of an exception. */
export type ExceptionReviewView = z.infer<typeof exceptionReviewSchema>;

/** An exception as the API sends it: its control, what it excepts (scope), and its approver. */
export const exceptionSchema = z.object({
  id: z.string(),
  controlId: z.string(),
  controlCode: z.string(),
  scope: z.enum(['control', 'requirement', 'finding']).describe('what it excepts'),
  requirementId: z.string().nullable(),
  requirementCode: z.string().nullable(),
  findingId: z.string().nullable(),
  summary: z.string(),
  reason: z.string(),
  compensatingControl: z.string().nullable(),
  riskRating: z.enum(RISK_RATINGS),
  approverId: z.string().nullable(),
  approverEmail: z.string().nullable(),
  approvedOn: z.string().nullable(),
  expiresOn: z.string(),
  closedOn: z.string().nullable(),
  reviewCadence: z.enum(EXCEPTION_REVIEW_CADENCES),
  /** The next review's due date (last review, else approval, plus the cadence); null when none is asked for. */
  nextReviewOn: z.string().nullable(),
  /** Its reviews, latest first. */
  reviews: z.array(exceptionReviewSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** An exception as the API sends it. */
export type ExceptionView = z.infer<typeof exceptionSchema>;

/** A stored exception with its control, what it excepts, and its approver: its wire shape and its organization. */
export type StoredException = ExceptionView & { orgId: string };
