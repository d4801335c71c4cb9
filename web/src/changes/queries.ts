import type { ChangeRepositoryView, ReleaseView } from '@server/modules/changes/changes.schema';
import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';
import type { Wire } from '../api/types';

/** A production release with its changes, as `GET /orgs/:org/releases` gives it. */
export type Release = Wire<ReleaseView>;
/** One change of a release. */
export type Change = Release['changes'][number];
/** A repository whose changes are imported. */
export type ChangeRepository = Wire<ChangeRepositoryView>;

/** Production releases, newest first (one repository, or all). */
export const useReleases = (org: string, repository: string | null) =>
  useQuery({
    queryKey: [org, 'releases', repository],
    queryFn: () =>
      fetchAll<Release>(
        orgPath(org, `/releases${repository ? `?repository=${encodeURIComponent(repository)}` : ''}`),
      ),
  });

/** The repositories whose changes are imported. */
export const useChangeRepositories = (org: string) =>
  useQuery({
    queryKey: [org, 'change-repositories'],
    queryFn: () => api<ChangeRepository[]>(orgPath(org, '/changes/repositories')),
  });
