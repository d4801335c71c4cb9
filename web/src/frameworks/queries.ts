import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';
import type { Counts, Readiness, Status } from '../api/types';

/** A criterion's roll-up status: the worst of its mapped controls, or `unmapped` (a gap) when none maps to it. */
export type CriterionStatus = Status | 'unmapped';

/** One criterion of the readiness result (`criteria[]`): our own title, never the publisher's text. */
export interface CriterionReadiness {
  frameworkId: string;
  code: string;
  group: string;
  title: string;
  status: CriterionStatus;
  controlIds: string[];
}

/** One group of criteria (SOC 2 CC1…, CSF function or category …) with its counts. */
export interface GroupReadiness {
  frameworkId: string;
  code: string;
  title: string;
  parent: string | null;
  counts: Counts & { unmapped: number };
  score: number | null;
}

/** One framework's roll-up. */
export interface FrameworkReadiness {
  frameworkId: string;
  name: string;
  counts: Counts & { unmapped: number };
  score: number | null;
}

/** The readiness result with the roll-ups the framework view reads. */
export interface RollupReadiness extends Omit<Readiness, 'categories'> {
  criteria: CriterionReadiness[];
  categories: GroupReadiness[];
  frameworks: FrameworkReadiness[];
}

/** An installed framework catalog (`GET /orgs/:org/frameworks`), in display order. */
export interface FrameworkInfo {
  id: string;
  name: string;
  version: string;
  publisher: string;
  attribution: string;
  url: string;
  catalogVersion: string;
  /** Criteria in the catalog (in or out of the engagement's scope). */
  criteria: number;
}

/** Readiness with its criteria roll-ups; the same cache entry as the dashboard's readiness. */
export const useRollupReadiness = (org: string) =>
  useQuery({
    queryKey: [org, 'readiness'],
    queryFn: () => api<RollupReadiness>(orgPath(org, '/readiness')),
  });

/** The installed framework catalogs. */
export const useFrameworks = (org: string) =>
  useQuery({
    queryKey: [org, 'frameworks'],
    queryFn: () => fetchAll<FrameworkInfo>(orgPath(org, '/frameworks')),
    staleTime: 10 * 60_000,
  });
