import { addDays, daysBetween, type IsoDate, minDate, startOfIsoWeek } from '../dates.js';
import { DEFAULT_MILESTONE_OFFSETS } from '../plan/milestones.js';
import { countGaps } from './compute-readiness.js';
import { buildReadinessBase, contextAt, type ReadinessBase } from './context.js';
import type { Burndown } from './schema.js';
import type { ReadinessInput } from './types.js';

/** Where the burndown starts and how many weekly points it keeps. */
export interface BurndownOptions {
  /** First day to chart (default: the earliest evidence collection date). */
  from?: IsoDate;
  /** Keep at most this many weekly points, the most recent ones. */
  weeks?: number;
}

/**
 * Gap count per ISO week (labelled by its Monday) from the first evidence (or
 * `from`) to the engagement's end (Type II window end, Type I audit date),
 * capped at T. Each week is judged on its last day by the dating rules of
 * src/core/at-date.ts, exactly as readiness at that day: evidence as it stood
 * (recorded by then and effective by then), findings open then, exceptions
 * in force then. Controls, requirements and the roster are taken as they are now.
 * The ideal line runs from today's gap count to zero at gap remediation.
 */
export function computeBurndown(input: ReadinessInput, options: BurndownOptions = {}): Burndown {
  const base = buildReadinessBase(input);
  const cap = base.end ? minDate(base.end, input.at) : input.at;
  const start = options.from ?? earliestCollection(input) ?? input.at;
  const actual: Burndown['actual'] = [];
  for (let week = startOfIsoWeek(start); week <= cap; week = addDays(week, 7)) {
    actual.push({ week, gaps: gapsOn(base, input, minDate(addDays(week, 6), cap)) });
  }
  const kept =
    options.weeks === undefined ? actual : actual.slice(Math.max(0, actual.length - options.weeks));
  const today = countGaps(input.controls, contextAt(base, input.at, input));
  return { actual: kept, ideal: idealLine(base, input, today) };
}

/** Gaps on `day` as readiness at that day counts them (the same context, the same rules). */
function gapsOn(base: ReadinessBase, input: ReadinessInput, day: IsoDate): number {
  return countGaps(input.controls, contextAt(base, day, { ...input, today: input.today ?? input.at }));
}

function earliestCollection(input: ReadinessInput): IsoDate | null {
  let earliest: IsoDate | null = null;
  for (const f of input.evidence) if (earliest === null || f.collectedOn < earliest) earliest = f.collectedOn;
  return earliest;
}

/** A straight weekly line from `today` gaps this week to zero in the week of gap remediation. */
function idealLine(base: ReadinessBase, input: ReadinessInput, today: number): Burndown['ideal'] {
  const milestone = input.plan?.milestones?.find((m) => m.code === 'gap-remediation')?.dueOn;
  const offset = DEFAULT_MILESTONE_OFFSETS['gap-remediation'] ?? 0;
  const target = milestone ?? (base.anchor ? addDays(base.anchor, offset) : null);
  if (target === null) return [];
  const first = startOfIsoWeek(input.at);
  const last = startOfIsoWeek(target);
  if (last <= first) return [{ week: first, gaps: 0 }];
  const steps = daysBetween(first, last) / 7;
  const line: Burndown['ideal'] = [];
  for (let k = 0; k <= steps; k++) {
    line.push({ week: addDays(first, 7 * k), gaps: Math.round(today * (1 - k / steps) * 100) / 100 });
  }
  return line;
}
