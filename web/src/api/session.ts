import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api, setCsrfToken } from './client';
import type { Membership, SessionView } from './types';

/** The signed-in session (user null when signed out); keeps the CSRF token current. */
export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      const session = await api<SessionView>('/auth/session');
      setCsrfToken(session.csrfToken);
      return session;
    },
    staleTime: 60_000,
  });
}

/** The membership of the organization in the URL, if the user has one. */
export function useMembership(org: string): Membership | undefined {
  const { data } = useSession();
  return data?.memberships.find((m) => m.slug === org || m.orgId === org);
}

/**
 * Posts to an endpoint that starts a session (`/auth/sign-in`, `/auth/setup`), keeps its CSRF token,
 * caches the session and opens the dashboard.
 */
export function useStartSession() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async (path: string, body: unknown) => {
    const session = await api<SessionView>(path, { method: 'POST', body });
    setCsrfToken(session.csrfToken);
    queryClient.setQueryData(['session'], session);
    await navigate({ to: '/' });
  };
}
