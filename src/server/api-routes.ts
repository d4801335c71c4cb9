import { accessReviewRoutes } from '../modules/access-reviews/access-review.routes.js';
import { activityRoutes } from '../modules/activity/activity.routes.js';
import { apiTokenRoutes } from '../modules/api-tokens/api-token.routes.js';
import { auditRoutes } from '../modules/audit/audit.routes.js';
import { cadenceRoutes } from '../modules/cadence/cadence.routes.js';
import { changeRoutes } from '../modules/changes/changes.routes.js';
import { connectorRoutes } from '../modules/connectors/connectors.routes.js';
import { controlRoutes } from '../modules/controls/control.routes.js';
import { engagementRoutes } from '../modules/engagements/engagement.routes.js';
import { evidenceRoutes } from '../modules/evidence/evidence.routes.js';
import { exceptionRoutes } from '../modules/exceptions/exception.routes.js';
import { findingRoutes } from '../modules/findings/finding.routes.js';
import { frameworkRoutes } from '../modules/frameworks/framework.routes.js';
import { incidentRoutes } from '../modules/incidents/incident.routes.js';
import { nhiRoutes } from '../modules/nhi/nhi.routes.js';
import { organizationRoutes } from '../modules/organizations/organization.routes.js';
import { oscalRoutes } from '../modules/oscal/oscal.routes.js';
import { packageRoutes } from '../modules/package/package.routes.js';
import { personRoutes } from '../modules/people/person.routes.js';
import { planRoutes } from '../modules/plan/plan.routes.js';
import { policyRoutes } from '../modules/policies/policy.routes.js';
import { readinessRoutes } from '../modules/readiness/readiness.routes.js';
import { reportRoutes } from '../modules/reports/report.routes.js';
import { requestRoutes } from '../modules/requests/request.routes.js';
import { samplingRoutes } from '../modules/sampling/sampling.routes.js';
import { ssoRoutes } from '../modules/sso/sso.routes.js';
import { ticketRoutes } from '../modules/tickets/tickets.routes.js';
import { authRoutes } from '../modules/users/auth.routes.js';
import { invitationRoutes } from '../modules/users/invitation.routes.js';
import { memberRoutes } from '../modules/users/member.routes.js';
import { vendorRoutes } from '../modules/vendors/vendor.routes.js';
import type { App } from '../platform/http/app.js';

/**
 * Every `*.routes.ts` of the modules, registered under `/api/v1`. A new
 * concept adds its routes file here and its entry in the policy table
 * (src/platform/auth/policy.ts); `api-routes.test.ts` fails when a routes
 * file is missing from this list.
 */
export const API_ROUTES: ReadonlyArray<(app: App) => Promise<void>> = [
  authRoutes,
  invitationRoutes,
  organizationRoutes,
  memberRoutes,
  apiTokenRoutes,
  personRoutes,
  frameworkRoutes,
  controlRoutes,
  evidenceRoutes,
  engagementRoutes,
  planRoutes,
  exceptionRoutes,
  findingRoutes,
  readinessRoutes,
  activityRoutes,
  nhiRoutes,
  changeRoutes,
  ticketRoutes,
  ssoRoutes,
  reportRoutes,
  oscalRoutes,
  accessReviewRoutes,
  incidentRoutes,
  policyRoutes,
  cadenceRoutes,
  connectorRoutes,
  requestRoutes,
  auditRoutes,
  samplingRoutes,
  packageRoutes,
  vendorRoutes,
];
