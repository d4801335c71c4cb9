/**
 * The pure rules of the non-human identity inventory (SPEC §3, §7; issue 6
 * items 1, 3, 4, 5): lifecycle events between two imports, linking of leaks
 * and workload identities, and the findings rules. No I/O; T is always input.
 */
export {
  attrBool,
  attrString,
  attrStringRecord,
  attrStrings,
  isProviderManaged,
  K8S_WORKLOAD_ANNOTATIONS,
  NHI_ATTRIBUTES,
} from './attributes.js';
export { CIS, type CisRef } from './benchmarks.js';
export {
  batchCommitmentOf,
  LeafList,
  type LeafListCommitment,
  type NhiBatchCommitment,
  type NhiChangeContent,
  type NhiEventContent,
  nhiChangeHash,
  nhiEventHash,
} from './change-batch.js';
export {
  type DetectedFinding,
  type FindingSyncPlan,
  globMatcher,
  NHI_RULE_CONTROLS,
  type OpenRuleFinding,
  planFindingSync,
  REMEDIATION_DAYS,
  remediationDueOn,
  ruleFindingSource,
} from './finding-sync.js';
export {
  type DeriveLifecycleOptions,
  deriveLifecycleEvents,
  NHI_EVENT_TYPES,
  type NhiEventType,
  type NhiLifecycleEvent,
} from './lifecycle.js';
export {
  identityLinkKeys,
  LEAK_LINK_VIAS,
  type LeakLink,
  type LeakLinkVia,
  type LeakStatus,
  leakLinkKeys,
  leakStatus,
  linkLeaks,
} from './linking.js';
export { familyOf, mergeObservations, type SourceObservation } from './merge.js';
export type { JsonValue } from './order.js';
export { buildOwnerIndex, matchOwner, type OwnerIndex, type RosterPerson, ruleOwner } from './owners.js';
export {
  bestLeakLinks,
  evaluateFamilyBatch,
  type FamilyBatch,
  isSharedAcrossFamilies,
  leakLinkRank,
  leakLinksOfBatch,
} from './partition.js';
export { ADMIN_GRANT_PATTERNS } from './rules/admin-privileges.js';
export type { NhiRuleMeta } from './rules/helpers.js';
export { evaluateNhiRules, NHI_RULE_IDS, NHI_RULES } from './rules/index.js';
export { EXPIRING_KINDS, EXPIRY_REPORTED_KINDS } from './rules/long-lived-credential.js';
export { normalizeEnvironment } from './rules/multi-environment.js';
export { ROTATABLE_KINDS } from './rules/rotation-overdue.js';
export { looksLikeCi } from './rules/static-ci-credential.js';
export {
  NHI_OWNER_STATUSES,
  NHI_SEVERITIES,
  type NhiFinding,
  type NhiOwner,
  type NhiOwnerStatus,
  type NhiRule,
  type NhiRuleContext,
  type NhiRuleIdentity,
  type NhiSeverity,
  type OwaspNhiId,
} from './rules/types.js';
export { USAGE_TRACKED_KINDS } from './rules/unused.js';
export { observationSeen, type SourceLatestImport } from './seen.js';
export type { StoredNhiLike } from './stored.js';
export {
  DEFAULT_NHI_THRESHOLDS,
  type NhiThresholdOverrides,
  type NhiThresholds,
  nhiThresholdsSchema,
  resolveNhiThresholds,
} from './thresholds.js';
export { dayOf, instantOf } from './timestamps.js';
export * from './types.js';
export { linkWorkloadIdentities, type WorkloadIdentityLink } from './workload-identity.js';
