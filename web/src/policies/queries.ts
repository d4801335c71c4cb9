import type {
  AcknowledgeResult,
  PolicyView,
  PolicySummary as ServerPolicySummary,
} from '@server/modules/policies/policy.schema';
import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';

/** A policy as the list shows it. */
export type PolicySummary = ServerPolicySummary;
/** One policy with its versions, the people asked and the share per team. */
export type Policy = PolicyView;

/** Every policy of the organization, by key. */
export const usePolicies = (org: string) =>
  useQuery({
    queryKey: [org, 'policies'],
    queryFn: () => fetchAll<PolicySummary>(orgPath(org, '/policies')),
  });

/** One policy by id or key. */
export const usePolicy = (org: string, id: string) =>
  useQuery({
    queryKey: [org, 'policies', id],
    queryFn: () => api<Policy>(orgPath(org, `/policies/${encodeURIComponent(id)}`)),
  });

/** Acknowledges the version in force as the signed-in member's person. */
export const acknowledge = (org: string, id: string) =>
  api<AcknowledgeResult>(orgPath(org, `/policies/${encodeURIComponent(id)}/acknowledge`), {
    method: 'POST',
    body: {},
  });
