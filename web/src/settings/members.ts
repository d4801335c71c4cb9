import type { Member as ServerMember } from '@server/modules/users/user.schema';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import type { Page, Role, Wire } from '../api/types';

/** A member of the organization (`GET /orgs/:org/members`): a user with a role. */
export type Member = Wire<ServerMember>;

/** `POST /orgs/:org/members`: the member, and a one-time setup token when the user is new. */
export interface AddedMember {
  member: Member;
  setupToken: string | null;
}

/** The roles in the order an admin would pick them, with what each may do (the policy table, in words). */
export const ROLE_INFO: { value: Role; label: string; can: string }[] = [
  { value: 'viewer', label: 'Viewer', can: 'reads everything, changes nothing' },
  {
    value: 'contributor',
    label: 'Contributor',
    can: 'uploads evidence, edits and resolves what they own',
  },
  {
    value: 'compliance-lead',
    label: 'Compliance lead',
    can: 'runs the program: controls, owners, evidence review, engagement and plan',
  },
  { value: 'admin', label: 'Admin', can: 'everything, including users, roles and API tokens' },
  { value: 'auditor', label: 'Auditor', can: 'the external auditor, scoped to an engagement' },
];

/** The label of a role. */
export function roleLabel(role: Role): string {
  return ROLE_INFO.find((r) => r.value === role)?.label ?? role;
}

/** Members a page at a time (cursor paging), active and disabled alike. */
export const MEMBER_PAGE = 50;

/** The organization's members, paged by the API's cursor. */
export const useMembers = (org: string, enabled: boolean) =>
  useInfiniteQuery({
    queryKey: [org, 'members'],
    queryFn: ({ pageParam }) =>
      api<Page<Member>>(
        orgPath(
          org,
          `/members?limit=${MEMBER_PAGE}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
        ),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });

/** The link a new member opens once to choose their password (the token stays in the fragment). */
export function setupLink(origin: string, token: string): string {
  return `${origin}/setup#token=${encodeURIComponent(token)}`;
}
