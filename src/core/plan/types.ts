import type { z } from 'zod';
import type { Engagement, EvidenceFact, RequirementRecord } from '../records.js';
import type {
  datedPlanSchema,
  planCompletionRecordSchema,
  planEvidenceItemSchema,
  planGapItemSchema,
  planMilestoneSchema,
  planSchema,
} from './schema.js';

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
export type Completion = z.infer<typeof planCompletionRecordSchema>;

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

/** A milestone of the plan (the API's shape: planMilestoneSchema). */
export type MilestoneItem = z.infer<typeof planMilestoneSchema>;

/** A concrete due date of an evidence requirement (one cadence period, or the Type I due): planEvidenceItemSchema. */
export type EvidenceItem = z.infer<typeof planEvidenceItemSchema>;

/** The work a current readiness reason asks for: planGapItemSchema. */
export type GapItem = z.infer<typeof planGapItemSchema>;

/** Any item of the plan. */
export type PlanItem = MilestoneItem | EvidenceItem | GapItem;

/** The plan dated from the engagement (computePlan): milestones and evidence items, each sorted by dueOn then key. */
export type DatedPlan = z.infer<typeof datedPlanSchema>;

/** The plan with the gap work (withGapItems): what the API sends (planSchema). */
export type Plan = z.infer<typeof planSchema>;
