/**
 * What `computeReadiness` reads: plain data only, mapped by the caller from
 * whatever store it uses. The output types live in schema.ts (inferred from
 * the documented JSON schema) and are re-exported here.
 */
import type { DateRange, IsoDate } from '../dates.js';
import type { ExceptionReviewCadence } from '../exceptions/review.js';
import type { Engagement, EvidenceFact, RequirementRecord } from '../records.js';
import type { ControlStatus, PersonStatus, SourceType } from '../vocabulary.js';

export type { Engagement, EvidenceFact, RequirementRecord } from '../records.js';
export type {
  Burndown,
  CategoryReadiness,
  ControlReadiness,
  CriterionCounts,
  CriterionReadiness,
  CriterionStatus,
  FrameworkReadiness,
  OwnerReadiness,
  ReadinessResult,
  ReadinessStatus,
  ReadinessSummary,
  Reason,
  ReasonCode,
  ReasonSeverity,
  StatusCounts,
} from './schema.js';

/** A person of the roster, as far as ownership goes. */
export interface ReadinessPerson {
  id: string;
  name: string;
  email: string;
  status: PersonStatus;
  departedOn: IsoDate | null;
}

/** A control's mapping to one criterion of one framework. */
export interface CriterionMapping {
  frameworkId: string;
  criterionCode: string;
}

/** A control as readiness needs it. */
export interface ReadinessControl {
  id: string;
  code: string;
  title: string;
  status: ControlStatus;
  naJustification: string | null;
  ownerId: string | null;
  backupOwnerId: string | null;
  mappings: readonly CriterionMapping[];
}

/** Risk rating shared by exceptions and findings. */
export type RiskRating = 'low' | 'medium' | 'high' | 'critical';

/**
 * An exception: an approved, expiring deviation on a control. It excepts what
 * it names: one requirement's evidence gaps, one finding, or (neither named)
 * every gap of the control.
 */
export interface ReadinessException {
  id: string;
  controlId: string;
  /** The requirement whose evidence gaps it excepts (null or absent: not scoped to one). */
  requirementId?: string | null;
  /** The finding it excepts (null or absent: not scoped to one). */
  findingId?: string | null;
  summary: string;
  approverId: string | null;
  approvedOn: IsoDate | null;
  expiresOn: IsoDate;
  closedOn: IsoDate | null;
  riskRating: RiskRating;
  /** How often it must be reviewed (docs/decisions/0030); null or absent: no review is asked for. */
  reviewCadence?: ExceptionReviewCadence | null;
  /** The days it was reviewed (absent: never). */
  reviewedOn?: readonly IsoDate[];
}

/** A finding raised by a rule or an auditor. */
export interface ReadinessFinding {
  id: string;
  title: string;
  severity: RiskRating;
  controlIds: readonly string[];
  ownerId: string | null;
  dueOn: IsoDate | null;
  openedOn: IsoDate;
  resolvedOn: IsoDate | null;
}

/**
 * An audit request as readiness reads it (docs/decisions/0021): while the
 * company still owes the auditor an answer (open, in progress, returned), a
 * due date within the look-ahead puts its controls at risk and a past one
 * makes them a gap; its assignee answers for it.
 */
export interface ReadinessRequest {
  id: string;
  reference: string;
  controlIds: readonly string[];
  assigneeId: string | null;
  dueOn: IsoDate | null;
  status: 'open' | 'in-progress' | 'submitted' | 'returned' | 'accepted';
}

/** A plan item as readiness reads it (a `computePlan` item fits). */
export interface ReadinessPlanItem {
  requirementId?: string;
  dueOn: IsoDate;
  doneOn?: IsoDate | null;
  period?: DateRange;
}

/** The parts of a plan readiness uses: evidence due dates and, when given, milestone dates. */
export interface ReadinessPlan {
  items: readonly ReadinessPlanItem[];
  milestones?: readonly { code: string; dueOn: IsoDate }[];
}

/** A framework catalog as far as roll-ups go (a `FrameworkCatalog` fits). */
export interface ReadinessFramework {
  id: string;
  name: string;
  groups: readonly { code: string; title: string; parent?: string }[];
  criteria: readonly { code: string; group: string; title: string }[];
}

/** Tuning of the readiness rules. */
export interface ReadinessOptions {
  /** Grace period as a share of the cadence (default 0.25). */
  graceRatio?: number;
  /** How far ahead "at risk" looks, in days (default 14). */
  atRiskDays?: number;
}

/** Everything `computeReadiness` reads. */
export interface ReadinessInput {
  /** The date T readiness speaks about. */
  at: IsoDate;
  /**
   * The day the records are read (default: T). A T before it sees the
   * evidence as it stood then: only what had been recorded by T counts.
   */
  today?: IsoDate;
  /** The engagement's compliance lead (a person id): reasons of controls nobody active owns go to them. */
  complianceLeadId?: string | null;
  /** The organization's admins (person ids): reasons of unowned controls go to them when there is no active lead. */
  adminIds?: readonly string[];
  engagement: Engagement | null;
  options?: ReadinessOptions;
  people: readonly ReadinessPerson[];
  controls: readonly ReadinessControl[];
  requirements: readonly RequirementRecord[];
  /** Current (non-superseded) evidence only. */
  evidence: readonly EvidenceFact[];
  /**
   * The source type of evidence by id, for the facts it is known of (absent:
   * none known): the latest evidence's provenance names stale screenshots and
   * suggests imports (docs/decisions/0030).
   */
  evidenceSources?: Readonly<Record<string, SourceType>>;
  exceptions: readonly ReadinessException[];
  findings: readonly ReadinessFinding[];
  /** The engagement's audit requests (absent: none). */
  requests?: readonly ReadinessRequest[];
  plan?: ReadinessPlan;
  frameworks: readonly ReadinessFramework[];
}
