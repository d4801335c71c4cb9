import type { Actor } from '../../core/ledger/chain.js';
import type { ControlStatus } from '../../core/vocabulary.js';
import type { Database } from '../../platform/db/database.js';
import { isForeignKeyViolation } from '../../platform/db/errors.js';
import { AppError, notFound } from '../../platform/errors.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import { recordsVersions } from '../../platform/ledger/versions.js';
import { findPersonByEmail, listPeople } from '../people/person.repository.js';
import { getNextDueDates } from '../readiness/readiness.service.js';
import { cachedDerived } from '../readiness/readiness-cache.js';
import {
  type ControlCrosswalk,
  type ControlSummary,
  listControlDetails,
  listControls,
  listCrosswalks,
  type PersonRef,
  pageControls,
  removeControl,
} from './control.repository.js';
import {
  type ControlListItem,
  type ControlMatrixRow,
  emptyMappings,
  parseControlMatrixRow,
} from './control.schema.js';
import { applyControlMatrix } from './control.service.js';
import { toMatrixRow } from './control-matrix.js';

/** Filters of the control list. */
export interface ControlListFilter {
  ownerEmail?: string | undefined;
  unowned?: boolean | undefined;
  /** No owner, or a departed one. */
  needsOwner?: boolean | undefined;
  status?: ControlStatus | undefined;
  search?: string | undefined;
}

/**
 * Checks a portable control with the control-matrix schema and applies it
 * through `applyControlMatrix`, so a control edited by hand passes exactly
 * the validation of a matrix import (roster, catalogs, requirement codes).
 */
async function applyOne(w: Write, orgId: string, input: unknown): Promise<void> {
  const parsed = parseControlMatrixRow(input);
  if (!parsed.ok) {
    const path = parsed.issue.path.map(String).join('.');
    throw new AppError('invalid_input', `${path || 'control'}: ${parsed.issue.message}`, { path });
  }
  await applyControlMatrix(w, orgId, [
    { row: parsed.row, fail: (column, reason) => new AppError('invalid_input', reason, { column }) },
  ]);
}

async function currentRow(w: Write, orgId: string, code: string): Promise<ControlMatrixRow> {
  const [control] = await listControlDetails(w.tx, orgId, { codes: [code] });
  if (!control) throw notFound('control', code);
  return toMatrixRow(control);
}

/** Creates one control (its portable form: owners by e-mail, requirements, mappings). */
export async function createControl(database: Database, actor: Actor, orgId: string, input: unknown) {
  await write(database, { actor, orgId }, async (w) => {
    const code = (input as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && (await listControls(w.tx, orgId, { codes: [code.trim()] })).length > 0) {
      throw new AppError('conflict', `control ${code.trim()} already exists`);
    }
    await applyOne(w, orgId, input);
  });
}

/** Changes fields of one control: the current control with the patch applied, validated as a whole. */
export async function editControl(
  database: Database,
  actor: Actor,
  orgId: string,
  code: string,
  patch: Partial<Omit<ControlMatrixRow, 'code'>>,
): Promise<void> {
  await write(database, { actor, orgId }, async (w) => {
    const row = await currentRow(w, orgId, code);
    await applyOne(w, orgId, { ...row, ...patch, code: row.code });
  });
}

/** Deletes a control that nothing refers to yet (no evidence, exception or finding); otherwise 409. */
export async function deleteControl(database: Database, actor: Actor, orgId: string, code: string) {
  await write(database, { actor, orgId }, async (w) => {
    const [control] = await listControlDetails(w.tx, orgId, { codes: [code] });
    if (!control) throw notFound('control', code);
    try {
      await removeControl(w.tx, orgId, control.id);
    } catch (err) {
      if (!isForeignKeyViolation(err)) throw err;
      throw new AppError(
        'conflict',
        `control ${code} already has evidence or other records; mark it not-applicable instead of deleting it`,
      );
    }
    w.record({ action: 'delete', recordType: 'control', recordId: control.id, change: toMatrixRow(control) });
  });
}

/**
 * A control as the matrix lists it (the API's list item, field for field: the route sends it
 * without the response schema's pass); its shape is `controlListItemSchema`.
 */
export type { ControlListItem };

/** One page of controls with their owners, in code order (byte order, the same on both engines). */
export async function listControlsPage(
  database: Database,
  orgId: string,
  filter: ControlListFilter,
  page: { after?: string | undefined; limit: number },
): Promise<ControlListItem[]> {
  let ownerId: string | undefined;
  if (filter.ownerEmail) {
    const person = await findPersonByEmail(database.db, orgId, filter.ownerEmail);
    if (!person) return [];
    ownerId = person.id;
  }
  const controlFilter = {
    ...(ownerId ? { ownerId } : {}),
    ...(filter.unowned ? { unowned: true } : {}),
    ...(filter.needsOwner ? { needsOwner: true } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.search ? { search: filter.search } : {}),
  };
  const rows = await pageControls(database.db, database.dialect, orgId, controlFilter, page);
  if (rows.length === 0) return [];
  // Read after the page, so what the cache holds for this version is at least as new as the rows.
  const versions = await recordsVersions(database, orgId, LIST_CONTEXT_UNREAD_RECORD_TYPES);
  const [{ crosswalks, people }, nextDue] = await Promise.all([
    listContext(database, orgId, versions.apart),
    // Cached per records version; requests arriving while it is computed share the computation.
    getNextDueDates(database, orgId, { version: versions.all }),
  ]);
  const person = (id: string | null) => (id === null ? null : (people.get(id) ?? null));
  // One object literal per item: building items by spreading rows cost more than the page's query.
  return rows.map((r) => {
    const crosswalk = crosswalks.get(r.id) ?? NO_CROSSWALK;
    return {
      id: r.id,
      code: r.code,
      title: r.title,
      description: r.description,
      sourceOfTruth: r.sourceOfTruth,
      cadence: r.cadence,
      status: r.status,
      naJustification: r.naJustification,
      suggestedOwnerRole: r.suggestedOwnerRole,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      owner: person(r.ownerId),
      backupOwner: person(r.backupOwnerId),
      mappings: crosswalk.mappings,
      categories: crosswalk.categories,
      nextDue: nextDue.get(r.id) ?? null,
    };
  });
}

const NO_CROSSWALK: ControlCrosswalk = Object.freeze({ mappings: emptyMappings(), categories: [] });

/** What a list page adds to its controls, for the whole organization: crosswalks and owners. */
interface ListContext {
  crosswalks: Map<string, ControlCrosswalk>;
  people: Map<string, PersonRef>;
}

/**
 * The ledger's record types that change neither a crosswalk nor the roster:
 * evidence and its reviews (both recorded as `evidence`), the most frequent
 * writes of a busy organization.
 */
const LIST_CONTEXT_UNREAD_RECORD_TYPES: readonly string[] = ['evidence'];

/**
 * Every control's crosswalk and the roster as a list shows owners, read
 * once per version of the organization's records apart from evidence
 * (`recordsVersions(…).apart`: its ledger head, evidence entries aside, and
 * the installation's; every change of a mapping, a control, a person or a
 * catalog appends to one of them in the same transaction). A list page then
 * runs one query on the controls alone: reading its controls' mappings and
 * joining their owners cost twice the page itself. Shared between requests:
 * never mutate.
 */
async function listContext(database: Database, orgId: string, version: string): Promise<ListContext> {
  const key = `control-list|${orgId}|${version}`;
  return cachedDerived(database, key, async () => {
    const [crosswalks, roster] = await Promise.all([
      listCrosswalks(database.db, orgId),
      listPeople(database.db, orgId),
    ]);
    const people = new Map(
      roster.map((p) => [p.id, { id: p.id, email: p.email, name: p.name, status: p.status }]),
    );
    return { crosswalks, people };
  });
}

export type { ControlSummary };
