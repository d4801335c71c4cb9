import { addDays, type IsoDate, inputDateProblem } from '../../core/dates.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { type StoreVerification, verifyStore } from '../integrity/verify.service.js';
import { type ActivityEntry, type ActivityFilter, pageActivity } from './activity.repository.js';

/** What the activity log can be narrowed to: record, actor, action and a range of UTC calendar days. */
export interface ActivityQuery extends Omit<ActivityFilter, 'since' | 'until'> {
  /** First day (UTC, inclusive), `YYYY-MM-DD`. */
  from?: string | undefined;
  /** Last day (UTC, inclusive), `YYYY-MM-DD`. */
  to?: string | undefined;
}

function day(value: string | undefined, label: string): IsoDate | undefined {
  if (value === undefined) return undefined;
  const problem = inputDateProblem(value);
  if (problem) throw new AppError('invalid_input', `${label}: ${problem}`);
  return value;
}

/** One page of an organization's activity log, newest first. */
export function listActivity(
  database: Database,
  orgId: string,
  query: ActivityQuery,
  page: { before?: number | undefined; limit: number },
): Promise<ActivityEntry[]> {
  const { from: rawFrom, to: rawTo, ...filter } = query;
  const from = day(rawFrom, 'from');
  const to = day(rawTo, 'to');
  if (from && to && from > to) throw new AppError('invalid_input', `from: ${from} is after to (${to})`);
  return pageActivity(
    database.db,
    orgId,
    { ...filter, since: from, until: to ? addDays(to, 1) : undefined },
    page,
  );
}

/** The organization's verification: its chain, checkpoints, records and evidence files (see verifyStore). */
export type OrganizationVerification = StoreVerification;

/** Verifications running now, per database handle and organization. */
const running = new WeakMap<Database, Map<string, Promise<OrganizationVerification>>>();

/**
 * Re-hashes the organization's own chain (nothing of any other organization
 * or the installation), checks its stored checkpoints, compares its current
 * records with what the log says and re-hashes every stored file its
 * evidence references; `ok` only when all are intact, as `auditready
 * verify` reports it. A request
 * while one runs for the same organization gets that run's result: reading
 * every evidence file again is costly, and any member may ask.
 */
export function verifyOrganization(stores: EvidenceStores, orgId: string): Promise<OrganizationVerification> {
  let byOrg = running.get(stores.database);
  if (!byOrg) {
    byOrg = new Map();
    running.set(stores.database, byOrg);
  }
  const inFlight = byOrg.get(orgId);
  if (inFlight) return inFlight;
  const run = (async () => {
    return verifyStore(stores, { orgId });
  })().finally(() => byOrg.delete(orgId));
  byOrg.set(orgId, run);
  return run;
}
