import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { MILESTONE_CODES } from '../../core/plan/index.js';
import { TRUST_CATEGORIES } from '../../core/records.js';

const date = inputDateSchema;

/** Milestone offset overrides in whole days, by milestone code. */
export const milestoneOffsetsSchema = z
  .object(Object.fromEntries(MILESTONE_CODES.map((c) => [c, z.number().int().min(-730).max(730)])))
  .partial()
  .strict();

/** The fields of an engagement as created or edited. */
export const engagementInputSchema = z
  .object({
    type: z.enum(['type1', 'type2']),
    auditDate: date.nullable().default(null),
    windowStart: date.nullable().default(null),
    windowEnd: date.nullable().default(null),
    fieldworkStart: date,
    reportDue: date.nullable().default(null),
    categories: z
      .array(z.enum(TRUST_CATEGORIES))
      .default([])
      .transform((c) => [...new Set(c.filter((x) => x !== 'security'))].sort()),
    firmName: z.string().trim().min(1).max(200).nullable().default(null),
    /** The compliance lead (a person) who owns the milestones. */
    leadId: z.string().min(1).nullable().default(null),
    milestoneOffsets: milestoneOffsetsSchema.default({}),
  })
  .superRefine((e, ctx) => {
    if (e.type === 'type1') {
      if (!e.auditDate)
        ctx.addIssue({
          code: 'custom',
          path: ['auditDate'],
          message: 'a Type I engagement needs an audit date',
        });
      if (e.windowStart || e.windowEnd) {
        ctx.addIssue({
          code: 'custom',
          path: ['windowStart'],
          message: 'a Type I engagement has no observation window',
        });
      }
      if (e.auditDate && e.fieldworkStart < e.auditDate) {
        ctx.addIssue({
          code: 'custom',
          path: ['fieldworkStart'],
          message: 'fieldwork cannot start before the audit date',
        });
      }
    } else {
      if (!e.windowStart || !e.windowEnd) {
        ctx.addIssue({
          code: 'custom',
          path: ['windowStart'],
          message: 'a Type II engagement needs a window start..end',
        });
      } else {
        if (e.windowStart >= e.windowEnd) {
          ctx.addIssue({
            code: 'custom',
            path: ['windowEnd'],
            message: 'the window must end after it starts',
          });
        }
        if (e.fieldworkStart < e.windowStart) {
          ctx.addIssue({
            code: 'custom',
            path: ['fieldworkStart'],
            message: 'fieldwork cannot start before the window',
          });
        }
      }
      if (e.auditDate)
        ctx.addIssue({
          code: 'custom',
          path: ['auditDate'],
          message: 'a Type II engagement has a window, not an audit date',
        });
    }
    if (e.reportDue && e.reportDue < e.fieldworkStart) {
      ctx.addIssue({
        code: 'custom',
        path: ['reportDue'],
        message: 'the report cannot be due before fieldwork starts',
      });
    }
  });

/** Validated engagement fields. */
export type EngagementInput = z.infer<typeof engagementInputSchema>;

/** An engagement as the API sends it. */
export const engagementSchema = z.object({
  id: z.string(),
  frameworkId: z.literal('soc2'),
  type: z.enum(['type1', 'type2']),
  auditDate: z.string().nullable(),
  windowStart: z.string().nullable(),
  windowEnd: z.string().nullable(),
  fieldworkStart: z.string(),
  reportDue: z.string().nullable(),
  categories: z.array(z.enum(TRUST_CATEGORIES)),
  firmName: z.string().nullable(),
  leadId: z.string().nullable(),
  milestoneOffsets: z.partialRecord(z.enum(MILESTONE_CODES), z.number()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** An engagement as the API sends it. */
export type EngagementView = z.infer<typeof engagementSchema>;

/** A stored engagement: its wire shape and its organization. */
export type StoredEngagement = EngagementView & { orgId: string };
