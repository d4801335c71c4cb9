import { assertIsoDate, type DateRange, type IsoDate } from './dates.js';
import type { Engagement, TrustCategory } from './records.js';

/** The checked key dates of an engagement. */
export interface EngagementDates {
  /** The date the plan works back from: Type II window start, Type I audit date. */
  anchor: IsoDate;
  /** The date the evidence must reach: Type II window end, Type I audit date. */
  end: IsoDate;
  /** Type II observation window; null for Type I. */
  window: DateRange | null;
  fieldworkStart: IsoDate;
}

/** Validate an engagement's dates for its type and derive anchor, end and window; throws a clear Error otherwise. */
export function engagementDates(engagement: Engagement): EngagementDates {
  const label = `engagement ${engagement.id}`;
  assertIsoDate(engagement.fieldworkStart, `${label}: fieldworkStart`);
  if (engagement.type === 'type1') {
    const audit = engagement.auditDate;
    assertIsoDate(audit, `${label}: auditDate (required for a Type I engagement)`);
    return { anchor: audit, end: audit, window: null, fieldworkStart: engagement.fieldworkStart };
  }
  const { windowStart: start, windowEnd: end } = engagement;
  assertIsoDate(start, `${label}: windowStart (required for a Type II engagement)`);
  assertIsoDate(end, `${label}: windowEnd (required for a Type II engagement)`);
  if (start > end) throw new Error(`${label}: observation window ${start}..${end} ends before it starts`);
  return { anchor: start, end, window: { start, end }, fieldworkStart: engagement.fieldworkStart };
}

/** The categories an engagement covers; Security is always in scope (SPEC §3). */
export function inScopeCategories(engagement: Engagement): ReadonlySet<TrustCategory> {
  return new Set<TrustCategory>(['security', ...engagement.categories]);
}

/**
 * The trust category of a SOC 2 criterion code, read from its prefix
 * (`CC6.1` → security, `A1.2` → availability, `C1.1` → confidentiality,
 * `PI1.3` → processing-integrity, `P4.2` → privacy); null when unrecognised.
 */
export function soc2CategoryOf(criterionCode: string): TrustCategory | null {
  const prefix = /^([A-Z]+)(\d+)/.exec(criterionCode.trim().toUpperCase());
  if (!prefix) return null;
  const group = Number(prefix[2]);
  switch (prefix[1]) {
    case 'CC':
      return group >= 1 && group <= 9 ? 'security' : null;
    case 'A':
      return group === 1 ? 'availability' : null;
    case 'C':
      return group === 1 ? 'confidentiality' : null;
    case 'PI':
      return group === 1 ? 'processing-integrity' : null;
    case 'P':
      return group >= 1 && group <= 8 ? 'privacy' : null;
    default:
      return null;
  }
}
