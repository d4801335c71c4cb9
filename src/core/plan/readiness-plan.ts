import { windowPeriods } from '../cadence.js';
import type { DateRange, IsoDate } from '../dates.js';
import { engagementDates } from '../engagement.js';
import { buildEvidenceIndex } from '../evidence-index.js';
import type { ReadinessPlan, ReadinessPlanItem } from '../readiness/types.js';
import { completionByKey, computePlan } from './compute-plan.js';
import { type LevelledSlot, levelledDueDates } from './levelling.js';
import { milestoneDueDates } from './milestones.js';
import { MILESTONE_CODES, type PlanInput } from './types.js';

/**
 * The parts of `computePlan`'s plan that readiness reads (docs/decisions/0037):
 * the milestones' codes and due dates, and per evidence item its requirement,
 * period, due date and done date. A Type II plan of 10,000 controls is
 * 360,000 items; readiness needs neither their keys, titles, owners and codes
 * nor the plan's order (it indexes the items per requirement and sorts each
 * requirement's by due date, stably): so the items come here per requirement
 * in period order, which is the plan's order of one requirement's items with
 * one due date (the key ends with the period's start). The due dates are the
 * same load levelling over the same slots, and an item's done date is its
 * completion's (by key, the earliest of duplicates) or else the evidence's.
 *
 * A Type I engagement (one item per requirement) or a requirement listed
 * twice takes the whole plan, which fits `ReadinessPlan` as it is.
 * A property test holds the readiness results of both equal.
 */
export function readinessPlan(input: PlanInput): ReadinessPlan {
  const dates = engagementDates(input.engagement);
  const window = dates.window;
  const controls = new Set(input.controls.map((c) => c.id));
  const requirements = input.requirements.filter((r) => controls.has(r.controlId));
  if (!window || new Set(requirements.map((r) => r.id)).size !== requirements.length)
    return computePlan(input);
  const due = milestoneDueDates(
    dates,
    requirements.map((r) => r.cadence),
    input.offsets,
  );
  const evidence = buildEvidenceIndex(requirements, input.evidence, windowPeriods(window));
  const done = completedPeriods(input.completions ?? []);
  const items: ReadinessPlanItem[] = [];
  const slots: LevelledSlot[] = [];
  for (const requirement of requirements) {
    const e = evidence.get(requirement.id);
    if (!e) continue;
    const completed = done.get(requirement.id);
    for (let i = 0; i < e.periods.length; i++) {
      const period = e.periods[i] as DateRange;
      items.push({
        requirementId: requirement.id,
        period,
        dueOn: period.end,
        doneOn: completed?.get(period.start) ?? e.coveredOn[i] ?? null,
      });
      slots.push({ key: `req:${requirement.id}:${period.start}`, cadence: requirement.cadence, period });
    }
  }
  const dues = levelledDueDates(slots, window, due['first-evidence-cycle']);
  for (let i = 0; i < items.length; i++) (items[i] as ReadinessPlanItem).dueOn = dues[i] as IsoDate;
  return { items, milestones: MILESTONE_CODES.map((code) => ({ code, dueOn: due[code] })) };
}

/**
 * The completions of evidence items of a Type II plan, per requirement and
 * period start: an item's key is `req:<requirement id>:<period start>`, the
 * start ten characters, so a key names one (id, start) pair.
 */
function completedPeriods(
  completions: PlanInput['completions'] & object,
): Map<string, Map<IsoDate, IsoDate>> {
  const byRequirement = new Map<string, Map<IsoDate, IsoDate>>();
  for (const c of completionByKey(completions).values()) {
    const key = c.key;
    if (!key.startsWith('req:') || key.length < 15 || key[key.length - 11] !== ':') continue;
    const id = key.slice(4, -11);
    const start = key.slice(-10);
    let starts = byRequirement.get(id);
    if (!starts) {
      starts = new Map();
      byRequirement.set(id, starts);
    }
    starts.set(start, c.doneOn);
  }
  return byRequirement;
}
