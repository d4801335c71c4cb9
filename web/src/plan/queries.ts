import type { Plan as ServerPlan } from '@server/core/plan/types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';
import type { Engagement, Plan } from '../api/types';

export type { MilestoneCode, PlanItem as PlanEntry } from '@server/core/plan/types';
export type { TrustCategory } from '@server/core/records';
export type { Engagement } from '../api/types';

/** What `POST`/`PATCH /orgs/:org/engagements` accept: the engagement's fields, the lead named by e-mail. */
export type EngagementBody = Omit<Engagement, 'id' | 'frameworkId' | 'leadId' | 'createdAt' | 'updatedAt'> & {
  leadEmail: string | null;
};

/** The organization's engagements, newest first (the first is the one the plan and readiness use). */
export const useEngagements = (org: string, enabled = true) =>
  useQuery({
    queryKey: [org, 'engagements'],
    queryFn: () => fetchAll<Engagement>(orgPath(org, '/engagements')),
    enabled,
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
      api<ServerPlan>(orgPath(org, '/plan/complete'), {
        method: 'POST',
        body: { key, engagementId },
      }),
    onSuccess: (plan) => {
      queryClient.setQueryData<Plan>([org, 'plan'], (old) => (old ? { ...old, plan } : old));
      return Promise.all(
        ['readiness', 'burndown'].map((k) => queryClient.invalidateQueries({ queryKey: [org, k] })),
      );
    },
  });
}
