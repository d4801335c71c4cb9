import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import type { Page } from '../api/types';

/** One entry of the hash-chained activity log. */
export interface ActivityEntry {
  id: string;
  seq: number;
  at: string;
  actor: { type: string; id: string; label: string };
  action: string;
  recordType: string;
  recordId: string;
  change: unknown;
  hash: string;
}

/** What the log can be narrowed to (every field is a server-side filter; days are UTC, inclusive). */
export interface ActivityFilter {
  recordType?: string;
  recordId?: string;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
}

/** The filter keys, in the order of the form. */
export const FILTER_KEYS = ['recordType', 'recordId', 'action', 'actor', 'from', 'to'] as const;

/** The result of `GET /orgs/:org/verify`: the chain re-hashed and every evidence file re-hashed. */
export interface Verification {
  ok: boolean;
  entries: number;
  chains: number;
  problems: { chain: string; seq: number; entryId: string | null; message: string }[];
  evidence: {
    checked: number;
    problems: { sha256: string; evidenceId: string; problem: 'missing' | 'mismatch'; message: string }[];
  };
}

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
