/**
 * Releases and changes as populations an auditor samples from: the records
 * inside a date window, in one stable order (date, then id), whatever the
 * order they were read in.
 */
import type { DateRange } from '../dates.js';
import { compareText } from '../nhi/order.js';

/** The kinds of change-management population. */
export const CHANGE_POPULATION_KINDS = ['release', 'change'] as const;
export type ChangePopulationKind = (typeof CHANGE_POPULATION_KINDS)[number];

/** One record of a population. */
export interface PopulationRecord {
  id: string;
  kind: ChangePopulationKind;
  /** The day it happened (a release's deployment, a change's merge or push), `YYYY-MM-DD`. */
  occurredOn: string;
  label: string;
}

/** The records of `kind` whose day lies in the window (both ends included), sorted by day then id. */
export function populationWithin(
  records: readonly PopulationRecord[],
  kind: ChangePopulationKind,
  window: DateRange,
): PopulationRecord[] {
  return records
    .filter((r) => r.kind === kind && r.occurredOn >= window.start && r.occurredOn <= window.end)
    .sort((a, b) => compareText(a.occurredOn, b.occurredOn) || compareText(a.id, b.id));
}
