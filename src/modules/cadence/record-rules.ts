/**
 * The weekly run's `rules` step: the operating records' rule findings brought
 * up to date at the run's day before the snapshot reads them. Their rules
 * fire with time alone (an access review or an incident follow-up past due,
 * an IR test or a vendor report ageing past twelve months, a policy review or
 * an acknowledgement overdue), so without a write to those records nothing
 * else would open the findings; each refresh also resolves what time fixed.
 */
import type { Actor } from '../../core/ledger/chain.js';
import { refreshAccessReviews } from '../access-reviews/access-review-refresh.service.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { refreshIncidents } from '../incidents/incident-refresh.service.js';
import { refreshPolicies } from '../policies/policy.service.js';
import { refreshVendors } from '../vendors/vendor.service.js';

/** Findings opened and resolved per record type by one refresh. */
export type RecordRuleCounts = Record<
  'accessReviews' | 'incidents' | 'vendors' | 'policies',
  { opened: number; resolved: number }
>;

/** Refreshes the rule findings of every operating record type of an organization at `at`. */
export async function refreshRecordRules(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  at: string,
): Promise<RecordRuleCounts> {
  const access = await refreshAccessReviews(stores, actor, orgId, { at });
  const incidents = await refreshIncidents(stores, actor, orgId, { at });
  const vendors = await refreshVendors(stores.database, actor, orgId, { at });
  const policies = await refreshPolicies(stores.database, actor, orgId, { at });
  return {
    accessReviews: { opened: access.findingsOpened, resolved: access.findingsResolved },
    incidents: { opened: incidents.opened, resolved: incidents.resolved },
    vendors: { opened: vendors.findingsOpened, resolved: vendors.findingsResolved },
    policies: { opened: policies.findingsOpened, resolved: policies.findingsResolved },
  };
}
