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

/** A stored piece of evidence with its review and whether a newer version supersedes it. */
export interface Evidence {
  id: string;
  orgId: string;
  controlId: string;
  controlCode: string;
  requirementId: string;
  requirementCode: string;
  kind: EvidenceKind;
  sha256: string | null;
  size: number | null;
  fileName: string | null;
  mediaType: string | null;
  url: string | null;
  description: string | null;
  effectiveStart: string;
  effectiveEnd: string;
  collectedAt: string;
  sourceType: (typeof SOURCE_TYPES)[number];
  collector: { type: string; id: string; label: string };
  supersedesId: string | null;
  supersededById: string | null;
  reviewState: ReviewState;
  review: {
    decision: 'accepted' | 'rejected';
    reason: string | null;
    reviewer: string;
    reviewedAt: string;
  } | null;
}
