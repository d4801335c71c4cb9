import type { NhiReviewResult } from '@server/modules/nhi/nhi.schema';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import type { CountedPage, Page } from '../api/types';
import type {
  Nhi,
  NhiDetail,
  NhiFilter,
  NhiFinding,
  NhiFindingFilter,
  NhiImportResult,
  NhiImportRun,
} from './types';

/** Rows fetched per page of the inventory and of the findings (the tables are virtualized). */
export const NHI_PAGE = 100;

/** The query string of the inventory list for a filter (empty filters left out). */
export function nhiQuery(filter: NhiFilter, cursor: string | null, limit = NHI_PAGE): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filter.search.trim()) query.set('search', filter.search.trim());
  if (filter.kind) query.set('kind', filter.kind);
  if (filter.provider) query.set('provider', filter.provider);
  if (filter.status) query.set('status', filter.status);
  if (filter.orphaned) query.set('orphaned', 'true');
  if (filter.rule) query.set('finding', filter.rule);
  if (cursor) query.set('cursor', cursor);
  return query.toString();
}

/** The query string of the findings list for a filter. */
export function findingQuery(filter: NhiFindingFilter, cursor: string | null, limit = NHI_PAGE): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filter.rule) query.set('rule', filter.rule);
  if (filter.severity) query.set('severity', filter.severity);
  if (filter.state !== 'all') query.set('open', filter.state === 'open' ? 'true' : 'false');
  if (cursor) query.set('cursor', cursor);
  return query.toString();
}

/** The inventory, a page at a time (`fetchNextPage` follows the cursor); the previous list stays while a new filter loads. */
export const useNhis = (org: string, filter: NhiFilter) =>
  useInfiniteQuery({
    queryKey: [org, 'nhi', 'list', filter],
    queryFn: ({ pageParam }) => api<CountedPage<Nhi>>(orgPath(org, `/nhi?${nhiQuery(filter, pageParam)}`)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });

/** The rule findings, open first and most severe first, a page at a time. */
export const useNhiFindings = (org: string, filter: NhiFindingFilter) =>
  useInfiniteQuery({
    queryKey: [org, 'nhi', 'findings', filter],
    queryFn: ({ pageParam }) =>
      api<CountedPage<NhiFinding>>(orgPath(org, `/nhi/findings?${findingQuery(filter, pageParam)}`)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });

/** The import history, newest first, a page at a time. */
export const useNhiImports = (org: string) =>
  useInfiniteQuery({
    queryKey: [org, 'nhi', 'imports'],
    queryFn: ({ pageParam }) =>
      api<Page<NhiImportRun>>(
        orgPath(org, `/nhi/imports?limit=25${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

/** One identity with parent, children, sources, history, leaks and findings. */
export const useNhi = (org: string, id: string) =>
  useQuery({
    queryKey: [org, 'nhi', 'one', id],
    queryFn: () => api<NhiDetail>(orgPath(org, `/nhi/${encodeURIComponent(id)}`)),
  });

/** Uploads an export: the fields first, the file last (the server reads them in order). */
export function importNhiExport(
  org: string,
  input: { kind: string; scope: string; file: File },
): Promise<NhiImportResult> {
  const form = new FormData();
  form.append('kind', input.kind);
  if (input.scope.trim()) form.append('scope', input.scope.trim());
  form.append('file', input.file, input.file.name);
  return api<NhiImportResult>(orgPath(org, '/nhi/imports'), { method: 'POST', body: form });
}

/** Makes a person the assigned owner of the identities. */
export function assignNhiOwner(org: string, ids: string[], ownerEmail: string): Promise<unknown> {
  return api(orgPath(org, '/nhi/assign'), { method: 'POST', body: { ids, ownerEmail } });
}

/** Records that the signed-in person reviewed the identities. */
export function reviewNhis(
  org: string,
  ids: string[],
  note: string,
): Promise<Pick<NhiReviewResult, 'reviewed' | 'refresh'>> {
  return api(orgPath(org, '/nhi/review'), {
    method: 'POST',
    body: { ids, ...(note.trim() ? { note: note.trim() } : {}) },
  });
}
