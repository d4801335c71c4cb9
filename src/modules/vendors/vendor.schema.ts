import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import {
  ASSURANCE_STATUSES,
  VENDOR_CRITICALITIES,
  VENDOR_REPORT_KINDS,
  VENDOR_RULES,
} from '../../core/vendors/rules.js';
import { emailSchema } from '../people/person.schema.js';

/** A vendor's name (`Amazon Web Services`, `GitHub`). */
export const vendorNameSchema = z
  .string()
  .trim()
  .min(1, 'name the vendor')
  .max(120)
  .regex(/^[\p{L}\p{N}\p{P}\p{S} ]+$/u, 'letters, digits, punctuation and spaces only');

const text = (max: number) => z.string().trim().max(max);
const optionalDate = inputDateSchema.nullable().default(null);

/** A vendor as added by hand or by a register row. */
export const vendorInputSchema = z
  .object({
    name: vendorNameSchema,
    service: text(200).min(1, 'say what the vendor provides'),
    criticality: z.enum(VENDOR_CRITICALITIES),
    dataTouched: text(500).default('').describe('the data the vendor touches'),
    ownerEmail: emailSchema.nullable().default(null).describe('the person who owns the relationship'),
    contractStart: optionalDate,
    contractEnd: optionalDate,
    lastAssessedOn: optionalDate,
    nextReviewOn: optionalDate,
  })
  .superRefine((v, ctx) => {
    if (v.contractStart !== null && v.contractEnd !== null && v.contractEnd < v.contractStart)
      ctx.addIssue({ code: 'custom', path: ['contractEnd'], message: 'the contract ends before it starts' });
  });
/** Validated vendor fields. */
export type VendorInput = z.infer<typeof vendorInputSchema>;

/** A review of a vendor: when, by whom, what was found, and when the next one is due. */
export const reviewInputSchema = z
  .object({
    reviewedOn: inputDateSchema.optional().describe('the day of the review (default: today)'),
    reviewerEmail: emailSchema.nullable().default(null),
    notes: text(4000).min(1, 'say what the review found'),
    nextReviewOn: inputDateSchema.optional().describe('the next review (default: a year after this one)'),
  })
  .superRefine((r, ctx) => {
    if (r.reviewedOn !== undefined && r.nextReviewOn !== undefined && r.nextReviewOn <= r.reviewedOn)
      ctx.addIssue({
        code: 'custom',
        path: ['nextReviewOn'],
        message: 'the next review must come after this one',
      });
  });
/** Validated review fields. */
export type ReviewInput = z.infer<typeof reviewInputSchema>;

/** A SOC 2 or ISO 27001 report received from a vendor (its file is sent with it). */
export const reportInputSchema = z
  .object({
    kind: z.enum(VENDOR_REPORT_KINDS),
    periodStart: inputDateSchema,
    periodEnd: inputDateSchema,
    receivedOn: inputDateSchema,
  })
  .superRefine((r, ctx) => {
    if (r.periodEnd < r.periodStart)
      ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'the period ends before it starts' });
    if (r.receivedOn < r.periodEnd)
      ctx.addIssue({
        code: 'custom',
        path: ['receivedOn'],
        message: 'a report is received after its period ends',
      });
  });
/** Validated report fields. */
export type ReportInput = z.infer<typeof reportInputSchema>;

/** A bridge letter (its file is sent with it): the days it covers after a report's period. */
export const bridgeLetterInputSchema = z
  .object({
    coveredFrom: inputDateSchema,
    coveredTo: inputDateSchema,
    receivedOn: inputDateSchema,
  })
  .superRefine((b, ctx) => {
    if (b.coveredTo < b.coveredFrom)
      ctx.addIssue({
        code: 'custom',
        path: ['coveredTo'],
        message: 'the letter covers no day: it ends before it starts',
      });
  });
/** Validated bridge letter fields. */
export type BridgeLetterInput = z.infer<typeof bridgeLetterInputSchema>;

/** A complementary user entity control listed in a vendor's report. */
export const cuecInputSchema = z.object({
  ref: text(40)
    .min(1, 'give the reference the report uses (CUEC-1)')
    .regex(/^[\w .:#()/-]+$/u, 'letters, digits, spaces and . : # ( ) / - only'),
  description: text(2000).min(1, 'say what the company must do'),
  reportId: z.string().max(64).nullable().default(null).describe('the report that lists it'),
});
/** Validated CUEC fields. */
export type CuecInput = z.infer<typeof cuecInputSchema>;

/** The controls of ours that run a CUEC (the whole set: it replaces the previous one). */
export const cuecMappingSchema = z.object({
  controlCodes: z.array(z.string().trim().min(1).max(40)).max(50),
});

/** How current a vendor's assurance is at T. */
export const assuranceSchema = z.object({
  status: z.enum(ASSURANCE_STATUSES),
  latestKind: z.enum(VENDOR_REPORT_KINDS).nullable(),
  latestPeriodEnd: z.string().nullable(),
  ageMonths: z.number().int().nullable().describe('whole months from the latest period end to T'),
  coveredUntil: z.string().nullable().describe('the last day the latest report and its bridge letters cover'),
});

/** An open finding a vendor rule raised. */
export const vendorFindingSchema = z.object({
  id: z.string(),
  rule: z.enum(VENDOR_RULES),
  title: z.string(),
  severity: z.string(),
  dueOn: z.string().nullable(),
});

/** A vendor as the register shows it. */
export const vendorSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  service: z.string(),
  criticality: z.enum(VENDOR_CRITICALITIES),
  dataTouched: z.string(),
  ownerId: z.string().nullable(),
  ownerEmail: z.string().nullable(),
  ownerName: z.string().nullable(),
  contractStart: z.string().nullable(),
  contractEnd: z.string().nullable(),
  lastAssessedOn: z.string().nullable(),
  nextReviewOn: z.string().nullable(),
  reviewOverdue: z.boolean(),
  assurance: assuranceSchema,
  cuecs: z.number().int(),
  unmappedCuecs: z.number().int(),
  openFindings: z.number().int(),
});
/** A vendor in the register. */
export type VendorSummary = z.infer<typeof vendorSummarySchema>;

/** A report as the API sends it. */
export const reportSchema = z.object({
  id: z.string(),
  kind: z.enum(VENDOR_REPORT_KINDS),
  periodStart: z.string(),
  periodEnd: z.string(),
  receivedOn: z.string(),
  evidenceId: z.string(),
  fileName: z.string(),
});

/** A bridge letter as the API sends it. */
export const bridgeLetterSchema = z.object({
  id: z.string(),
  coveredFrom: z.string(),
  coveredTo: z.string(),
  receivedOn: z.string(),
  evidenceId: z.string(),
  fileName: z.string(),
});

/** A CUEC with the controls that run it. */
export const cuecSchema = z.object({
  id: z.string(),
  ref: z.string(),
  description: z.string(),
  reportId: z.string().nullable(),
  controls: z.array(z.object({ id: z.string(), code: z.string(), title: z.string() })),
});
/** A CUEC as the API sends it. */
export type CuecView = z.infer<typeof cuecSchema>;

/** A recorded review. */
export const reviewSchema = z.object({
  id: z.string(),
  reviewedOn: z.string(),
  reviewerEmail: z.string().nullable(),
  notes: z.string(),
  nextReviewOn: z.string(),
  evidenceSha256: z.string(),
});

/** One vendor with its reports, bridge letters, CUECs, reviews and open findings. */
export const vendorSchema = vendorSummarySchema.extend({
  reports: z.array(reportSchema),
  bridgeLetters: z.array(bridgeLetterSchema),
  cuecList: z.array(cuecSchema),
  reviews: z.array(reviewSchema),
  findings: z.array(vendorFindingSchema),
});
/** A vendor as the API sends it. */
export type VendorView = z.infer<typeof vendorSchema>;

/** What a register import did. */
export const registerImportResultSchema = z.object({
  status: z.enum(['imported', 'unchanged']),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  evidenceIds: z.array(z.string()).describe('the register recorded as evidence on VM-01-E2'),
});
/** A register import's outcome. */
export type RegisterImportResult = z.infer<typeof registerImportResultSchema>;

/** What a refresh did to the rule findings. */
export const vendorSyncResultSchema = z.object({
  findingsOpened: z.number().int(),
  findingsResolved: z.number().int(),
});
