import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';

/** The SOC 2 trust services categories; security is always in scope. */
export const TRUST_CATEGORIES = [
  'security',
  'availability',
  'confidentiality',
  'processing-integrity',
  'privacy',
] as const;
/** One of {@link TRUST_CATEGORIES}. */
export type TrustCategory = (typeof TRUST_CATEGORIES)[number];

/** The back-planned milestones, in the order of SPEC §5. */
export const MILESTONE_CODES = [
  'readiness-assessment',
  'policies-approved',
  'nhi-inventory',
  'gap-remediation',
  'first-evidence-cycle',
  'evidence-freeze',
  'request-list-answered',
] as const;
/** One of {@link MILESTONE_CODES}. */
export type MilestoneCode = (typeof MILESTONE_CODES)[number];

/** An audit engagement as `GET /orgs/:org/engagements` returns it. */
export interface Engagement {
  id: string;
  frameworkId: string;
  type: 'type1' | 'type2';
  auditDate: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  fieldworkStart: string;
  reportDue: string | null;
  /** The optional categories in scope (security is implied and never listed). */
  categories: TrustCategory[];
  firmName: string | null;
  leadId: string | null;
  milestoneOffsets: Partial<Record<MilestoneCode, number>>;
  createdAt: string;
  updatedAt: string;
}

/** A back-planned milestone. */
export interface MilestonePlanItem {
  key: string;
  kind: 'milestone';
  code: MilestoneCode;
  title: string;
  dueOn: string;
  ownerId: string | null;
  doneOn: string | null;
  doneBy: string | null;
}

/** A concrete due date of an evidence requirement (one cadence period, or the Type I due). */
export interface EvidencePlanItem {
  key: string;
  kind: 'evidence';
  requirementId: string;
  requirementCode: string;
  controlId: string;
  controlCode: string;
  period?: { start: string; end: string };
  dueOn: string;
  ownerId: string | null;
  doneOn: string | null;
  doneBy: string | null;
}

/** Any item of the plan. */
export type PlanEntry = MilestonePlanItem | EvidencePlanItem;

/** `GET /orgs/:org/plan`: the engagement and its plan, with completions whose item no longer exists. */
export interface PlanDetail {
  engagement: Engagement;
  plan: {
    milestones: MilestonePlanItem[];
    items: EvidencePlanItem[];
    orphanedCompletions: { key: string; doneOn: string; doneBy?: string | null }[];
  };
}

/** What `POST`/`PATCH /orgs/:org/engagements` accept. */
export interface EngagementBody {
  type: 'type1' | 'type2';
  auditDate: string | null;
  windowStart: string | null;
  windowEnd: string | null;
  fieldworkStart: string;
  reportDue: string | null;
  categories: TrustCategory[];
  firmName: string | null;
  leadEmail: string | null;
  milestoneOffsets: Partial<Record<MilestoneCode, number>>;
}

/** The organization's engagements, newest first (the first is the one the plan and readiness use). */
export const useEngagements = (org: string) =>
  useQuery({
    queryKey: [org, 'engagements'],
    queryFn: () => fetchAll<Engagement>(orgPath(org, '/engagements')),
  });

/** The plan of the latest engagement; shares its cache entry with the dashboard's milestones. */
export const usePlanDetail = (org: string, enabled: boolean) =>
  useQuery({
    queryKey: [org, 'plan'],
    queryFn: () => api<PlanDetail>(orgPath(org, '/plan')),
    enabled,
    retry: false,
  });

/** Creates the engagement (no id) or edits it; everything derived from its dates is refetched. */
export function useSaveEngagement(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: EngagementBody }) =>
      id
        ? api<Engagement>(orgPath(org, `/engagements/${encodeURIComponent(id)}`), { method: 'PATCH', body })
        : api<Engagement>(orgPath(org, '/engagements'), { method: 'POST', body }),
    onSuccess: () =>
      Promise.all(
        ['engagements', 'plan', 'readiness', 'burndown'].map((k) =>
          queryClient.invalidateQueries({ queryKey: [org, k] }),
        ),
      ),
  });
}

/** Marks one plan item done today; the returned plan replaces the cached one at once. */
export function useCompleteItem(org: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, engagementId }: { key: string; engagementId: string }) =>
      api<PlanDetail['plan']>(orgPath(org, '/plan/complete'), {
        method: 'POST',
        body: { key, engagementId },
      }),
    onSuccess: (plan) => {
      queryClient.setQueryData<PlanDetail>([org, 'plan'], (old) => (old ? { ...old, plan } : old));
      return Promise.all(
        ['readiness', 'burndown'].map((k) => queryClient.invalidateQueries({ queryKey: [org, k] })),
      );
    },
  });
}
