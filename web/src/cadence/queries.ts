import type {
  CadenceSettings,
  CadenceSettingsInput,
  DigestPreference,
  ImportSource,
  JobView,
  ThisWeek,
  WeeklyRun,
} from '@server/modules/cadence/cadence.schema';
import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';

export type {
  CadenceSettings,
  CadenceSettingsInput,
  DigestPreference,
  ImportSource,
  JobView,
  ThisWeek,
  WeeklyRun,
};

/** The latest weekly runs with their steps. */
export const useWeeklyRuns = (org: string) =>
  useQuery({
    queryKey: [org, 'cadence', 'runs'],
    queryFn: () => api<WeeklyRun[]>(orgPath(org, '/cadence/runs')),
  });

/** The dead letters: jobs that failed their last attempt. */
export const useDeadJobs = (org: string) =>
  useQuery({
    queryKey: [org, 'cadence', 'jobs', 'dead'],
    queryFn: () => api<JobView[]>(orgPath(org, '/jobs?status=dead')),
  });

/** When the weekly run happens and whether e-mail and webhook are set. */
export const useCadenceSettings = (org: string) =>
  useQuery({
    queryKey: [org, 'cadence', 'settings'],
    queryFn: () => api<CadenceSettings>(orgPath(org, '/cadence/settings')),
  });

/** The scheduled collections. */
export const useImportSources = (org: string) =>
  useQuery({
    queryKey: [org, 'cadence', 'sources'],
    queryFn: () => api<ImportSource[]>(orgPath(org, '/cadence/sources')),
  });

/** The caller's digests of the latest week and their preference. */
export const useThisWeek = (org: string) =>
  useQuery({
    queryKey: [org, 'this-week'],
    queryFn: () => api<ThisWeek>(orgPath(org, '/digests/this-week')),
  });

/** Queues a dead job again (leads). */
export const retryJob = (org: string, id: string) =>
  api<JobView>(orgPath(org, `/jobs/${encodeURIComponent(id)}/retry`), { method: 'POST' });

/** Saves the cadence settings (admins); URLs omitted are kept. */
export const saveCadenceSettings = (org: string, input: CadenceSettingsInput) =>
  api<CadenceSettings>(orgPath(org, '/cadence/settings'), { method: 'PUT', body: input });

/** Sets the caller's digest preference. */
export const saveDigestPreference = (org: string, preference: DigestPreference) =>
  api<DigestPreference>(orgPath(org, '/digests/preference'), { method: 'PUT', body: preference });
