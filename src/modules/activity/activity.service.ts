import { addDays, type IsoDate, inputDateProblem } from '../../core/dates.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { type LedgerVerification, verifyLedger } from '../../platform/ledger/verify-ledger.js';
import { type BlobProblem, type EvidenceStores, verifyEvidenceBlobs } from '../evidence/evidence.service.js';
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

/** The chain check and the re-hash of every evidence file of one organization. */
export interface OrganizationVerification extends LedgerVerification {
  /** Evidence files re-hashed, and the ones that are missing or no longer match their SHA-256. */
  evidence: { checked: number; problems: BlobProblem[] };
}

/** Verifications running now, per database handle and organization. */
const running = new WeakMap<Database, Map<string, Promise<OrganizationVerification>>>();

/**
 * Re-hashes the organization's own chain (nothing of any other organization
 * or the installation) and every stored file its evidence references; `ok`
 * only when both are intact, as `auditready verify` reports it. A request
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
    const ledger = await verifyLedger(stores.database, { orgId });
    const evidence = await verifyEvidenceBlobs(stores, { orgId });
    return { ...ledger, ok: ledger.ok && evidence.problems.length === 0, evidence };
  })().finally(() => byOrg.delete(orgId));
  byOrg.set(orgId, run);
  return run;
}
