import { AppShell, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, Outlet, useNavigate, useParams, useRouterState } from '@tanstack/react-router';
import { api, setCsrfToken } from '../api/client';
import { useMembership, useSession } from '../api/session';
import { Loading } from './Loading';
import { NavLinkLink } from './links';
import { MyInvitations } from './MyInvitations';

/** The signed-in frame: navigation, organization switcher, sign-out; redirects to sign-in when signed out. */
export function Layout() {
  const { org } = useParams({ from: '/o/$org' });
  const session = useSession();
  const membership = useMembership(org);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const path = useRouterState({ select: (s) => s.location.pathname });
  if (session.isPending) return <Loading what="your session" />;
  if (!session.data?.user) return <Navigate to="/sign-in" />;
  if (!membership) return <Navigate to="/" />;

  const signOut = async () => {
    // Ends the session; when single sign-on started it, the provider's logout is offered on the sign-in page.
    const out = await api<{ endSessionUrl: string | null }>('/auth/sso/sign-out', { method: 'POST' }).catch(
      () => null,
    );
    setCsrfToken(null);
    queryClient.clear();
    if (out?.endSessionUrl) sessionStorage.setItem('auditready.providerLogout', out.endSessionUrl);
    await navigate({ to: '/sign-in' });
  };
  const base = `/o/${org}`;
  // An auditor sees their engagement only: the auditor home, never the member pages (docs/decisions/0022).
  const auditor = membership.role === 'auditor';
  if (
    auditor &&
    !path.startsWith(`${base}/audit`) &&
    !path.startsWith(`${base}/requests`) &&
    !path.startsWith(`${base}/engagements/`)
  )
    return <Navigate to="/o/$org/audit" params={{ org }} />;
  const auditorLinks = [
    { to: '/o/$org/audit', label: 'Audit', active: path.startsWith(`${base}/audit`) },
    { to: '/o/$org/requests', label: 'Requests', active: path.startsWith(`${base}/requests`) },
  ] as const;
  const memberLinks = [
    { to: '/o/$org', label: 'Dashboard', active: path === base || path === `${base}/` },
    { to: '/o/$org/this-week', label: 'This week', active: path.startsWith(`${base}/this-week`) },
    { to: '/o/$org/controls', label: 'Controls', active: path.startsWith(`${base}/controls`) },
    { to: '/o/$org/nhi', label: 'Identities', active: path.startsWith(`${base}/nhi`) },
    {
      to: '/o/$org/access-reviews',
      label: 'Access reviews',
      active: path.startsWith(`${base}/access-reviews`),
    },
    { to: '/o/$org/incidents', label: 'Incidents', active: path.startsWith(`${base}/incidents`) },
    { to: '/o/$org/policies', label: 'Policies', active: path.startsWith(`${base}/policies`) },
    { to: '/o/$org/vendors', label: 'Vendors', active: path.startsWith(`${base}/vendors`) },
    { to: '/o/$org/frameworks', label: 'Frameworks', active: path.startsWith(`${base}/frameworks`) },
    { to: '/o/$org/engagement', label: 'Engagement & plan', active: path.startsWith(`${base}/engagement`) },
    { to: '/o/$org/people', label: 'People', active: path.startsWith(`${base}/people`) },
    { to: '/o/$org/exceptions', label: 'Exceptions', active: path.startsWith(`${base}/exceptions`) },
    { to: '/o/$org/findings', label: 'Findings', active: path.startsWith(`${base}/findings`) },
    { to: '/o/$org/requests', label: 'Requests', active: path.startsWith(`${base}/requests`) },
    { to: '/o/$org/activity', label: 'Activity log', active: path.startsWith(`${base}/activity`) },
    ...(membership.can.change.read === true
      ? [{ to: '/o/$org/changes', label: 'Changes', active: path.startsWith(`${base}/changes`) }]
      : []),
    ...(membership.can.ticket.read === true
      ? [{ to: '/o/$org/tickets', label: 'Tickets', active: path.startsWith(`${base}/tickets`) }]
      : []),
    ...(membership.can.member.read === true
      ? [{ to: '/o/$org/settings', label: 'Settings', active: path === `${base}/settings` }]
      : []),
    ...(membership.can.cadence.read === true
      ? [
          {
            to: '/o/$org/settings/jobs',
            label: 'Weekly run & jobs',
            active: path.startsWith(`${base}/settings/jobs`),
          },
        ]
      : []),
  ] as const;
  const links = auditor ? auditorLinks : memberLinks;

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={1} size="h4">
            auditready
          </Title>
          <Group gap="sm">
            <Select
              aria-label="Organization"
              data={session.data.memberships.map((m) => ({ value: m.slug, label: m.name }))}
              value={membership.slug}
              allowDeselect={false}
              onChange={(slug) => slug && navigate({ to: '/o/$org', params: { org: slug } })}
              w={200}
            />
            <Text size="sm" c="gray.7">
              {session.data.user.name} · {membership.role}
            </Text>
            <Button variant="default" size="xs" onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <Stack gap={2}>
          {links.map((l) => (
            <NavLinkLink
              key={l.to}
              to={l.to}
              params={{ org }}
              label={l.label}
              active={l.active}
              aria-current={l.active ? 'page' : undefined}
              // `active` above decides; the router's own fuzzy match would also mark Dashboard on every page.
              activeOptions={{ exact: true }}
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <MyInvitations />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
