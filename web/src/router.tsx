import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, Outlet } from '@tanstack/react-router';
import { Layout } from './components/Layout';
import { ControlPage } from './pages/ControlPage';
import { ControlsPage } from './pages/ControlsPage';
import { DashboardPage } from './pages/DashboardPage';
import { HomeRedirect } from './pages/HomeRedirect';
import { SettingsPage } from './pages/SettingsPage';
import { SetupPage } from './pages/SetupPage';
import { SignInPage } from './pages/SignInPage';

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({ component: Outlet });

const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomeRedirect });
const signInRoute = createRoute({ getParentRoute: () => rootRoute, path: '/sign-in', component: SignInPage });
const setupRoute = createRoute({ getParentRoute: () => rootRoute, path: '/setup', component: SetupPage });
const orgRoute = createRoute({ getParentRoute: () => rootRoute, path: '/o/$org', component: Layout });
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

const routeTree = rootRoute.addChildren([
  homeRoute,
  signInRoute,
  setupRoute,
  orgRoute.addChildren([dashboardRoute, controlsRoute, controlRoute, settingsRoute]),
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
