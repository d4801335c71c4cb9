import type { GithubConnection, GithubConnectionInput } from '@server/modules/connectors/connectors.schema';
import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';

export type { GithubConnection, GithubConnectionInput };

/** The GitHub organizations the weekly run collects, each with its last collection. */
export const useGithubConnections = (org: string) =>
  useQuery({
    queryKey: [org, 'cadence', 'connectors', 'github'],
    queryFn: () => api<GithubConnection[]>(orgPath(org, '/connectors/github')),
  });

/** Connects a GitHub organization or changes it (admins); a token omitted is kept. */
export const saveGithubConnection = (org: string, account: string, input: GithubConnectionInput) =>
  api<GithubConnection>(orgPath(org, `/connectors/github/${encodeURIComponent(account)}`), {
    method: 'PUT',
    body: input,
  });

/** Disconnects a GitHub organization (admins). */
export const removeGithubConnection = (org: string, account: string) =>
  api<null>(orgPath(org, `/connectors/github/${encodeURIComponent(account)}`), { method: 'DELETE' });
