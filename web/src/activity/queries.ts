import type { ActivityEntry } from '@server/modules/activity/activity.repository';
import type { ActivityQuery, OrganizationVerification } from '@server/modules/activity/activity.service';
import type { BlobProblem } from '@server/modules/evidence/evidence.service';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import type { Page, Wire } from '../api/types';

export type { ActivityEntry } from '@server/modules/activity/activity.repository';

/** What the log can be narrowed to (every field is a server-side filter; days are UTC, inclusive). */
export type ActivityFilter = ActivityQuery;

/** The filter keys, in the order of the form. */
export const FILTER_KEYS = ['recordType', 'recordId', 'action', 'actor', 'from', 'to'] as const;

/** The result of `GET /orgs/:org/verify`: the chain, checkpoints and records checked, every evidence file re-hashed. */
export type Verification = Omit<OrganizationVerification, 'evidence'> & {
  evidence: { checked: number; problems: Wire<BlobProblem>[] };
};

const PAGE = 100;

/** The path of one page of the log with the filter (empty fields left out). */
export function activityPath(org: string, filter: ActivityFilter, cursor: string | null): string {
  const query = new URLSearchParams({ limit: String(PAGE) });
  for (const key of FILTER_KEYS) {
    const value = filter[key]?.trim();
    if (value) query.set(key, value);
  }
  if (cursor) query.set('cursor', cursor);
  return orgPath(org, `/activity?${query}`);
}

/** The log, newest first, a page at a time (`fetchNextPage` follows the cursor). */
export const useActivity = (org: string, filter: ActivityFilter) =>
  useInfiniteQuery({
    queryKey: [org, 'activity', filter],
    queryFn: ({ pageParam }) => api<Page<ActivityEntry>>(activityPath(org, filter, pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

/** The organization's integrity check (it re-hashes everything: kept for a few minutes unless asked again). */
export const useVerification = (org: string) =>
  useQuery({
    queryKey: [org, 'verify'],
    queryFn: () => api<Verification>(orgPath(org, '/verify')),
    staleTime: 5 * 60_000,
  });
