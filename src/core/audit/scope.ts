import { type DateRange, EARLIEST_DATE, type IsoDate, rangesOverlap } from '../dates.js';
import { engagementDates } from '../engagement.js';
import type { Engagement } from '../records.js';

/**
 * What an auditor of one engagement may see of the evidence (SPEC §9): the
 * period the engagement speaks about. Type II: the observation window.
 * Type I: everything up to the audit date (the report speaks about the
 * design at that date, and the evidence for it was produced before it).
 * docs/decisions/0022 states the rule.
 */
export function auditPeriod(engagement: Engagement): DateRange {
  const dates = engagementDates(engagement);
  return dates.window ?? { start: EARLIEST_DATE, end: dates.end };
}

/** An evidence item's effective period: the days it speaks about. */
export interface EffectivePeriod {
  effectiveStart: IsoDate;
  effectiveEnd: IsoDate;
}

/**
 * Whether an auditor of the engagement sees a piece of evidence: its
 * effective period overlaps the audit period (a policy approved before the
 * window that is in force during it counts; evidence entirely before or
 * after it does not).
 */
export function isEvidenceInAuditPeriod(evidence: EffectivePeriod, engagement: Engagement): boolean {
  return rangesOverlap(
    { start: evidence.effectiveStart, end: evidence.effectiveEnd },
    auditPeriod(engagement),
  );
}
