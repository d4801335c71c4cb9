import { isEffectiveBy } from '../at-date.js';
import { freshUntil } from '../cadence.js';
import type { DateRange, IsoDate } from '../dates.js';
import type { EngagementDates } from '../engagement.js';
import type { RequirementEvidence } from '../evidence-index.js';
import type { EvidenceFact, RequirementRecord } from '../records.js';
import { type LevelledSlot, levelDueDates, levelledDueDates } from './levelling.js';
import type { EvidenceItem, MilestoneCode, PlanControl } from './types.js';

/** What `requirementItems` needs: the engagement's dates, milestone dates and indexed evidence. */
export interface RequirementItemsArgs {
  dates: EngagementDates;
  milestones: Record<MilestoneCode, IsoDate>;
  controls: ReadonlyMap<string, PlanControl>;
  requirements: readonly RequirementRecord[];
  evidence: ReadonlyMap<string, RequirementEvidence>;
}

/**
 * The concrete due dates of every requirement whose control is given: Type II
 * one per cadence period, due as the load levelling says (./levelling.ts:
 * short periods at their end, periods covering most of the window spread
 * between their first month's end and the first evidence cycle); Type I one
 * each, due at gap remediation.
 */
export function requirementItems(args: RequirementItemsArgs): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  const slots: LevelledSlot[] = [];
  // Each key once (no requirement listed twice): item i is slot i, and the plan's sort by due date then
  // key meets runs already in key order when the requirements come in the order of their keys' prefix.
  const ids = new Set(args.requirements.map((r) => r.id));
  const unique = ids.size === args.requirements.length;
  const requirements = unique
    ? [...args.requirements].sort((a, b) => compareText(`req:${a.id}:`, `req:${b.id}:`))
    : args.requirements;
  for (const requirement of requirements) {
    const control = args.controls.get(requirement.controlId);
    const evidence = args.evidence.get(requirement.id);
    // The caller chooses the scope: requirements of controls it left out get no items.
    if (!control || !evidence) continue;
    const base = {
      kind: 'evidence' as const,
      requirementId: requirement.id,
      requirementCode: requirement.code,
      controlId: control.id,
      controlCode: control.code,
      ownerId: control.ownerId,
      doneBy: null,
    };
    if (!args.dates.window) {
      items.push({
        ...base,
        key: `req:${requirement.id}:type1`,
        dueOn: args.milestones['gap-remediation'],
        doneOn: firstFreshOn(evidence.accepted, requirement, args.dates.anchor),
      });
      continue;
    }
    for (let i = 0; i < evidence.periods.length; i++) {
      const period = evidence.periods[i] as DateRange;
      const key = `req:${requirement.id}:${period.start}`;
      items.push({
        kind: 'evidence',
        requirementId: base.requirementId,
        requirementCode: base.requirementCode,
        controlId: base.controlId,
        controlCode: base.controlCode,
        ownerId: base.ownerId,
        doneBy: null,
        key,
        period,
        dueOn: period.end,
        doneOn: evidence.coveredOn[i] ?? null,
      });
      slots.push({ key, cadence: requirement.cadence, period });
    }
  }
  const window = args.dates.window;
  if (!window) return items;
  if (unique) {
    const dues = levelledDueDates(slots, window, args.milestones['first-evidence-cycle']);
    for (let i = 0; i < items.length; i++) (items[i] as EvidenceItem).dueOn = dues[i] as IsoDate;
    return items;
  }
  const due = levelDueDates(slots, window, args.milestones['first-evidence-cycle']);
  for (const item of items) item.dueOn = due.get(item.key) ?? item.dueOn;
  return items;
}

/**
 * The earliest collection date of accepted evidence that proves the state on
 * the audit date: effective on or before it and still fresh then. Evidence
 * effective only after the audit date says nothing about that day.
 */
function firstFreshOn(
  accepted: readonly EvidenceFact[],
  requirement: RequirementRecord,
  on: IsoDate,
): IsoDate | null {
  for (const fact of accepted) {
    if (!isEffectiveBy(fact, on)) continue;
    const until = freshUntil(fact.effectiveEnd, requirement.cadence);
    if (until === null || until >= on) return fact.collectedOn;
  }
  return null;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
