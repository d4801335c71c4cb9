/**
 * The shared words of the domain (SPEC §3) as closed sets. Every module that
 * stores, validates or reasons about these values imports them from here.
 */

/** How often an evidence requirement must be satisfied, or a control reviewed. */
export const CADENCES = [
  'weekly',
  'monthly',
  'quarterly',
  'semiannual',
  'annual',
  'per-event',
  'once',
] as const;
/** A review or evidence cadence. */
export type Cadence = (typeof CADENCES)[number];

/** Where a piece of evidence comes from; auditors weigh these differently. */
export const SOURCE_TYPES = [
  'system-export',
  'ticket-history',
  'immutable-log',
  'document',
  'screenshot',
  'attestation',
] as const;
/** The kind of source a piece of evidence was taken from. */
export type SourceType = (typeof SOURCE_TYPES)[number];

/** How an evidence requirement is collected. */
export const COLLECTION_METHODS = ['manual', 'import', 'connector'] as const;
/** How the artifacts of an evidence requirement reach auditready. */
export type CollectionMethod = (typeof COLLECTION_METHODS)[number];

/** The lifecycle status of a control as the organization declares it. */
export const CONTROL_STATUSES = ['draft', 'implemented', 'not-applicable'] as const;
/** A control's declared status. */
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

/** Whether a person is still with the organization. */
export const PERSON_STATUSES = ['active', 'departed'] as const;
/** A person's roster status. */
export type PersonStatus = (typeof PERSON_STATUSES)[number];

/** The catalogs auditready ships, by stable id. */
export const FRAMEWORK_IDS = ['soc2', 'nist-csf', 'iso27001', 'owasp-nhi', 'nist-ai-rmf'] as const;
/** A shipped framework's id. */
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];
