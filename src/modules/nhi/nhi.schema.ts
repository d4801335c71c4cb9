/**
 * The NHI inventory's wire shapes, each defined once as a zod schema with its
 * type inferred (the routes validate and document with them, the services
 * return them, the web imports the types): imports, the inventory list and
 * one identity's page, owner assignment and review, rule findings and
 * thresholds; and the services' inputs.
 */
import { z } from 'zod';
import { NHI_IMPORT_KIND_NAMES } from '../../core/nhi/import-kinds.js';
import { NHI_SEVERITIES, NHI_STATUSES } from '../../core/nhi/index.js';
import { emailSchema } from '../people/person.schema.js';

/** The import kinds, for validation. */
export { NHI_IMPORT_KIND_NAMES };

/** What to import: the kind of export and, where the file does not say, what it is scoped to. */
export const nhiImportInputSchema = z.object({
  kind: z.enum(NHI_IMPORT_KIND_NAMES, { message: `the kind is one of ${NHI_IMPORT_KIND_NAMES.join(', ')}` }),
  scope: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .optional()
    .transform((s) => s ?? null),
});

/** The most identities one bulk assignment or review names by id. */
export const NHI_BULK_MAX = 500;

const nhiKeysSchema = z
  .array(z.string().trim().min(1).max(1000))
  .min(1, 'name at least one identity')
  .max(NHI_BULK_MAX, `name at most ${NHI_BULK_MAX} identities at once`);

/**
 * Whom to make owner of which identities: one id, a list of ids (bulk, from
 * the UI), or every identity whose name or external id matches a glob.
 */
export const nhiAssignInputSchema = z
  .object({
    id: z.string().trim().min(1).optional(),
    ids: nhiKeysSchema.optional(),
    match: z.string().trim().min(1).max(300).optional(),
    ownerEmail: emailSchema,
  })
  .refine((a) => [a.id, a.ids, a.match].filter((x) => x !== undefined).length === 1, {
    message: 'name exactly one identity id, a list of ids, or one name pattern (match)',
  });

/** A validated owner assignment. */
export type NhiAssignInput = z.infer<typeof nhiAssignInputSchema>;

/** Which identities a person reviewed (each id, unique id prefix or exact external id), with an optional note. */
export const nhiReviewInputSchema = z.object({
  ids: nhiKeysSchema,
  note: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .transform((s) => (s ? s : null)),
});

/** A validated review. */
export type NhiReviewInput = z.input<typeof nhiReviewInputSchema>;

/** Filters of the inventory list. */
export interface NhiListFilter {
  kind?: string | undefined;
  provider?: string | undefined;
  /** Only identities the orphaned rule flags (no owner, departed owner, owner unknown to the roster). */
  orphaned?: boolean | undefined;
  /** Only identities with an open finding of this rule (`nhi-unused` or `unused`). */
  finding?: string | undefined;
  /** Include deleted identities. */
  all?: boolean | undefined;
}

/** Filters of the paged inventory list (the API): the CLI's, plus a status and a search. */
export interface NhiPageFilter extends NhiListFilter {
  /** Only this status (`deleted` lists offboarded identities; without it deleted ones are hidden unless `all`). */
  status?: string | undefined;
  /** Case-insensitive substring of the name or the external id. */
  search?: string | undefined;
}

/** Filters of the paged rule findings. */
export interface NhiFindingFilter {
  /** Only this rule (`nhi-unused` or `unused`). */
  rule?: string | undefined;
  severity?: string | undefined;
  /** True: open only; false: resolved only; absent: both. */
  open?: boolean | undefined;
  /** Only the findings of this identity. */
  nhiId?: string | undefined;
}

const nullableString = z.string().nullable();

/** One identity as the inventory shows it. */
export const nhiRecordSchema = z.object({
  id: z.string(),
  provider: z.string(),
  kind: z.string(),
  externalId: z.string(),
  name: z.string(),
  parentExternalId: nullableString,
  owner: z
    .object({
      personId: z.string(),
      email: z.string(),
      name: z.string(),
      status: z.string(),
      source: z.string().describe('`inferred` from the export, or `assigned` by a person'),
    })
    .nullable(),
  ownerHint: nullableString.describe('the owner as the export names it'),
  ownerHintSource: nullableString,
  purpose: nullableString,
  environment: nullableString,
  privilegeSummary: nullableString,
  privileged: z.boolean(),
  authMethod: z.string(),
  createdAt: nullableString,
  lastUsedAt: nullableString,
  lastRotatedAt: nullableString,
  expiresAt: nullableString,
  rotationPolicyDays: z.number().nullable(),
  status: z.enum(NHI_STATUSES),
  firstSeenImportId: nullableString,
  lastSeenImportId: nullableString,
  attributes: z.record(z.string(), z.unknown()),
  openFindings: z.array(z.string()).describe('the rules with an open finding on it'),
  recordedAt: z.string(),
  updatedAt: z.string(),
});
/** One identity as the inventory shows it. */
export type NhiRecord = z.infer<typeof nhiRecordSchema>;

/** An identity named from another one's page (parent, children). */
export const nhiRefSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  externalId: z.string(),
  status: z.string(),
});
/** An identity named from another one's page. */
export type NhiRef = z.infer<typeof nhiRefSchema>;

/** A CIS benchmark control. */
export const cisRefSchema = z.object({ benchmark: z.string(), version: z.string(), control: z.string() });

/** A rule finding on an identity, with its NHI Top 10, CIS and SOC 2 tags. */
export const nhiFindingSchema = z.object({
  findingId: z.string(),
  rule: z.string(),
  ruleTitle: z.string(),
  title: z.string(),
  message: nullableString,
  severity: z.enum(NHI_SEVERITIES),
  openedOn: z.string(),
  resolvedOn: nullableString,
  resolution: nullableString,
  nhi: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    provider: z.string(),
    externalId: z.string(),
  }),
  owasp: z.array(z.string()).describe('OWASP Non-Human Identities Top 10 (2025) ids'),
  cis: z.array(cisRefSchema).describe('CIS benchmark controls, each with its benchmark and version'),
  soc2: z.array(z.string()).describe('SOC 2 criteria ids'),
  controls: z.array(z.string()),
  evidence: z.record(z.string(), z.unknown()),
});
/** A rule finding on an identity, with its NHI Top 10, CIS and SOC 2 tags. */
export type NhiFindingView = z.infer<typeof nhiFindingSchema>;

/** One lifecycle event (`source`: the `kind` or `kind:scope` of the import that revealed it; null for a person's event). */
export const nhiEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  at: z.string(),
  importId: nullableString,
  source: nullableString,
  fileName: nullableString,
  details: z.record(z.string(), z.unknown()),
});
/** One lifecycle event. */
export type NhiEventView = z.infer<typeof nhiEventSchema>;

/** One secret-scanner leak of an identity. */
export const nhiLeakSchema = z.object({
  id: z.string(),
  scanner: z.string(),
  fingerprint: z.string(),
  rule: z.string(),
  status: z.string(),
  linkVia: nullableString,
  leakedAt: nullableString,
  verified: z.boolean().nullable(),
  location: z.record(z.string(), z.unknown()),
  redacted: nullableString,
});
/** One secret-scanner leak of an identity. */
export type NhiLeakView = z.infer<typeof nhiLeakSchema>;

/** One identity with its parent and children (deleted ones included), history, findings, leaks, workload links and sources. */
export const nhiDetailSchema = nhiRecordSchema.extend({
  parent: nhiRefSchema.nullable(),
  children: z.array(nhiRefSchema),
  events: z.array(nhiEventSchema),
  findings: z.array(nhiFindingSchema),
  leaks: z.array(nhiLeakSchema),
  workloadLinks: z.array(
    z.object({
      provider: z.string(),
      annotation: z.string(),
      reference: z.string(),
      targetId: nullableString,
    }),
  ),
  sources: z.array(
    z.object({ source: z.string(), importId: z.string(), observedAt: z.string(), status: z.string() }),
  ),
});
/** One identity with its parent and children. */
export type NhiDetail = z.infer<typeof nhiDetailSchema>;

/** Counts of one import. */
export const nhiImportCountsSchema = z.object({
  records: z.number(),
  identities: z.number(),
  leaks: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  offboarded: z.number(),
  events: z.number(),
  leaksNew: z.number(),
  findingsOpened: z.number(),
  findingsResolved: z.number(),
  findingsUpdated: z.number(),
});
/** Counts of one import. */
export type NhiImportCounts = z.infer<typeof nhiImportCountsSchema>;

/** What an import did: `imported`, or `unchanged` when the same content of the same source was the latest import; the evidence rows hold the original file (the first on NHI-01-E1, or NHI-11-E2 for scanners). */
export const nhiImportResultSchema = z.object({
  status: z.enum(['imported', 'unchanged']),
  importId: z.string(),
  kind: z.string(),
  scope: nullableString,
  fileName: nullableString,
  sha256: nullableString,
  exportedAt: nullableString,
  effectiveOn: z.string(),
  complete: z.boolean(),
  evidenceIds: z.array(z.string()),
  counts: nhiImportCountsSchema,
});
/** What an import did: `imported`, or `unchanged` when the same content of the same source was the latest import; the evidence rows hold the original file. */
export type NhiImportResult = z.infer<typeof nhiImportResultSchema>;

/** One import run as the history lists it. */
export const nhiImportViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  scope: nullableString,
  source: z.string(),
  fileName: nullableString,
  sha256: nullableString,
  size: z.number().nullable(),
  evidenceId: nullableString,
  exportedAt: nullableString,
  effectiveOn: z.string(),
  complete: z.boolean(),
  counts: nhiImportCountsSchema,
  startedAt: z.string(),
  finishedAt: z.string(),
  actor: z.string(),
});
/** One import run as the history lists it. */
export type NhiImportView = z.infer<typeof nhiImportViewSchema>;

/** What re-running the rules changed. */
export const nhiRefreshSchema = z.object({
  findingsOpened: z.number(),
  findingsResolved: z.number(),
  findingsUpdated: z.number(),
});

/** What an owner assignment did (matched: named or matching; changed: whose owner changed). */
export const nhiAssignResultSchema = z.object({
  owner: z.object({ personId: z.string(), email: z.string() }),
  matched: z.number(),
  changed: z.number(),
  nhiIds: z.array(z.string()),
  refresh: nhiRefreshSchema.extend({
    ownersChanged: z.number(),
    leaksChanged: z.number(),
    linksChanged: z.number(),
  }),
});
/** What an owner assignment did. */
export type NhiAssignResult = z.infer<typeof nhiAssignResultSchema>;

/** What a review did. */
export const nhiReviewResultSchema = z.object({
  nhiIds: z.array(z.string()),
  reviewed: z.number(),
  at: z.string(),
  note: nullableString,
  refresh: nhiRefreshSchema,
});
/** What a review did. */
export type NhiReviewResult = z.infer<typeof nhiReviewResultSchema>;

/** The organization's threshold overrides and the values in force. */
export const nhiThresholdsViewSchema = z.object({
  overrides: z.record(z.string(), z.number()),
  effective: z.object({
    unusedDays: z.number(),
    rotationDays: z.number(),
    maxTokenLifetimeDays: z.number(),
    thirdPartyReviewDays: z.number(),
    maxActiveKeysPerUser: z.number(),
  }),
});
/** The organization's threshold overrides and the values in force. */
export type NhiThresholdsView = z.infer<typeof nhiThresholdsViewSchema>;

const threshold = z.number().int();

/** The threshold overrides a PUT replaces (each an integer; bounds checked by the service). */
export const nhiThresholdsBodySchema = z
  .object({
    unusedDays: threshold.optional(),
    rotationDays: threshold.optional(),
    maxTokenLifetimeDays: threshold.optional(),
    thirdPartyReviewDays: threshold.optional(),
    maxActiveKeysPerUser: threshold.optional(),
  })
  .strict();

/** A fresh set of zero counts. */
export function zeroCounts(): NhiImportCounts {
  return {
    records: 0,
    identities: 0,
    leaks: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    offboarded: 0,
    events: 0,
    leaksNew: 0,
    findingsOpened: 0,
    findingsResolved: 0,
    findingsUpdated: 0,
  };
}

/** Progress of a running import: which phase, and how many bytes of the file it has read. */
export interface NhiImportProgress {
  phase: 'storing' | 'parsing' | 'writing';
  bytes: number;
  totalBytes: number | null;
  records: number;
}
