import type { StarterControl } from '../types.js';
import { ACCESS_CONTROL_CONTROLS } from './access-control.js';
import { AI_GOVERNANCE_CONTROLS } from './ai-governance.js';
import { BUSINESS_CONTINUITY_CONTROLS } from './business-continuity.js';
import { CHANGE_MANAGEMENT_CONTROLS } from './change-management.js';
import { CONTROL_MONITORING_CONTROLS } from './control-monitoring.js';
import { DATA_PROTECTION_CONTROLS } from './data-protection.js';
import { GOVERNANCE_CONTROLS } from './governance.js';
import { INCIDENT_RESPONSE_CONTROLS } from './incident-response.js';
import { NON_HUMAN_IDENTITY_CONTROLS } from './non-human-identities.js';
import { OPERATIONS_CONTROLS } from './operations.js';
import { PEOPLE_SECURITY_CONTROLS } from './people-security.js';
import { VENDOR_MANAGEMENT_CONTROLS } from './vendor-management.js';

/**
 * Version of the starter control library content. Bump it whenever a control, requirement or mapping
 * changes, so that organizations that seeded from an older version can see what moved.
 */
export const STARTER_LIBRARY_VERSION = '2026.11.0';

/**
 * The starter control library: our own wording, crosswalked by ID to every shipped framework.
 * Domains appear in a fixed order (GOV, HR, AC, NHI, CM, OPS, IR, BC, VM, DP, AI, EX) and controls keep
 * their order within a domain, so the list is stable between runs.
 */
export const STARTER_CONTROLS: readonly StarterControl[] = [
  ...GOVERNANCE_CONTROLS,
  ...PEOPLE_SECURITY_CONTROLS,
  ...ACCESS_CONTROL_CONTROLS,
  ...NON_HUMAN_IDENTITY_CONTROLS,
  ...CHANGE_MANAGEMENT_CONTROLS,
  ...OPERATIONS_CONTROLS,
  ...INCIDENT_RESPONSE_CONTROLS,
  ...BUSINESS_CONTINUITY_CONTROLS,
  ...VENDOR_MANAGEMENT_CONTROLS,
  ...DATA_PROTECTION_CONTROLS,
  ...AI_GOVERNANCE_CONTROLS,
  ...CONTROL_MONITORING_CONTROLS,
];

export {
  ACCESS_CONTROL_CONTROLS,
  AI_GOVERNANCE_CONTROLS,
  BUSINESS_CONTINUITY_CONTROLS,
  CHANGE_MANAGEMENT_CONTROLS,
  CONTROL_MONITORING_CONTROLS,
  DATA_PROTECTION_CONTROLS,
  GOVERNANCE_CONTROLS,
  INCIDENT_RESPONSE_CONTROLS,
  NON_HUMAN_IDENTITY_CONTROLS,
  OPERATIONS_CONTROLS,
  PEOPLE_SECURITY_CONTROLS,
  VENDOR_MANAGEMENT_CONTROLS,
};
