/**
 * The plain records that the pure rules of src/core read: shapes shared by the
 * plan and readiness. Callers map their stored rows onto these; nothing here
 * knows where they came from.
 */
import type { IsoDate } from './dates.js';
import type { Cadence, CollectionMethod } from './vocabulary.js';

/** The SOC 2 trust services categories an engagement can put in scope. */
export const TRUST_CATEGORIES = [
  'security',
  'availability',
  'confidentiality',
  'processing-integrity',
  'privacy',
] as const;
/** A SOC 2 trust services category. */
export type TrustCategory = (typeof TRUST_CATEGORIES)[number];

/** The two kinds of SOC 2 report. */
export type EngagementType = 'type1' | 'type2';

/** The dates and scope of one audit engagement that the rules need. */
export interface Engagement {
  id: string;
  type: EngagementType;
  /** Type I: the point in time the report speaks about. */
  auditDate?: IsoDate | null;
  /** Type II: the first day of the observation window. */
  windowStart?: IsoDate | null;
  /** Type II: the last day of the observation window. */
  windowEnd?: IsoDate | null;
  fieldworkStart: IsoDate;
  reportDue?: IsoDate | null;
  categories: readonly TrustCategory[];
}

/** An evidence requirement: what proves a control operated, and how often. */
export interface RequirementRecord {
  id: string;
  controlId: string;
  /** Stable code (`AC-03-E1`). */
  code: string;
  /** The artifact in plain words (`Access review record`). */
  artifact: string;
  cadence: Cadence;
  /** How its artifacts reach auditready (absent: not known; `import` and `connector`: a system is its source of truth). */
  collection?: CollectionMethod;
}

/** Review state of a piece of evidence. */
export type ReviewState = 'submitted' | 'accepted' | 'rejected';

/**
 * What the rules need to know about one current (non-superseded) piece of
 * evidence. A fact may stand for several identical rows (`count`); no rule
 * depends on how many.
 */
export interface EvidenceFact {
  requirementId: string;
  evidenceId?: string;
  reviewState: ReviewState;
  /** First day the evidence speaks about (not when it was uploaded). */
  effectiveStart: IsoDate;
  /** Last day the evidence speaks about. */
  effectiveEnd: IsoDate;
  /** When it was collected (uploaded, imported, pulled). */
  collectedOn: IsoDate;
  rejectionReason?: string | null;
  count?: number;
}
