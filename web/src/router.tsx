import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
} from '@tanstack/react-router';
import { validateActivitySearch } from './activity/search';
import { Layout } from './components/Layout';
import { validateFrameworkSearch } from './frameworks/rollup';
import { ControlPage } from './pages/ControlPage';
import { ControlsPage } from './pages/ControlsPage';
import { DashboardPage } from './pages/DashboardPage';
import { HomeRedirect } from './pages/HomeRedirect';
import { InvitePage } from './pages/InvitePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SettingsPage } from './pages/SettingsPage';
import { SetupPage } from './pages/SetupPage';
import { SignInPage } from './pages/SignInPage';

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomeRedirect });
const signInRoute = createRoute({ getParentRoute: () => rootRoute, path: '/sign-in', component: SignInPage });
const setupRoute = createRoute({ getParentRoute: () => rootRoute, path: '/setup', component: SetupPage });
const inviteRoute = createRoute({ getParentRoute: () => rootRoute, path: '/invite', component: InvitePage });
const orgRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/o/$org',
  component: Layout,
  // An unknown page of an organization shows inside the frame (the layout's outlet).
  notFoundComponent: NotFoundPage,
});
const dashboardRoute = createRoute({ getParentRoute: () => orgRoute, path: '/', component: DashboardPage });
const controlsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/controls',
  component: ControlsPage,
  validateSearch: (search: Record<string, unknown>): { status?: string } =>
    typeof search.status === 'string' ? { status: search.status } : {},
});
const controlRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/controls/$code',
  component: ControlPage,
});
const settingsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/settings',
  component: SettingsPage,
});
// Framework view and engagement & plan load on first visit (their own chunks).
const frameworksPage = lazyRouteComponent(() => import('./pages/FrameworksPage'), 'FrameworksPage');
const frameworksRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/frameworks',
  component: frameworksPage,
  validateSearch: validateFrameworkSearch,
});
const frameworkRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/frameworks/$framework',
  component: frameworksPage,
  validateSearch: validateFrameworkSearch,
});
const engagementRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/engagement',
  component: lazyRouteComponent(() => import('./pages/EngagementPage'), 'EngagementPage'),
});
// People, exceptions, findings and the activity log load on first visit (their own chunks).
const peopleRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/people',
  component: lazyRouteComponent(() => import('./pages/PeoplePage'), 'PeoplePage'),
});
const exceptionsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/exceptions',
  component: lazyRouteComponent(() => import('./pages/ExceptionsPage'), 'ExceptionsPage'),
});
// The auditor's home (an auditor sees nothing else; members see the latest engagement's audit views).
const auditRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/audit',
  component: lazyRouteComponent(() => import('./pages/AuditorHomePage'), 'AuditorHomePage'),
});
const findingsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/findings',
  component: lazyRouteComponent(() => import('./pages/FindingsPage'), 'FindingsPage'),
});
const activityRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/activity',
  component: lazyRouteComponent(() => import('./pages/ActivityPage'), 'ActivityPage'),
  validateSearch: validateActivitySearch,
});
// Non-human identities: the inventory with its findings and imports, and one identity (own chunk).
const nhiRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/nhi',
  component: lazyRouteComponent(() => import('./pages/NhiPage'), 'NhiPage'),
  validateSearch: (search: Record<string, unknown>): { tab?: 'findings' | 'imports' } =>
    search.tab === 'findings' || search.tab === 'imports' ? { tab: search.tab } : {},
});
// The audit's requests: the board and one request with its thread (own chunks).
const requestsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/requests',
  component: lazyRouteComponent(() => import('./pages/RequestsPage'), 'RequestsPage'),
});
const requestRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/requests/$requestId',
  component: lazyRouteComponent(() => import('./pages/RequestPage'), 'RequestPage'),
});
const nhiDetailRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/nhi/$nhiId',
  component: lazyRouteComponent(() => import('./pages/NhiDetailPage'), 'NhiDetailPage'),
});
// Access reviews: the campaign board and one campaign as a reviewer's checklist (own chunks).
const accessReviewsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/access-reviews',
  component: lazyRouteComponent(() => import('./pages/AccessReviewsPage'), 'AccessReviewsPage'),
});
const accessReviewRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/access-reviews/$campaignId',
  component: lazyRouteComponent(() => import('./pages/AccessReviewPage'), 'AccessReviewPage'),
});
// Incidents: the register, one incident with its timeline and follow-ups, and the IR tests (own chunks).
const incidentsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/incidents',
  component: lazyRouteComponent(() => import('./pages/IncidentsPage'), 'IncidentsPage'),
});
const irTestsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/incidents/ir-tests',
  component: lazyRouteComponent(() => import('./pages/IrTestsPage'), 'IrTestsPage'),
});
const incidentRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/incidents/$incidentId',
  component: lazyRouteComponent(() => import('./pages/IncidentPage'), 'IncidentPage'),
});
// Policies: the register and one policy with its text, diff and acknowledgements (own chunks).
const policiesRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/policies',
  component: lazyRouteComponent(() => import('./pages/PoliciesPage'), 'PoliciesPage'),
});
const policyRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/policies/$policyId',
  component: lazyRouteComponent(() => import('./pages/PolicyPage'), 'PolicyPage'),
});
// Vendor oversight: the register and one vendor (own chunks).
const vendorsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/vendors',
  component: lazyRouteComponent(() => import('./pages/VendorsPage'), 'VendorsPage'),
});
const vendorRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/vendors/$vendorId',
  component: lazyRouteComponent(() => import('./pages/VendorPage'), 'VendorPage'),
});

// Change management: the releases timeline (own chunk).
const changesRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/changes',
  component: lazyRouteComponent(() => import('./pages/ChangesPage'), 'ChangesPage'),
});
// Ticket histories (Jira, Linear): own chunk.
const ticketsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/tickets',
  component: lazyRouteComponent(() => import('./pages/TicketsPage'), 'TicketsPage'),
});
// The weekly run (leads) and a person's digests load on first visit.
const jobsRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/settings/jobs',
  component: lazyRouteComponent(() => import('./pages/JobsPage'), 'JobsPage'),
});
const thisWeekRoute = createRoute({
  getParentRoute: () => orgRoute,
  path: '/this-week',
  component: lazyRouteComponent(() => import('./pages/ThisWeekPage'), 'ThisWeekPage'),
});

const routeTree = rootRoute.addChildren([
  homeRoute,
  signInRoute,
  setupRoute,
  inviteRoute,
  orgRoute.addChildren([
    dashboardRoute,
    controlsRoute,
    controlRoute,
    settingsRoute,
    frameworksRoute,
    frameworkRoute,
    engagementRoute,
    peopleRoute,
    exceptionsRoute,
    findingsRoute,
    activityRoute,
    nhiRoute,
    nhiDetailRoute,
    changesRoute,
    ticketsRoute,
    accessReviewsRoute,
    accessReviewRoute,
    incidentsRoute,
    irTestsRoute,
    incidentRoute,
    policiesRoute,
    policyRoute,
    vendorsRoute,
    vendorRoute,
    jobsRoute,
    thisWeekRoute,
    requestsRoute,
    requestRoute,
    auditRoute,
  ]),
]);

export const router = createRouter({
  routeTree,
  context: { queryClient: undefined! },
  defaultPreload: 'intent',
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
