import type { Organization } from '@server/modules/organizations/organization.schema';
import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from './client';
import type {
  Burndown,
  ControlDetail,
  ControlListItem,
  Evidence,
  Page,
  Person,
  Plan,
  Readiness,
} from './types';

/** Fetches every page of a list endpoint (lists are paged at most 500 per call). */
export async function fetchAll<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: Page<T> = await api<Page<T>>(`${path}${sep}limit=500${query}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export const useReadiness = (org: string) =>
  useQuery({ queryKey: [org, 'readiness'], queryFn: () => api<Readiness>(orgPath(org, '/readiness')) });

export const useBurndown = (org: string) =>
  useQuery({
    queryKey: [org, 'burndown'],
    queryFn: () => api<Burndown>(orgPath(org, '/readiness/burndown')),
  });

/** The plan of the latest engagement (the dashboard's milestones and the engagement page share it). */
export const usePlan = (org: string, enabled = true) =>
  useQuery({
    queryKey: [org, 'plan'],
    queryFn: () => api<Plan>(orgPath(org, '/plan')),
    enabled,
    retry: false,
  });

export const useControls = (org: string) =>
  useQuery({
    queryKey: [org, 'controls'],
    queryFn: () => fetchAll<ControlListItem>(orgPath(org, '/controls')),
  });

export const usePeople = (org: string) =>
  useQuery({ queryKey: [org, 'people'], queryFn: () => fetchAll<Person>(orgPath(org, '/people')) });

export const useControl = (org: string, code: string) =>
  useQuery({
    queryKey: [org, 'control', code],
    queryFn: () => api<ControlDetail>(orgPath(org, `/controls/${encodeURIComponent(code)}`)),
  });

export const useEvidence = (org: string, code: string) =>
  useQuery({
    queryKey: [org, 'evidence', code],
    queryFn: () => fetchAll<Evidence>(orgPath(org, `/evidence?control=${encodeURIComponent(code)}`)),
  });

/** The organization's own record and settings (`GET /orgs/:org`). */
export const useOrganization = (org: string) =>
  useQuery({ queryKey: [org, 'organization'], queryFn: () => api<Organization>(orgPath(org, '')) });
