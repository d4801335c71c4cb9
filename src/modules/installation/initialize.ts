import type { Actor } from '../../core/ledger/chain.js';
import type { Database } from '../../platform/db/database.js';
import { write } from '../../platform/ledger/ledger.js';
import { installStarterLibrary } from '../controls/control.service.js';
import { ensureCatalogs } from '../frameworks/framework.service.js';
import {
  createOrganization,
  listOrganizations,
  type Organization,
} from '../organizations/organization.service.js';

/** What `init` did. */
export interface InitResult {
  created: boolean;
  organizations: Organization[];
  catalogsInstalled: string[];
  starterControls: number;
}

/**
 * Brings an installation to a working state: catalogs installed or upgraded,
 * and — the first time only — one organization with the starter controls.
 * Running it again changes nothing but stale catalogs.
 */
export async function initializeInstallation(
  database: Database,
  actor: Actor,
  orgName?: string,
): Promise<InitResult> {
  const catalogsInstalled = await ensureCatalogs(database, actor);
  const existing = await listOrganizations(database.db);
  if (existing.length > 0)
    return { created: false, organizations: existing, catalogsInstalled, starterControls: 0 };
  const org = await createOrganization(database, actor, orgName ?? 'My Organization');
  const starter = await write(database, { actor, orgId: org.id }, (w) => installStarterLibrary(w, org.id));
  return { created: true, organizations: [org], catalogsInstalled, starterControls: starter.created };
}
