import type { FrameworkSummary } from '@server/modules/frameworks/framework.repository';
import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';
import type { Readiness } from '../api/types';

export type {
  CategoryReadiness as GroupReadiness,
  CriterionReadiness,
  CriterionStatus,
  FrameworkReadiness,
} from '@server/core/readiness/schema';

/** The readiness result with the roll-ups the framework view reads. */
export type RollupReadiness = Readiness;

/** An installed framework catalog (`GET /orgs/:org/frameworks`), in display order; `criteria` counts them all. */
export type FrameworkInfo = FrameworkSummary;

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
