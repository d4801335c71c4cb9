import { recordedBy } from '../at-date.js';
import { DEFAULT_GRACE_RATIO, windowPeriods } from '../cadence.js';
import { addDays, assertIsoDate, type DateRange, type IsoDate } from '../dates.js';
import { engagementDates, inScopeCategories } from '../engagement.js';
import { buildEvidenceIndex, type RequirementEvidence } from '../evidence-index.js';
import { DEFAULT_MILESTONE_OFFSETS } from '../plan/milestones.js';
import type { Engagement, TrustCategory } from '../records.js';
import type { SourceType } from '../vocabulary.js';
import { compareText } from './order.js';
import { type PlanDueLookup, planDueLookup } from './plan-lookup.js';
import type {
  ReadinessException,
  ReadinessFinding,
  ReadinessInput,
  ReadinessPerson,
  ReadinessRequest,
} from './types.js';

/** Default look-ahead of "at risk", in days (SPEC §4). */
export const DEFAULT_AT_RISK_DAYS = 14;

/** What does not change with the date: indexes built once per input. */
export interface ReadinessBase {
  engagement: Engagement | null;
  /** Type II observation window. */
  window: DateRange | null;
  /** Anchor (window start / audit date) and end (window end / audit date). */
  anchor: IsoDate | null;
  end: IsoDate | null;
  categories: ReadonlySet<TrustCategory> | null;
  graceRatio: number;
  atRiskDays: number;
  people: ReadonlyMap<string, ReadinessPerson>;
  /** Indexed evidence of each control's requirements, ordered by requirement code. */
  requirementsByControl: ReadonlyMap<string, RequirementEvidence[]>;
  planDue: PlanDueLookup;
  /** Due date of ownership fixes: the readiness-assessment milestone. */
  readinessAssessmentOn: IsoDate | null;
  /** The compliance lead, then the admins by name: who answers for controls nobody active owns. */
  fallbackOwners: readonly string[];
  /** The source type of a fact's evidence, when known. */
  sourceOf: (fact: { evidenceId?: string }) => SourceType | undefined;
}

/** The base plus everything that depends on T. */
export interface ReadinessContext extends ReadinessBase {
  at: IsoDate;
  /** The day the records are read. */
  today: IsoDate;
  /** Evidence collected after this date is ignored (null: use all): `recordedBy(at, today)`. */
  asOf: IsoDate | null;
  /** T + atRiskDays. */
  atRiskUntil: IsoDate;
  exceptionsByControl: ReadonlyMap<string, ReadinessException[]>;
  findingsByControl: ReadonlyMap<string, ReadinessFinding[]>;
  /** The audit requests mapped to each control, by reference. */
  requestsByControl: ReadonlyMap<string, ReadinessRequest[]>;
}

/** Build the date-independent indexes of an input: one pass over the evidence. */
export function buildReadinessBase(input: ReadinessInput): ReadinessBase {
  const dates = input.engagement ? engagementDates(input.engagement) : null;
  const window = dates?.window ?? null;
  const evidence = buildEvidenceIndex(input.requirements, input.evidence, windowPeriods(window));
  const requirementsByControl = new Map<string, RequirementEvidence[]>();
  for (const entry of evidence.values()) push(requirementsByControl, entry.requirement.controlId, entry);
  for (const list of requirementsByControl.values()) {
    list.sort(
      (a, b) =>
        compareText(a.requirement.code, b.requirement.code) ||
        compareText(a.requirement.id, b.requirement.id),
    );
  }
  const milestone = input.plan?.milestones?.find((m) => m.code === 'readiness-assessment')?.dueOn;
  const offset = DEFAULT_MILESTONE_OFFSETS['readiness-assessment'] ?? 0;
  return {
    engagement: input.engagement,
    window,
    anchor: dates?.anchor ?? null,
    end: dates?.end ?? null,
    categories: input.engagement ? inScopeCategories(input.engagement) : null,
    ...checkedOptions(input),
    people: firstById(input.people),
    requirementsByControl,
    planDue: planDueLookup(input.plan),
    readinessAssessmentOn: milestone ?? (dates ? addDays(dates.anchor, offset) : null),
    fallbackOwners: fallbackOwners(input),
    sourceOf: sourceLookup(input.evidenceSources),
  };
}

function sourceLookup(
  sources: Readonly<Record<string, SourceType>> | undefined,
): (fact: { evidenceId?: string }) => SourceType | undefined {
  if (!sources) return () => undefined;
  return (fact) =>
    fact.evidenceId !== undefined && Object.hasOwn(sources, fact.evidenceId)
      ? sources[fact.evidenceId]
      : undefined;
}

/** The lead first, then the admins by name and id; duplicates and unknown people left out. */
function fallbackOwners(input: ReadinessInput): string[] {
  const people = firstById(input.people);
  const admins = [...new Set(input.adminIds ?? [])]
    .flatMap((id) => {
      const person = people.get(id);
      return person ? [person] : [];
    })
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id))
    .map((p) => p.id);
  const lead = input.complianceLeadId ?? null;
  return lead !== null && people.has(lead) ? [lead, ...admins.filter((id) => id !== lead)] : admins;
}

/**
 * Add T, the evidence cut-off of the dating rules (src/core/at-date.ts: as it
 * stood for a T before `today`) and the control's exceptions and findings
 * (the rules judge each at T).
 */
export function contextAt(
  base: ReadinessBase,
  at: IsoDate,
  records: {
    exceptions: readonly ReadinessException[];
    findings: readonly ReadinessFinding[];
    requests?: readonly ReadinessRequest[] | undefined;
    today?: IsoDate | undefined;
  },
): ReadinessContext {
  assertIsoDate(at, 'readiness date (at)');
  const today = records.today ?? at;
  assertIsoDate(today, 'today');
  const exceptionsByControl = new Map<string, ReadinessException[]>();
  for (const e of [...records.exceptions].sort((a, b) => compareText(a.id, b.id))) {
    push(exceptionsByControl, e.controlId, e);
  }
  const findingsByControl = new Map<string, ReadinessFinding[]>();
  for (const f of [...records.findings].sort((a, b) => compareText(a.id, b.id))) {
    for (const controlId of new Set(f.controlIds)) push(findingsByControl, controlId, f);
  }
  const requestsByControl = new Map<string, ReadinessRequest[]>();
  const requests = [...(records.requests ?? [])].sort(
    (a, b) => compareText(a.reference, b.reference) || compareText(a.id, b.id),
  );
  for (const r of requests)
    for (const controlId of new Set(r.controlIds)) push(requestsByControl, controlId, r);
  return {
    ...base,
    at,
    today,
    asOf: recordedBy(at, today),
    atRiskUntil: addDays(at, base.atRiskDays),
    exceptionsByControl,
    findingsByControl,
    requestsByControl,
  };
}

function checkedOptions(input: ReadinessInput): { graceRatio: number; atRiskDays: number } {
  const graceRatio = input.options?.graceRatio ?? DEFAULT_GRACE_RATIO;
  const atRiskDays = input.options?.atRiskDays ?? DEFAULT_AT_RISK_DAYS;
  if (!Number.isFinite(graceRatio) || graceRatio < 0) {
    throw new Error(`options.graceRatio must be a number of 0 or more, got ${graceRatio}`);
  }
  if (!Number.isInteger(atRiskDays) || atRiskDays < 0) {
    throw new Error(`options.atRiskDays must be a whole number of days, 0 or more, got ${atRiskDays}`);
  }
  return { graceRatio, atRiskDays };
}

function firstById<T extends { id: string }>(rows: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  // Duplicate ids should not happen; keep the smallest by JSON so input order never matters.
  for (const row of rows) {
    const seen = map.get(row.id);
    if (!seen || JSON.stringify(row) < JSON.stringify(seen)) map.set(row.id, row);
  }
  return map;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
