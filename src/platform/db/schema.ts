/**
 * Kysely table types: the one description of the schema the repositories
 * compile against. Timestamps are ISO-8601 UTC text and dates `YYYY-MM-DD`
 * text on both SQLite and PostgreSQL (see docs/decisions/0001), booleans are
 * 0/1 integers, ids are app-generated UUIDv7 text.
 */

import type { AccessReviewTables } from './tables/access-reviews.js';
import type { AuditTables } from './tables/audit.js';
import type { AuthTables } from './tables/auth.js';
import type { ChangeTables } from './tables/changes.js';
import type { CheckpointTables } from './tables/checkpoints.js';
import type { ConnectorTables } from './tables/connectors.js';
import type { EvidenceTables } from './tables/evidence.js';
import type { FoundationTables } from './tables/foundation.js';
import type { IncidentTables } from './tables/incidents.js';
import type { InvitationsTables } from './tables/invitations.js';
import type { JobTables } from './tables/jobs.js';
import type { NhiTables } from './tables/nhi.js';
import type { PolicyTables } from './tables/policies.js';
import type { ReadinessFactsTables } from './tables/readiness-facts.js';
import type { RequestTables } from './tables/requests.js';
import type { SsoTables } from './tables/sso.js';
import type { TicketTables } from './tables/tickets.js';
import type { VendorTables } from './tables/vendors.js';

export type * from './tables/access-reviews.js';
export type * from './tables/audit.js';
export type * from './tables/auth.js';
export type * from './tables/changes.js';
export type * from './tables/checkpoints.js';
export type * from './tables/connectors.js';
export type * from './tables/evidence.js';
export type * from './tables/foundation.js';
export type * from './tables/incidents.js';
export type * from './tables/invitations.js';
export type * from './tables/jobs.js';
export type * from './tables/nhi.js';
export type * from './tables/policies.js';
export type * from './tables/readiness-facts.js';
export type * from './tables/requests.js';
export type * from './tables/sso.js';
export type * from './tables/tickets.js';
export type * from './tables/vendors.js';

/** The whole schema as Kysely sees it: one interface per migration's tables, merged. */
export interface DB
  extends FoundationTables,
    AuthTables,
    EvidenceTables,
    NhiTables,
    ReadinessFactsTables,
    CheckpointTables,
    InvitationsTables,
    SsoTables,
    ChangeTables,
    AccessReviewTables,
    IncidentTables,
    JobTables,
    RequestTables,
    AuditTables,
    ConnectorTables,
    PolicyTables,
    VendorTables,
    TicketTables {}
