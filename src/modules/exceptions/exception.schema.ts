import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
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
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** An exception as the API sends it. */
export type ExceptionView = z.infer<typeof exceptionSchema>;

/** A stored exception with its control, what it excepts, and its approver: its wire shape and its organization. */
export type StoredException = ExceptionView & { orgId: string };
