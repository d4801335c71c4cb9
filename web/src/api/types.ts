/**
 * The shapes the API answers with, derived from the server's own types (type-only imports through the
 * `@server/*` path alias of web/tsconfig.json: erased from the bundle, and Vite does not resolve the alias,
 * so a value imported by mistake fails the build instead of shipping server code). Where the web reads
 * less than the server sends, the shape is a `Pick` of the server's type.
 */

import type { MilestoneCode, MilestoneItem, Plan as ServerPlan } from '@server/core/plan/types';
import type {
  CriterionCounts,
  ReadinessResult,
  ReadinessStatus,
  Burndown as ServerBurndown,
  Reason as ServerReason,
} from '@server/core/readiness/schema';
import type { TrustCategory } from '@server/core/records';
import type { ApiToken as ServerApiToken } from '@server/modules/api-tokens/api-token.schema';
import type {
  ControlSummary,
  EvidenceRequirement,
  PersonRef as ServerPersonRef,
} from '@server/modules/controls/control.repository';
import type { Mappings } from '@server/modules/controls/control.schema';
import type { ControlListItem as ServerControlListItem } from '@server/modules/controls/control-edit.service';
import type { StoredEngagement } from '@server/modules/engagements/engagement.schema';
import type { Evidence as ServerEvidence } from '@server/modules/evidence/evidence.schema';
import type { Person as ServerPerson } from '@server/modules/people/person.schema';
import type { OrgMembership, User } from '@server/modules/users/user.schema';

export type { Role } from '@server/platform/auth/policy';

import type { Capabilities } from '@server/platform/auth/policy';

export type { CountedPage, Page } from '@server/platform/http/pagination';

/** A stored row as the API sends it: the owning organization's id stays on the server. */
export type Wire<T> = Omit<T, 'orgId'>;

export type Status = ReadinessStatus;
export const STATUSES: Status[] = ['gap', 'at-risk', 'excepted', 'ready', 'not-applicable'];

/** A membership as the session sends it: with what the role may do there (`can`, from the policy table). */
export type Membership = OrgMembership & { can: Capabilities };
/** `GET /auth/session` (and every sign-in): all null when signed out. */
export interface SessionView {
  user: Pick<User, 'id' | 'email' | 'name'> | null;
  memberships: Membership[];
  csrfToken: string | null;
  expiresAt: string | null;
}
export type Reason = ServerReason;
/** Counts of controls (or, with `unmapped`, criteria) by status. */
export type Counts = Omit<CriterionCounts, 'unmapped'> & Partial<Pick<CriterionCounts, 'unmapped'>>;
export type Readiness = ReadinessResult;
export type Burndown = ServerBurndown;

/** An audit engagement as `GET /orgs/:org/engagements` returns it. */
export type Engagement = Omit<Wire<StoredEngagement>, 'categories' | 'milestoneOffsets'> & {
  categories: TrustCategory[];
  milestoneOffsets: Partial<Record<MilestoneCode, number>>;
};
/** A milestone of the plan, as the dashboard shows it. */
export type PlanItem = MilestoneItem;
/** `GET /orgs/:org/plan`: the engagement and its plan, with completions whose item no longer exists. */
export interface Plan {
  engagement: Engagement;
  plan: ServerPlan;
}

/** A person of the roster as `GET /orgs/:org/people` gives it. */
export type RosterPerson = Wire<ServerPerson>;
export type PersonRef = ServerPersonRef;
/** What pickers and owner lists read of a person. */
export type Person = Pick<RosterPerson, 'id' | 'email' | 'name' | 'status' | 'team'>;

export type Requirement = Pick<
  EvidenceRequirement,
  'id' | 'code' | 'artifact' | 'cadence' | 'sourceType' | 'collection'
>;
export type Control = Pick<
  ControlSummary,
  | 'id'
  | 'code'
  | 'title'
  | 'description'
  | 'status'
  | 'naJustification'
  | 'sourceOfTruth'
  | 'cadence'
  | 'owner'
  | 'backupOwner'
>;
/** A control as the matrix lists it: crosswalk, SOC 2 categories and when its evidence is next due. */
export type ControlListItem = Control &
  Pick<ServerControlListItem, 'categories' | 'nextDue'> & { mappings: Partial<Mappings> };
/** A control with its requirements and crosswalk (criterion codes per framework, a framework with none may be left out). */
export type ControlDetail = Control & { requirements: Requirement[]; mappings: Partial<Mappings> };
export type Evidence = Pick<
  ServerEvidence,
  | 'id'
  | 'requirementCode'
  | 'kind'
  | 'sha256'
  | 'fileName'
  | 'url'
  | 'description'
  | 'effectiveStart'
  | 'effectiveEnd'
  | 'collectedAt'
  | 'sourceType'
  | 'collector'
  | 'reviewState'
  | 'review'
>;
export type ApiToken = Pick<
  ServerApiToken,
  'id' | 'name' | 'prefix' | 'role' | 'createdAt' | 'expiresAt' | 'revokedAt' | 'lastUsedAt'
>;
