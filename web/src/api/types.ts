export type Role = 'admin' | 'compliance-lead' | 'contributor' | 'viewer' | 'auditor';
export type Status = 'gap' | 'at-risk' | 'excepted' | 'ready' | 'not-applicable';
export const STATUSES: Status[] = ['gap', 'at-risk', 'excepted', 'ready', 'not-applicable'];

export interface Membership {
  orgId: string;
  slug: string;
  name: string;
  role: Role;
  personId: string | null;
}
export interface SessionView {
  user: { id: string; email: string; name: string } | null;
  memberships: Membership[];
  csrfToken: string | null;
  expiresAt: string | null;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export interface Reason {
  code: string;
  severity: 'gap' | 'at-risk' | 'info';
  message: string;
  requirementId?: string;
  requirementCode?: string;
  evidenceId?: string;
  exceptionId?: string;
  dueOn?: string;
  controlId: string;
  controlCode: string;
  ownerId: string | null;
  ownerName: string | null;
}
export interface ControlReadiness {
  controlId: string;
  code: string;
  title: string;
  status: Status;
  ownerId: string | null;
  ownerName: string | null;
  reasons: Reason[];
}
export interface Counts {
  gap: number;
  'at-risk': number;
  excepted: number;
  ready: number;
  'not-applicable': number;
  unmapped?: number;
}
export interface Readiness {
  at: string;
  engagementId: string | null;
  controls: ControlReadiness[];
  categories: { frameworkId: string; code: string; title: string; counts: Counts; score: number }[];
  summary: { controls: Counts; inScope: number; controlScore: number };
}
export interface Burndown {
  actual: { week: string; gaps: number }[];
  ideal: { week: string; gaps: number }[];
}
export interface PlanItem {
  key: string;
  kind: string;
  code?: string;
  title?: string;
  controlCode?: string;
  requirementCode?: string;
  dueOn: string;
  ownerId: string | null;
  doneOn: string | null;
}
export interface Plan {
  engagement: {
    id: string;
    type: string;
    auditDate: string | null;
    windowStart: string;
    windowEnd: string;
    fieldworkStart: string;
    firmName: string | null;
  };
  plan: { milestones: PlanItem[]; items: PlanItem[] };
}
export interface PersonRef {
  id: string;
  email: string;
  name: string;
  status: string;
}
export interface Person extends PersonRef {
  team: string | null;
}
export interface Requirement {
  id: string;
  code: string;
  artifact: string;
  cadence: string;
  sourceType: string;
  collection: string;
}
export interface Control {
  id: string;
  code: string;
  title: string;
  description: string;
  status: string;
  naJustification: string | null;
  sourceOfTruth: string | null;
  cadence: string;
  owner: PersonRef | null;
  backupOwner: PersonRef | null;
}
/** A control as the matrix lists it: crosswalk, SOC 2 categories and when its evidence is next due. */
export interface ControlListItem extends Control {
  mappings: Record<string, string[]>;
  categories: string[];
  nextDue: { dueOn: string; requirementCode: string } | null;
}
export interface ControlDetail extends Control {
  requirements: Requirement[];
  mappings: Record<string, string[]>;
}
export interface Evidence {
  id: string;
  requirementCode: string;
  kind: string;
  sha256: string | null;
  fileName: string | null;
  effectiveStart: string;
  effectiveEnd: string;
  collectedAt: string;
  sourceType: string;
  collector: { label: string };
  reviewState: 'pending' | 'accepted' | 'rejected' | string;
  review: { decision: string; reason: string | null; reviewer: string } | null;
}
export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}
