import type { RosterImportResult } from '@server/modules/people/person.schema';
import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';
import type { RosterPerson } from '../api/types';

export type { RosterImportResult, RosterPerson };

/** The fields a lead sets when adding or editing a person (the e-mail only when adding). */
export type PersonFields = Pick<RosterPerson, 'name' | 'team' | 'managerEmail' | 'status' | 'departedOn'>;

/**
 * The whole roster, by e-mail (every page fetched: pages, owners and approvers all look people up
 * by e-mail). Same cache entry as the shared `usePeople`, which reads the same list.
 */
export const useRoster = (org: string) =>
  useQuery({
    queryKey: [org, 'people'],
    queryFn: () => fetchAll<RosterPerson>(orgPath(org, '/people')),
  });

/** Adds a person (`email` given) or changes one (`id` given). */
export function savePerson(
  org: string,
  target: { id: string } | { email: string },
  fields: PersonFields,
): Promise<RosterPerson> {
  if ('id' in target)
    return api<RosterPerson>(orgPath(org, `/people/${encodeURIComponent(target.id)}`), {
      method: 'PATCH',
      body: fields,
    });
  return api<RosterPerson>(orgPath(org, '/people'), {
    method: 'POST',
    body: { ...fields, email: target.email },
  });
}

/** Uploads an HR roster CSV; the server imports every row or none. */
export function importRoster(org: string, file: File): Promise<RosterImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api<RosterImportResult>(orgPath(org, '/people/import'), { method: 'POST', body: form });
}
