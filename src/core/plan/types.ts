import type { DateRange, IsoDate } from '../dates.js';
import type { Engagement, EvidenceFact, RequirementRecord } from '../records.js';

/** The stable codes of the back-planned milestones (SPEC §5). */
export const MILESTONE_CODES = [
  'readiness-assessment',
  'policies-approved',
  'nhi-inventory',
  'gap-remediation',
  'first-evidence-cycle',
  'evidence-freeze',
  'request-list-answered',
] as const;
/** A milestone's stable code. */
export type MilestoneCode = (typeof MILESTONE_CODES)[number];

/** A control as the plan needs it. */
export interface PlanControl {
  id: string;
  code: string;
  ownerId: string | null;
}

/** A plan item the caller marked done by hand; stored by the caller, keyed by the item's key. */
export interface Completion {
  key: string;
  doneOn: IsoDate;
  doneBy?: string | null;
}

/** Everything `computePlan` reads. */
export interface PlanInput {
  engagement: Engagement;
  /** Days relative to each milestone's base date, overriding DEFAULT_MILESTONE_OFFSETS. */
  offsets?: Partial<Record<MilestoneCode, number>>;
  controls: readonly PlanControl[];
  requirements: readonly RequirementRecord[];
  evidence: readonly EvidenceFact[];
  completions?: readonly Completion[];
  /** Owner of the milestones (the compliance lead). */
  complianceLeadId?: string | null;
}

/** A milestone of the plan. */
export interface MilestoneItem {
  key: string;
  kind: 'milestone';
  code: MilestoneCode;
  title: string;
  dueOn: IsoDate;
  ownerId: string | null;
  doneOn: IsoDate | null;
  doneBy: string | null;
}

/** A concrete due date of an evidence requirement (one cadence period, or the Type I due). */
export interface EvidenceItem {
  key: string;
  kind: 'evidence';
  requirementId: string;
  requirementCode: string;
  controlId: string;
  controlCode: string;
  /** The cadence period the evidence must cover (Type II). */
  period?: DateRange;
  dueOn: IsoDate;
  ownerId: string | null;
  doneOn: IsoDate | null;
  doneBy: string | null;
}

/** Any item of the plan. */
export type PlanItem = MilestoneItem | EvidenceItem;

/** The derived plan: milestones and evidence items, each sorted by dueOn then key. */
export interface Plan {
  milestones: MilestoneItem[];
  items: EvidenceItem[];
  /** Completions whose item no longer exists (a date moved); kept so no work is lost. */
  orphanedCompletions: Completion[];
}
