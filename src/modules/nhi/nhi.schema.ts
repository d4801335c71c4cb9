/**
 * Inputs (zod) and outputs of the NHI inventory: imports, the inventory list
 * and one identity's page, owner assignment, rule findings and thresholds.
 */
import { z } from 'zod';
import type { CisRef, NhiSeverity, NhiStatus } from '../../core/nhi/index.js';
import { NHI_IMPORT_KINDS, type NhiImportKindName } from '../../importers/nhi/index.js';
import { emailSchema } from '../people/person.schema.js';

/** The import kinds, for validation. */
export const NHI_IMPORT_KIND_NAMES = Object.keys(NHI_IMPORT_KINDS) as [
  NhiImportKindName,
  ...NhiImportKindName[],
];

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
    message: 'name exactly one identity id, a list of ids, or one --match pattern',
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

/** What a review did. */
export interface NhiReviewResult {
  /** The identities that got a `reviewed` event. */
  nhiIds: string[];
  reviewed: number;
  at: string;
  note: string | null;
  refresh: { findingsOpened: number; findingsResolved: number; findingsUpdated: number };
}

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

/** An identity named from another one's page (parent, children). */
export interface NhiRef {
  id: string;
  kind: string;
  name: string;
  externalId: string;
  status: string;
}

/** One import run as the history lists it. */
export interface NhiImportView {
  id: string;
  kind: string;
  scope: string | null;
  source: string;
  fileName: string | null;
  sha256: string | null;
  size: number | null;
  evidenceId: string | null;
  exportedAt: string | null;
  effectiveOn: string;
  complete: boolean;
  counts: NhiImportCounts;
  startedAt: string;
  finishedAt: string;
  actor: string;
}

/** One identity as the inventory shows it. */
export interface NhiRecord {
  id: string;
  provider: string;
  kind: string;
  externalId: string;
  name: string;
  parentExternalId: string | null;
  owner: { personId: string; email: string; name: string; status: string; source: string } | null;
  ownerHint: string | null;
  ownerHintSource: string | null;
  purpose: string | null;
  environment: string | null;
  privilegeSummary: string | null;
  privileged: boolean;
  authMethod: string;
  createdAt: string | null;
  lastUsedAt: string | null;
  lastRotatedAt: string | null;
  expiresAt: string | null;
  rotationPolicyDays: number | null;
  status: NhiStatus;
  firstSeenImportId: string | null;
  lastSeenImportId: string | null;
  attributes: Record<string, unknown>;
  /** Rules with an open finding on it. */
  openFindings: string[];
  recordedAt: string;
  updatedAt: string;
}

/** A rule finding on an identity, with its NHI Top 10, CIS and SOC 2 tags. */
export interface NhiFindingView {
  findingId: string;
  rule: string;
  /** The rule's plain description (`Credential not rotated within policy`). */
  ruleTitle: string;
  title: string;
  message: string | null;
  severity: NhiSeverity;
  openedOn: string;
  resolvedOn: string | null;
  resolution: string | null;
  nhi: { id: string; name: string; kind: string; provider: string; externalId: string };
  owasp: string[];
  cis: CisRef[];
  soc2: string[];
  controls: string[];
  evidence: Record<string, unknown>;
}

/** One lifecycle event. */
export interface NhiEventView {
  id: string;
  type: string;
  at: string;
  importId: string | null;
  /** The source (`kind` or `kind:scope`) and file of the import that revealed it; null for a person's event. */
  source: string | null;
  fileName: string | null;
  details: Record<string, unknown>;
}

/** One secret-scanner leak of an identity. */
export interface NhiLeakView {
  id: string;
  scanner: string;
  fingerprint: string;
  rule: string;
  status: string;
  linkVia: string | null;
  leakedAt: string | null;
  verified: boolean | null;
  location: Record<string, unknown>;
  redacted: string | null;
}

/** One identity with its history, findings, leaks, workload links and sources. */
export interface NhiDetail extends NhiRecord {
  /** The identity it belongs to (a key's user), when the inventory has it. */
  parent: NhiRef | null;
  /** Its keys, tokens and secrets, deleted ones included. */
  children: NhiRef[];
  events: NhiEventView[];
  findings: NhiFindingView[];
  leaks: NhiLeakView[];
  workloadLinks: { provider: string; annotation: string; reference: string; targetId: string | null }[];
  sources: { source: string; importId: string; observedAt: string; status: string }[];
}

/** What an import did. */
export interface NhiImportResult {
  /** `imported`, or `unchanged` when the same content of the same source was the latest import. */
  status: 'imported' | 'unchanged';
  importId: string;
  kind: string;
  scope: string | null;
  fileName: string | null;
  sha256: string | null;
  exportedAt: string | null;
  effectiveOn: string;
  complete: boolean;
  /** Evidence rows holding the original file (the first on NHI-01-E1, or NHI-11-E2 for scanners). */
  evidenceIds: string[];
  counts: NhiImportCounts;
}

/** Counts of one import. */
export interface NhiImportCounts {
  records: number;
  identities: number;
  leaks: number;
  created: number;
  updated: number;
  unchanged: number;
  offboarded: number;
  events: number;
  leaksNew: number;
  findingsOpened: number;
  findingsResolved: number;
  findingsUpdated: number;
}

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
