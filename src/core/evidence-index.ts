/**
 * Evidence facts indexed once per requirement, so that the rules answer
 * "latest accepted", "pending review" and "is this period covered" in
 * logarithmic time, also as of an earlier date (the burndown replays history
 * by asking the same index with `asOf` = each week).
 */
import { createHash } from 'node:crypto';
import { isEffectiveBy } from './at-date.js';
import { cadencePeriods, freshUntil } from './cadence.js';
import { addDays, type DateRange, daysBetween, type IsoDate } from './dates.js';
import { engagementDates } from './engagement.js';
import type { Engagement, EvidenceFact, RequirementRecord } from './records.js';
import { CADENCES, type Cadence } from './vocabulary.js';

/** Facts of one review state ordered by collectedOn, with the most recent fact of every prefix. */
interface Timeline {
  facts: EvidenceFact[];
  collected: IsoDate[];
  best: EvidenceFact[];
}

/** Everything the rules ask about one requirement's evidence. */
export interface RequirementEvidence {
  requirement: RequirementRecord;
  /** Accepted facts ordered by collectedOn. */
  accepted: readonly EvidenceFact[];
  acceptedTimeline: Timeline;
  submittedTimeline: Timeline;
  rejectedTimeline: Timeline;
  /** The requirement's cadence periods in the observation window (empty without one). */
  periods: readonly DateRange[];
  /** Per period: the earliest collectedOn of accepted evidence covering it, or null. */
  coveredOn: readonly (IsoDate | null)[];
  /** Per period: the accepted fact that gave `coveredOn`, or null. */
  coverOf: readonly (EvidenceFact | null)[];
}

/** The dates that decide how recent a state a fact proves. */
export type RecencyDates = Pick<EvidenceFact, 'effectiveEnd' | 'collectedOn' | 'effectiveStart'>;

/**
 * Compare two facts by the dates of how recent a state they prove:
 * effectiveEnd, then collectedOn, then effectiveStart. 0 for two facts of
 * one group (same period and collection day); the kept readiness facts and
 * their SQL backfill order groups this way.
 */
export function compareRecencyDates(a: RecencyDates, b: RecencyDates): number {
  return (
    cmp(a.effectiveEnd, b.effectiveEnd) ||
    cmp(a.collectedOn, b.collectedOn) ||
    cmp(a.effectiveStart, b.effectiveStart)
  );
}

/** Compare two facts by how recent a state they prove (`compareRecencyDates`), then stable tie-breaks. */
export function compareRecency(a: EvidenceFact, b: EvidenceFact): number {
  return (
    compareRecencyDates(a, b) ||
    cmp(a.evidenceId ?? '', b.evidenceId ?? '') ||
    cmp(a.rejectionReason ?? '', b.rejectionReason ?? '')
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byCollection(a: EvidenceFact, b: EvidenceFact): number {
  return cmp(a.collectedOn, b.collectedOn) || compareRecency(a, b);
}

/**
 * Whether a fact counts for a period: its effective range overlaps the period.
 * A `once` requirement is done once for good, so any evidence effective on or
 * before the period's end covers it.
 */
export function coversPeriod(
  fact: Pick<EvidenceFact, 'effectiveStart' | 'effectiveEnd'>,
  cadence: Cadence,
  period: DateRange,
): boolean {
  if (fact.effectiveStart > period.end) return false;
  return cadence === 'once' || fact.effectiveEnd >= period.start;
}

/** A date range of requirements of one cadence: the earliest accepted evidence covering it decides a result. */
export interface CoverageRange extends DateRange {
  cadence: Cadence;
}

/**
 * Every range whose earliest covering accepted evidence (`coversPeriod`) the
 * plan or readiness of an engagement reads, per cadence. Type II: the cadence
 * periods of the observation window (`coveredOn`, the plan's done dates).
 * Type I: the effective ends still fresh on the audit date, which is exactly
 * when the Type I due item is done (`firstFreshOn` of the plan). No engagement,
 * no ranges. With the most recent fact of each review state per requirement,
 * one earliest cover per range is all the history a result at any date
 * needs (asOf aside: the burndown replays the whole history).
 */
export function coverageRanges(engagement: Engagement | null): CoverageRange[] {
  if (!engagement) return [];
  const { anchor, window } = engagementDates(engagement);
  return CADENCES.flatMap((cadence) => {
    if (window) return cadencePeriods(cadence, window.start, window.end).map((p) => ({ cadence, ...p }));
    // Fresh on the audit date ⟺ effectiveEnd ≥ audit date − (cadence + grace); `once` never goes stale.
    const until = freshUntil(anchor, cadence);
    const start = until === null ? anchor : addDays(anchor, -daysBetween(anchor, until));
    return [{ cadence, start, end: anchor }];
  });
}

/**
 * A fingerprint of a list of coverage ranges: what kept covers were computed
 * for. The leading number is the version of how covers are computed; a
 * change there makes every kept cover out of date.
 */
export function coverageRangesKey(ranges: readonly CoverageRange[]): string {
  return `1:${createHash('sha256').update(JSON.stringify(ranges)).digest('hex')}`;
}

function timeline(facts: EvidenceFact[]): Timeline {
  facts.sort(byCollection);
  const best: EvidenceFact[] = [];
  let top: EvidenceFact | undefined;
  for (const f of facts) {
    if (!top || compareRecency(f, top) > 0) top = f;
    best.push(top);
  }
  return { facts, collected: facts.map((f) => f.collectedOn), best };
}

/** Index of the first element > `value` in a sorted array. */
function upperBound(sorted: readonly IsoDate[], value: IsoDate): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as IsoDate) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The most recent fact collected on or before `asOf` and effective by `at`
 * (src/core/at-date.ts). The prefix's most recent fact answers unless it is
 * effective only after `at` (evidence dated ahead, rare): then the prefix is
 * searched.
 */
function latest(t: Timeline, asOf: IsoDate | null, at: IsoDate | null): EvidenceFact | null {
  const n = asOf === null ? t.best.length : upperBound(t.collected, asOf);
  const top = t.best[n - 1] ?? null;
  if (top === null || at === null || isEffectiveBy(top, at)) return top;
  let found: EvidenceFact | null = null;
  for (let i = 0; i < n; i++) {
    const f = t.facts[i] as EvidenceFact;
    if (isEffectiveBy(f, at) && (found === null || compareRecency(f, found) > 0)) found = f;
  }
  return found;
}

function coverage(accepted: readonly EvidenceFact[], cadence: Cadence, periods: readonly DateRange[]) {
  const coverOf: (EvidenceFact | null)[] = periods.map(() => null);
  if (periods.length === 0) return coverOf;
  const ends = periods.map((p) => p.end);
  // Accepted facts arrive in collectedOn order, so the first to reach a period is its earliest cover.
  for (const f of accepted) {
    const from = cadence === 'once' ? 0 : lowerBound(ends, f.effectiveStart);
    for (let i = from; i < periods.length && coversPeriod(f, cadence, periods[i] as DateRange); i++) {
      if (coverOf[i] === null) coverOf[i] = f;
    }
  }
  return coverOf;
}

/** Index of the first element >= `value` in a sorted array. */
function lowerBound(sorted: readonly IsoDate[], value: IsoDate): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as IsoDate) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Build the index in one pass over the facts. `periodsOf` gives a
 * requirement's cadence periods in the observation window (or none).
 * Facts of unknown requirements are ignored.
 */
export function buildEvidenceIndex(
  requirements: readonly RequirementRecord[],
  facts: readonly EvidenceFact[],
  periodsOf: (cadence: Cadence) => readonly DateRange[],
): Map<string, RequirementEvidence> {
  const buckets = new Map<string, Record<EvidenceFact['reviewState'], EvidenceFact[]>>();
  for (const r of requirements) buckets.set(r.id, { accepted: [], submitted: [], rejected: [] });
  for (const f of facts) buckets.get(f.requirementId)?.[f.reviewState]?.push(f);
  const index = new Map<string, RequirementEvidence>();
  for (const r of requirements) {
    const b = buckets.get(r.id);
    if (!b || index.has(r.id)) continue;
    const acceptedTimeline = timeline(b.accepted);
    const periods = periodsOf(r.cadence);
    const coverOf = coverage(b.accepted, r.cadence, periods);
    index.set(r.id, {
      requirement: r,
      accepted: b.accepted,
      acceptedTimeline,
      submittedTimeline: timeline(b.submitted),
      rejectedTimeline: timeline(b.rejected),
      periods,
      coveredOn: coverOf.map((f) => f?.collectedOn ?? null),
      coverOf,
    });
  }
  return index;
}

/**
 * The most recent accepted fact collected on or before `asOf` (all facts when
 * null) and effective by `at` (any effective date when null).
 */
export function latestAccepted(
  e: RequirementEvidence,
  asOf: IsoDate | null = null,
  at: IsoDate | null = null,
): EvidenceFact | null {
  return latest(e.acceptedTimeline, asOf, at);
}

/** The most recent fact still waiting for review, collected on or before `asOf` and effective by `at`. */
export function latestSubmitted(
  e: RequirementEvidence,
  asOf: IsoDate | null = null,
  at: IsoDate | null = null,
): EvidenceFact | null {
  return latest(e.submittedTimeline, asOf, at);
}

/** The most recent rejected fact collected on or before `asOf` and effective by `at`. */
export function latestRejected(
  e: RequirementEvidence,
  asOf: IsoDate | null = null,
  at: IsoDate | null = null,
): EvidenceFact | null {
  return latest(e.rejectedTimeline, asOf, at);
}

/**
 * Whether window period `i` had accepted evidence collected on or before
 * `asOf` and effective by `at`. Evidence covering a period that ended by `at`
 * started by then; only a period still running at `at` can be covered by
 * evidence effective after it, and only then are its covers searched.
 */
export function isPeriodCovered(
  e: RequirementEvidence,
  i: number,
  asOf: IsoDate | null = null,
  at: IsoDate | null = null,
): boolean {
  const on = e.coveredOn[i] ?? null;
  if (on === null || (asOf !== null && on > asOf)) return false;
  const period = e.periods[i] as DateRange;
  if (at === null || period.end <= at || isEffectiveBy(e.coverOf[i] as EvidenceFact, at)) return true;
  for (const f of e.accepted) {
    if (asOf !== null && f.collectedOn > asOf) break;
    if (isEffectiveBy(f, at) && coversPeriod(f, e.requirement.cadence, period)) return true;
  }
  return false;
}

/**
 * The requirements whose facts, kept for T = today (the most recent fact of
 * each review state and the earliest covers), may not answer at T: those
 * with a kept fact effective only after T. Their whole history must be read
 * (src/core/at-date.ts: evidence counts from its effective start). For every
 * other requirement the kept facts give the same result as the history at
 * any T on or after today.
 */
export function requirementsEffectiveAfter(facts: readonly EvidenceFact[], at: IsoDate): Set<string> {
  const ids = new Set<string>();
  for (const f of facts) if (!isEffectiveBy(f, at)) ids.add(f.requirementId);
  return ids;
}
