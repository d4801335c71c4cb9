import { z } from 'zod';
import { type DateRange, parseEffective } from '../../core/dates.js';
import { SOURCE_TYPES } from '../../core/vocabulary.js';

/** The three forms evidence takes. */
export const EVIDENCE_KINDS = ['file', 'record', 'link'] as const;
/** A form of evidence. */
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Review states: submitted until a reviewer accepts or rejects it, once. */
export const REVIEW_STATES = ['submitted', 'accepted', 'rejected'] as const;
/** A review state. */
export type ReviewState = (typeof REVIEW_STATES)[number];

/** An effective date or period: `2026-10-01` or `2026-10-01..2026-12-31`. */
export const effectiveSchema = z.string().transform((value, ctx): DateRange => {
  try {
    return parseEffective(value.trim());
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
    return z.NEVER;
  }
});

/** A link as evidence: http(s) only. */
export const evidenceUrlSchema = z
  .url({ protocol: /^https?$/, message: 'a link must be an http(s) URL' })
  .max(2000, 'a link is at most 2000 characters');

/** The metadata of a new piece of evidence (the content travels separately). */
export const evidenceMetadataSchema = z.object({
  controlCode: z.string().trim().min(1),
  requirementCode: z.string().trim().min(1).optional(),
  effective: effectiveSchema,
  sourceType: z.enum(SOURCE_TYPES).optional(),
  description: z.string().trim().max(2000).optional(),
  supersedes: z.string().trim().min(1).optional(),
});

/** Validated metadata of a new piece of evidence. */
export type EvidenceMetadata = z.infer<typeof evidenceMetadataSchema>;

/** A review decision. */
export const reviewDecisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('accepted') }),
  z.object({
    decision: z.literal('rejected'),
    reason: z.string().trim().min(1, 'a rejection needs a reason').max(2000),
  }),
]);

/** A validated review decision. */
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

/** A piece of evidence as the API sends it (the wire shape). */
export const evidenceSchema = z.object({
  id: z.string(),
  controlId: z.string(),
  controlCode: z.string(),
  requirementId: z.string(),
  requirementCode: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  sha256: z.string().nullable(),
  size: z.number().nullable(),
  fileName: z.string().nullable(),
  mediaType: z.string().nullable(),
  url: z.string().nullable(),
  description: z.string().nullable(),
  effectiveStart: z.string(),
  effectiveEnd: z.string(),
  collectedAt: z.string(),
  sourceType: z.enum(SOURCE_TYPES),
  collector: z.object({ type: z.string(), id: z.string(), label: z.string() }),
  supersedesId: z.string().nullable(),
  supersededById: z.string().nullable(),
  reviewState: z.enum(REVIEW_STATES),
  review: z
    .object({
      decision: z.enum(['accepted', 'rejected']),
      reason: z.string().nullable(),
      reviewer: z.string(),
      reviewedAt: z.string(),
    })
    .nullable(),
});
/** A piece of evidence as the API sends it, with its review and whether a newer version supersedes it. */
export type EvidenceView = z.infer<typeof evidenceSchema>;

/** A stored piece of evidence: its wire shape and the organization it belongs to (which the API leaves out). */
export type Evidence = EvidenceView & { orgId: string };
