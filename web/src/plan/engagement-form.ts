import type { Person } from '../api/types';
import type { Engagement, EngagementBody, MilestoneCode, TrustCategory } from './queries';

/** How each milestone is worked back: our short label, the date it counts from, the default offset. */
export const MILESTONES: Record<
  MilestoneCode,
  { label: string; from: 'anchor' | 'fieldwork'; days: number | null }
> = {
  'readiness-assessment': { label: 'Readiness assessment complete', from: 'anchor', days: -60 },
  'policies-approved': { label: 'Policies approved and acknowledged', from: 'anchor', days: -30 },
  'nhi-inventory': { label: 'Non-human identity inventory complete', from: 'anchor', days: -30 },
  'gap-remediation': { label: 'Gap remediation complete', from: 'anchor', days: -14 },
  'first-evidence-cycle': { label: 'First full evidence cycle collected', from: 'anchor', days: null },
  'evidence-freeze': { label: 'Evidence frozen for fieldwork', from: 'fieldwork', days: -7 },
  'request-list-answered': { label: 'Auditor request list answered', from: 'fieldwork', days: 14 },
};

/** The back-planned milestones, in the order of SPEC §5 (the server's codes: the record above lists each once). */
export const MILESTONE_CODES = Object.keys(MILESTONES) as MilestoneCode[];

/** The words for a category in scope. */
export const CATEGORY_LABEL: Record<TrustCategory, string> = {
  security: 'Security',
  availability: 'Availability',
  confidentiality: 'Confidentiality',
  'processing-integrity': 'Processing integrity',
  privacy: 'Privacy',
};

/** The SOC 2 trust services categories; security is always in scope. */
export const TRUST_CATEGORIES = Object.keys(CATEGORY_LABEL) as TrustCategory[];

/** The engagement form's fields as typed (dates as `YYYY-MM-DD` text, empty when not set). */
export interface EngagementFormValues {
  type: 'type1' | 'type2';
  auditDate: string;
  windowStart: string;
  windowEnd: string;
  fieldworkStart: string;
  reportDue: string;
  /** The optional categories (security is always in scope and never stored). */
  categories: TrustCategory[];
  firmName: string;
  /** The compliance lead who owns the milestones (a roster e-mail), or null. */
  leadEmail: string | null;
  /** Overridden offsets in days; a milestone left out keeps its default. */
  offsets: Partial<Record<MilestoneCode, number>>;
}

/** The form's starting values: the engagement's, or an empty Type II engagement led by `me`. */
export function formOf(
  engagement: Engagement | null,
  people: readonly Pick<Person, 'id' | 'email'>[],
  me: string | null,
): EngagementFormValues {
  const email = (id: string | null) => people.find((p) => p.id === id)?.email ?? null;
  if (!engagement)
    return {
      type: 'type2',
      auditDate: '',
      windowStart: '',
      windowEnd: '',
      fieldworkStart: '',
      reportDue: '',
      categories: [],
      firmName: '',
      leadEmail: email(me),
      offsets: {},
    };
  return {
    type: engagement.type,
    auditDate: engagement.auditDate ?? '',
    windowStart: engagement.windowStart ?? '',
    windowEnd: engagement.windowEnd ?? '',
    fieldworkStart: engagement.fieldworkStart,
    reportDue: engagement.reportDue ?? '',
    categories: engagement.categories.filter((c) => c !== 'security'),
    firmName: engagement.firmName ?? '',
    leadEmail: email(engagement.leadId),
    offsets: { ...engagement.milestoneOffsets },
  };
}

/**
 * The request body for the values: the dates the type does not use are sent
 * as null (so switching Type II → Type I clears the window), blanks as null,
 * and only the offsets that were overridden.
 */
export function bodyOf(v: EngagementFormValues): EngagementBody {
  const date = (d: string) => (d.trim() === '' ? null : d.trim());
  const offsets: Partial<Record<MilestoneCode, number>> = {};
  for (const code of MILESTONE_CODES) {
    const days = v.offsets[code];
    if (typeof days === 'number' && Number.isInteger(days)) offsets[code] = days;
  }
  return {
    type: v.type,
    auditDate: v.type === 'type1' ? date(v.auditDate) : null,
    windowStart: v.type === 'type2' ? date(v.windowStart) : null,
    windowEnd: v.type === 'type2' ? date(v.windowEnd) : null,
    fieldworkStart: v.fieldworkStart.trim(),
    reportDue: date(v.reportDue),
    categories: v.categories.filter((c) => c !== 'security'),
    firmName: v.firmName.trim() === '' ? null : v.firmName.trim(),
    leadEmail: v.leadEmail,
    milestoneOffsets: offsets,
  };
}

/** What is still missing before the form can be saved, in words (the API checks the order of the dates). */
export function missingFields(v: EngagementFormValues): string[] {
  const missing: string[] = [];
  if (v.type === 'type1' && !v.auditDate) missing.push('the audit date');
  if (v.type === 'type2' && !v.windowStart) missing.push('the window start');
  if (v.type === 'type2' && !v.windowEnd) missing.push('the window end');
  if (!v.fieldworkStart) missing.push('the fieldwork start');
  return missing;
}

/** Describes a milestone's default for the type, e.g. "60 days before the window start". */
export function defaultOffsetText(code: MilestoneCode, type: EngagementFormValues['type']): string {
  const m = MILESTONES[code];
  const base = m.from === 'fieldwork' ? 'fieldwork start' : type === 'type1' ? 'audit date' : 'window start';
  if (m.days === null)
    return type === 'type1'
      ? 'default: on the audit date'
      : 'default: one longest cadence after the window start (at the latest its end); an override counts days after the window start';
  if (m.days === 0) return `default: on the ${base}`;
  return `default: ${Math.abs(m.days)} days ${m.days < 0 ? 'before' : 'after'} the ${base}`;
}
