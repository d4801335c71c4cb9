import { addCadence, longestCadence } from '../cadence.js';
import { addDays, type IsoDate, minDate } from '../dates.js';
import type { EngagementDates } from '../engagement.js';
import type { Cadence } from '../vocabulary.js';
import { MILESTONE_CODES, type MilestoneCode } from './types.js';

/**
 * Default offsets in days from each milestone's base date (SPEC §5). The base
 * is the anchor (Type II window start, Type I audit date) except for the
 * fieldwork milestones, based on fieldwork start. `first-evidence-cycle` is
 * null: by default it lies one longest cadence after the window start (Type I:
 * on the audit date); an override gives days after the anchor instead.
 */
export const DEFAULT_MILESTONE_OFFSETS: Readonly<Record<MilestoneCode, number | null>> = {
  'readiness-assessment': -60,
  'policies-approved': -30,
  'nhi-inventory': -30,
  'gap-remediation': -14,
  'first-evidence-cycle': null,
  'evidence-freeze': -7,
  'request-list-answered': 14,
};

/** Our wording of each milestone, as shown in the plan. */
export const MILESTONE_TITLES: Readonly<Record<MilestoneCode, string>> = {
  'readiness-assessment':
    'Readiness assessment complete: every control has an owner, a source of truth, a cadence and an evidence requirement',
  'policies-approved': 'Policies approved and acknowledged',
  'nhi-inventory': 'Non-human identity inventory complete: every one owned, rotation policy set',
  'gap-remediation': 'Gap remediation complete',
  'first-evidence-cycle': 'First full evidence cycle collected',
  'evidence-freeze': 'Evidence frozen for fieldwork',
  'request-list-answered': 'Auditor request list answered',
};

const FROM_FIELDWORK: ReadonlySet<MilestoneCode> = new Set(['evidence-freeze', 'request-list-answered']);

/** The due date of every milestone for the engagement's dates, the requirements' cadences and any overrides. */
export function milestoneDueDates(
  dates: EngagementDates,
  cadences: Iterable<Cadence>,
  offsets: Partial<Record<MilestoneCode, number>> = {},
): Record<MilestoneCode, IsoDate> {
  const due = {} as Record<MilestoneCode, IsoDate>;
  for (const code of MILESTONE_CODES) {
    const base = FROM_FIELDWORK.has(code) ? dates.fieldworkStart : dates.anchor;
    const offset = offsets[code] ?? DEFAULT_MILESTONE_OFFSETS[code];
    if (offset !== null) {
      if (!Number.isInteger(offset))
        throw new Error(`offset for milestone ${code} must be whole days, got ${offset}`);
      due[code] = addDays(base, offset);
    } else {
      due[code] = firstCycleEnd(dates, cadences);
    }
  }
  return due;
}

function firstCycleEnd(dates: EngagementDates, cadences: Iterable<Cadence>): IsoDate {
  if (!dates.window) return dates.anchor;
  const longest = longestCadence(cadences);
  // With only per-event and once requirements there is no cycle to wait for; a cycle longer than
  // the window (annual evidence in a 6-month window) completes when the window closes.
  return longest ? minDate(addCadence(dates.window.start, longest), dates.window.end) : dates.window.start;
}
