/** Readiness (SPEC §4): what is ready, at risk or missing, who owns it, and by when. */
export { type BurndownOptions, computeBurndown } from './burndown.js';
export { AT_RISK_RULES, classifyControl, GAP_RULES } from './classify-control.js';
export { computeReadiness } from './compute-readiness.js';
export { DEFAULT_AT_RISK_DAYS } from './context.js';
export {
  AT_RISK_REASON_CODES,
  burndownSchema,
  CRITERION_STATUSES,
  GAP_REASON_CODES,
  INFO_REASON_CODES,
  READINESS_STATUSES,
  REASON_SEVERITIES,
  readinessResultSchema,
  reasonSchema,
} from './schema.js';
export { isInScope } from './scope.js';
export type * from './types.js';
