import type { Database } from '../../platform/db/database.js';
import { type LedgerVerification, verifyLedger } from '../../platform/ledger/verify-ledger.js';
import { type ActivityEntry, type ActivityFilter, pageActivity } from './activity.repository.js';

/** One page of an organization's activity log, newest first. */
export function listActivity(
  database: Database,
  orgId: string,
  filter: ActivityFilter,
  page: { before?: number | undefined; limit: number },
): Promise<ActivityEntry[]> {
  return pageActivity(database.db, orgId, filter, page);
}

/** Re-hashes the organization's own chain, and nothing of any other organization or the installation. */
export function verifyOrganizationLedger(database: Database, orgId: string): Promise<LedgerVerification> {
  return verifyLedger(database, { orgId });
}
