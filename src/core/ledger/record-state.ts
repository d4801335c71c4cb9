/**
 * What the activity log says about the records that matter for security
 * (SPEC §8): evidence and its SHA-256, review decisions, memberships and
 * roles, exception approvals, API tokens. `deriveRecord` folds a record's
 * entries, in log order, into the fields the log vouches for;
 * `compareRecord` names every field where the stored row says otherwise.
 *
 * The fold reads the shapes services already write, by record type, so a
 * new action with the same shape needs no change here: a change object sets
 * each of its members (`{ field: [before, after] }` sets `after`), keys are
 * compared in camelCase whatever case the entry used, and a field the log
 * never recorded is not compared (docs/decisions/0010 lists which older
 * entries cannot prove what).
 */

/** The record kinds whose current rows are compared with the log. */
export const TRACKED_KINDS = ['evidence', 'review', 'membership', 'exception', 'api-token'] as const;
/** One tracked kind. */
export type TrackedKind = (typeof TRACKED_KINDS)[number];

/** The ledger record types the tracked kinds are read from. */
export const TRACKED_RECORD_TYPES = ['evidence', 'membership', 'exception', 'api-token'] as const;

/** Actions after which a record no longer exists. */
const REMOVING_ACTIONS = new Set(['delete', 'remove']);

/** The fields compared per kind (camelCase), when the log recorded them. */
export const COMPARED_FIELDS: Record<TrackedKind, readonly string[]> = {
  evidence: [
    'orgId',
    'controlId',
    'requirementId',
    'kind',
    'sha256',
    'size',
    'fileName',
    'mediaType',
    'url',
    'description',
    'effectiveStart',
    'effectiveEnd',
    'collectedAt',
    'sourceType',
    'collectorType',
    'collectorId',
    'collectorLabel',
    'supersedesId',
  ],
  review: ['orgId', 'decision', 'reason', 'reviewerType', 'reviewerId', 'reviewerLabel', 'reviewedAt'],
  membership: ['orgId', 'userId', 'userEmail', 'role', 'personId', 'engagementId', 'status'],
  exception: [
    'orgId',
    'controlId',
    'summary',
    'reason',
    'compensatingControl',
    'riskRating',
    'approverId',
    'approverEmail',
    'approvedOn',
    'expiresOn',
    'closedOn',
    'reviewCadence',
  ],
  'api-token': [
    'orgId',
    'name',
    'prefix',
    'tokenHash',
    'role',
    'ownerPersonId',
    'expiresAt',
    'revoked',
    'revokedAt',
  ],
};

/** The words a report uses for each kind. */
export const KIND_LABELS: Record<TrackedKind, string> = {
  evidence: 'evidence',
  review: 'evidence review',
  membership: 'membership',
  exception: 'exception',
  'api-token': 'API token',
};

/** The tracked kind of a ledger entry, or null when its record is not one the comparison covers. */
export function trackedKindOf(recordType: string, action: string): TrackedKind | null {
  switch (recordType) {
    case 'evidence':
      return action === 'accept' || action === 'reject' ? 'review' : 'evidence';
    case 'membership':
    case 'exception':
    case 'api-token':
      return recordType;
    default:
      return null;
  }
}

/** One ledger entry as the fold needs it. */
export interface RecordEntry {
  action: string;
  /** The entry's organization (null on the installation chain). */
  orgId: string | null;
  change: unknown;
}

/** A record as the log describes it: whether it exists, and the fields the log recorded. */
export interface DerivedRecord {
  exists: boolean;
  fields: Record<string, unknown>;
}

/** `approver_id` → `approverId`. */
export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Keys of a row in camelCase. */
export function camelRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[camelCase(k)] = v;
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Folds one record's entries, oldest first, into what the log says about it.
 * Besides the generic members, a few facts follow from the action itself
 * (and from older entries that recorded less): documented next to each.
 */
export function deriveRecord(kind: TrackedKind, entries: readonly RecordEntry[]): DerivedRecord {
  const fields: Record<string, unknown> = {};
  let exists = false;
  for (const entry of entries) {
    if (REMOVING_ACTIONS.has(entry.action)) {
      exists = false;
      continue;
    }
    exists = true;
    const change = isPlainObject(entry.change) ? entry.change : {};
    const set: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(change)) {
      set[camelCase(key)] = Array.isArray(value) && value.length === 2 ? value[1] : value;
    }
    // The entry's own organization, unless the change names one (installation-chain membership grants do).
    if (entry.orgId !== null && fields.orgId === undefined && set.orgId === undefined)
      fields.orgId = entry.orgId;
    switch (kind) {
      case 'evidence':
        // The review row of evidence has its own key; `id` is the record id itself.
        delete set.id;
        break;
      case 'review':
        delete set.evidenceId;
        break;
      case 'membership':
        // Members are recorded by e-mail (`email`); grants and re-enablings make the membership active.
        if (set.email !== undefined) {
          set.userEmail = set.email;
          delete set.email;
        }
        if ((entry.action === 'create' || entry.action === 'enable') && set.status === undefined)
          set.status = 'active';
        break;
      case 'exception':
        delete set.id;
        // Older approvals named the approver by e-mail only: the id recorded at creation no longer holds.
        if (set.approver !== undefined) {
          set.approverEmail = set.approver;
          delete set.approver;
          if (set.approverId === undefined) delete fields.approverId;
        }
        break;
      case 'api-token':
        if (entry.action === 'revoke') set.revoked = true;
        if (entry.action === 'create') set.revoked = false;
        break;
    }
    Object.assign(fields, set);
  }
  return { exists, fields };
}

/** The current row's fields as the comparison reads them (camelCase; `revoked` derived for tokens). */
export function currentFields(kind: TrackedKind, row: Record<string, unknown>): Record<string, unknown> {
  const fields = camelRow(row);
  if (kind === 'api-token') fields.revoked = fields.revokedAt !== null && fields.revokedAt !== undefined;
  return fields;
}

function same(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  // Integer columns come back as strings from some drivers; the log keeps JSON numbers.
  return String(a) === String(b);
}

/** One difference between the log and the stored record. */
export interface RecordMismatch {
  kind: TrackedKind;
  id: string;
  /** `changed`: a field differs; `missing`: the log says it exists, the table has no row; `unlogged`: a row the log never recorded; `removed`: the log removed it, the row is still there. */
  problem: 'changed' | 'missing' | 'unlogged' | 'removed';
  field: string | null;
  logged: unknown;
  stored: unknown;
  message: string;
}

/** Fields whose values a report never repeats (a token's hash: harmless to invert, but no business of a reader). */
const UNSHOWN_FIELDS = new Set(['tokenHash']);

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/**
 * Compares what the log says about one record (its entries, possibly none)
 * with the stored row (possibly absent), naming every mismatch.
 */
export function compareRecord(
  kind: TrackedKind,
  id: string,
  derived: DerivedRecord | null,
  row: Record<string, unknown> | null,
): RecordMismatch[] {
  const label = `${KIND_LABELS[kind]} ${id}`;
  if (!derived || (!derived.exists && !row)) {
    if (!row) return [];
    return [
      {
        kind,
        id,
        problem: derived ? 'removed' : 'unlogged',
        field: null,
        logged: null,
        stored: null,
        message: derived
          ? `${label}: the activity log removed it, but the row is still stored`
          : `${label}: stored, but the activity log never recorded it (written around the log)`,
      },
    ];
  }
  if (!derived.exists) {
    return [
      {
        kind,
        id,
        problem: 'removed',
        field: null,
        logged: null,
        stored: null,
        message: `${label}: the activity log removed it, but the row is still stored`,
      },
    ];
  }
  if (!row) {
    return [
      {
        kind,
        id,
        problem: 'missing',
        field: null,
        logged: null,
        stored: null,
        message: `${label}: recorded in the activity log, but its row was deleted`,
      },
    ];
  }
  const stored = currentFields(kind, row);
  const out: RecordMismatch[] = [];
  for (const field of COMPARED_FIELDS[kind]) {
    if (!(field in derived.fields)) continue;
    const logged = derived.fields[field];
    if (same(logged, stored[field])) continue;
    const hidden = UNSHOWN_FIELDS.has(field);
    out.push({
      kind,
      id,
      problem: 'changed',
      field,
      logged: hidden ? null : logged,
      stored: hidden ? null : stored[field],
      message: hidden
        ? `${label}: ${field} differs from the one the activity log recorded`
        : `${label}: ${field} is ${show(stored[field])} but the activity log says ${show(logged)}`,
    });
  }
  return out;
}
