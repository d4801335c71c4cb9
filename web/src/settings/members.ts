import type { Invitation as ServerInvitation } from '@server/modules/users/invitation.schema';
import type { Member as ServerMember } from '@server/modules/users/user.schema';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import type { Page, Role, Wire } from '../api/types';

/** A member of the organization (`GET /orgs/:org/members`): a user with a role. */
export type Member = Wire<ServerMember>;

/** A pending invitation of the organization (`GET /orgs/:org/invitations`). */
export type Invitation = Omit<Wire<ServerInvitation>, 'respondedAt'>;

/**
 * `POST /orgs/:org/members`: the invitation and its one-time link secret,
 * the same for an address with an account and one without.
 */
export interface IssuedInvitation {
  invitation: Invitation;
  inviteToken: string;
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

/** The organization's pending invitations (one page of up to 200). */
export const useInvitations = (org: string) =>
  useQuery({
    queryKey: [org, 'invitations'],
    queryFn: () => api<Page<Invitation>>(orgPath(org, '/invitations?limit=200')),
  });

/** The invitation link the invitee opens once (the secret stays in the fragment, out of server logs). */
export function inviteLink(origin: string, token: string): string {
  return `${origin}/invite#token=${encodeURIComponent(token)}`;
}
