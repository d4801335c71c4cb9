import { windowPeriods } from '../cadence.js';
import { engagementDates } from '../engagement.js';
import { buildEvidenceIndex } from '../evidence-index.js';
import { MILESTONE_TITLES, milestoneDueDates } from './milestones.js';
import { requirementItems } from './requirement-items.js';
import {
  type Completion,
  type DatedPlan,
  MILESTONE_CODES,
  type MilestoneItem,
  type PlanInput,
  type PlanItem,
} from './types.js';

/**
 * Derive the plan of an engagement: milestones worked back from its dates and
 * a due date per evidence requirement and cadence period. Pure: the same input
 * gives the same plan. Completions are matched by key, so moving a date keeps
 * what was done; completions that match nothing any more come back orphaned.
 */
export function computePlan(input: PlanInput): DatedPlan {
  const dates = engagementDates(input.engagement);
  const controls = new Map(input.controls.map((c) => [c.id, c]));
  const requirements = input.requirements.filter((r) => controls.has(r.controlId));
  const due = milestoneDueDates(
    dates,
    requirements.map((r) => r.cadence),
    input.offsets,
  );
  const evidence = buildEvidenceIndex(requirements, input.evidence, windowPeriods(dates.window));

  const milestones: MilestoneItem[] = MILESTONE_CODES.map((code) => ({
    key: `milestone:${code}`,
    kind: 'milestone',
    code,
    title: MILESTONE_TITLES[code],
    dueOn: due[code],
    ownerId: input.complianceLeadId ?? null,
    doneOn: null,
    doneBy: null,
  }));
  const items = requirementItems({ dates, milestones: due, controls, requirements, evidence });

  const completions = completionByKey(input.completions ?? []);
  const used = new Set<string>();
  const complete = <T extends PlanItem>(item: T): T => {
    const done = completions.get(item.key);
    if (!done) return item;
    used.add(item.key);
    return { ...item, doneOn: done.doneOn, doneBy: done.doneBy ?? null };
  };
  const plannedMilestones = milestones.map(complete).sort(byDueThenKey);
  const plannedItems = sortByDueThenKey(items.map(complete));
  const orphanedCompletions = [...completions.values()]
    .filter((c) => !used.has(c.key))
    .sort((a, b) => compareText(a.key, b.key));
  return { milestones: plannedMilestones, items: plannedItems, orphanedCompletions };
}

/** A stored completion wins over evidence-derived done dates; duplicates keep the earliest. */
export function completionByKey(completions: readonly Completion[]): Map<string, Completion> {
  const byKey = new Map<string, Completion>();
  for (const c of completions) {
    const seen = byKey.get(c.key);
    if (
      !seen ||
      c.doneOn < seen.doneOn ||
      (c.doneOn === seen.doneOn && (c.doneBy ?? '') < (seen.doneBy ?? ''))
    ) {
      byKey.set(c.key, c);
    }
  }
  return byKey;
}

/**
 * `items` in `byDueThenKey` order, sorted in groups of one due date: tens of
 * thousands of items share a few hundred dates, so each comparison is one of keys.
 * Stable like the sort it replaces.
 */
function sortByDueThenKey<T extends PlanItem>(items: T[]): T[] {
  const byDue = new Map<string, T[]>();
  for (const item of items) {
    const group = byDue.get(item.dueOn);
    if (group) group.push(item);
    else byDue.set(item.dueOn, [item]);
  }
  const out: T[] = [];
  for (const dueOn of [...byDue.keys()].sort(compareText)) {
    const group = byDue.get(dueOn) as T[];
    if (group.length > 1) group.sort((a, b) => compareText(a.key, b.key));
    for (const item of group) out.push(item);
  }
  return out;
}

/** Order plan items by due date, then key. */
export function byDueThenKey(a: PlanItem, b: PlanItem): number {
  return compareText(a.dueOn, b.dueOn) || compareText(a.key, b.key);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
