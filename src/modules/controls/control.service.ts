import type { Readable, Writable } from 'node:stream';
import { STARTER_CONTROLS } from '../../catalogs/starter-controls/index.js';
import type { Actor } from '../../core/ledger/chain.js';
import { FRAMEWORK_IDS } from '../../core/vocabulary.js';
import type { CsvDelimiter } from '../../importers/csv/read-csv.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { isForeignKeyViolation } from '../../platform/db/errors.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { diff, type Write, write } from '../../platform/ledger/ledger.js';
import { criterionCodes } from '../frameworks/framework.repository.js';
import { listPeople } from '../people/person.repository.js';
import { emailSchema, parseEmail } from '../people/person.schema.js';
import {
  type Control,
  type ControlDetail,
  type ControlFilter,
  deleteRequirements,
  type EvidenceRequirement,
  insertControls,
  insertRequirements,
  listControlDetails,
  replaceMappings,
  requirementOwners,
  requirementsWithEvidence,
  updateControl,
  updateRequirement,
} from './control.repository.js';
import type { ControlMatrixRow, Mappings } from './control.schema.js';
import {
  controlMatrixToCsv,
  controlMatrixToJson,
  FRAMEWORK_COLUMN,
  type LocatedRow,
  readControlMatrixCsv,
  readControlMatrixXlsx,
  resolveMatrixPatch,
  toMatrixRow,
  writeControlMatrixXlsx,
} from './control-matrix.js';

/** What applying a control matrix did. */
export interface MatrixApplyResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

function sameMappings(a: Mappings, b: Mappings): boolean {
  return FRAMEWORK_IDS.every((id) => {
    const x = [...a[id]].sort();
    const y = [...b[id]].sort();
    return x.length === y.length && x.every((v, i) => v === y[i]);
  });
}

/** Refusing to remove a requirement: the error of the row's place, as a 409 naming control and requirement. */
function requirementInUse(
  fail: LocatedRow['fail'],
  control: string,
  requirement: string,
  reason: string,
): AppError {
  const located = fail('evidence_requirements', `control ${control}: requirement ${requirement} ${reason}`);
  const details = typeof located.details === 'object' && located.details !== null ? located.details : {};
  return new AppError('conflict', located.message, { ...details, control, requirement });
}

/**
 * Creates or updates controls from portable rows, inside the caller's write:
 * owners by e-mail, mappings replaced by the row's set, requirements upserted
 * by code (and those no longer listed removed). Every row is checked against
 * the roster, the catalogs and the other rows before the first write, so a
 * bad row leaves nothing half-written. Unchanged rows write nothing at all.
 * A requirement that has evidence is never removed: the whole apply is
 * refused (409) naming the control and the requirement. `current` is the
 * organization's controls when the caller has just read them.
 */
export async function applyControlMatrix(
  w: Write,
  orgId: string,
  rows: LocatedRow[],
  current?: ControlDetail[],
): Promise<MatrixApplyResult> {
  const existing = new Map((current ?? (await listControlDetails(w.tx, orgId))).map((c) => [c.code, c]));
  const people = new Map((await listPeople(w.tx, orgId)).map((p) => [p.email, p]));
  const catalog = await criterionCodes(w.tx);
  const reqOwner = await requirementOwners(w.tx, orgId);

  // Validation pass: nothing is written until every row is known to be good.
  const seenCodes = new Map<string, LocatedRow>();
  const seenReqs = new Map<string, string>();
  for (const located of rows) {
    const { row, fail } = located;
    if (seenCodes.has(row.code)) throw fail('code', `control ${row.code} appears twice in this import`);
    seenCodes.set(row.code, located);
    for (const [column, email] of [
      ['owner_email', row.ownerEmail],
      ['backup_owner_email', row.backupOwnerEmail],
    ] as const) {
      if (email && !people.has(email)) {
        throw fail(column, `no person with e-mail ${email} in the roster (import the roster first)`);
      }
    }
    for (const id of FRAMEWORK_IDS) {
      const known = catalog.get(id);
      const unknown = row.mappings[id].find((code) => !known?.has(code));
      if (unknown !== undefined) throw fail(FRAMEWORK_COLUMN[id], `unknown ${id} criterion "${unknown}"`);
    }
    const current = existing.get(row.code);
    for (const r of row.requirements) {
      const otherRow = seenReqs.get(r.code);
      if (otherRow !== undefined) {
        throw fail(
          'evidence_requirements',
          `requirement ${r.code} is already listed for control ${otherRow}`,
        );
      }
      seenReqs.set(r.code, row.code);
      const ownerId = reqOwner.get(r.code);
      if (ownerId !== undefined && ownerId !== current?.id) {
        const other = [...existing.values()].find((c) => c.id === ownerId);
        throw fail(
          'evidence_requirements',
          `requirement ${r.code} belongs to control ${other?.code ?? ownerId}`,
        );
      }
    }
  }
  // Evidence is never orphaned: removing a requirement that has some refuses the whole apply.
  const removals = rows.flatMap((located) => {
    const control = existing.get(located.row.code);
    const kept = new Set(located.row.requirements.map((r) => r.code));
    return (control?.requirements ?? [])
      .filter((r) => !kept.has(r.code))
      .map((r) => ({ located, control: control!, requirement: r }));
  });
  const inUse = await requirementsWithEvidence(
    w.tx,
    orgId,
    removals.map((r) => r.requirement.id),
  );
  const blocked = removals.find((r) => inUse.has(r.requirement.id));
  if (blocked) {
    const count = inUse.get(blocked.requirement.id)!;
    throw requirementInUse(
      blocked.located.fail,
      blocked.control.code,
      blocked.requirement.code,
      `has ${count} piece${count === 1 ? '' : 's'} of evidence and cannot be removed; keep it in the evidence_requirements cell (a control that no longer applies can be marked not-applicable instead)`,
    );
  }

  const now = nowIso();
  const newControls: Control[] = [];
  const newRequirements: EvidenceRequirement[] = [];
  const newMappings: { id: string; mappings: Mappings }[] = [];
  let updated = 0;
  for (const { row } of rows) {
    const current = existing.get(row.code);
    const fields = {
      title: row.title,
      description: row.description,
      status: row.status,
      naJustification: row.naJustification,
      ownerId: row.ownerEmail ? people.get(row.ownerEmail)!.id : null,
      backupOwnerId: row.backupOwnerEmail ? people.get(row.backupOwnerEmail)!.id : null,
      sourceOfTruth: row.sourceOfTruth,
      cadence: row.cadence,
      suggestedOwnerRole: row.suggestedOwnerRole,
    };
    if (!current) {
      const control: Control = {
        id: newId(),
        orgId,
        code: row.code,
        ...fields,
        createdAt: now,
        updatedAt: now,
      };
      newControls.push(control);
      newMappings.push({ id: control.id, mappings: row.mappings });
      for (const r of row.requirements) {
        newRequirements.push({
          ...r,
          id: newId(),
          orgId,
          controlId: control.id,
          createdAt: now,
          updatedAt: now,
        });
      }
      w.record({ action: 'create', recordType: 'control', recordId: control.id, change: row });
      continue;
    }
    const change: Record<string, unknown> = diff(current, fields);
    if (Object.keys(change).length > 0) await updateControl(w.tx, { ...current, ...fields, updatedAt: now });
    if (!sameMappings(current.mappings, row.mappings)) {
      await replaceMappings(w.tx, orgId, current.id, row.mappings);
      change.mappings = [current.mappings, row.mappings];
    }
    const currentReqs = new Map(current.requirements.map((r) => [r.code, r]));
    const requirementChanges: Record<string, unknown> = {};
    for (const r of row.requirements) {
      const before = currentReqs.get(r.code);
      currentReqs.delete(r.code);
      if (!before) {
        newRequirements.push({
          ...r,
          id: newId(),
          orgId,
          controlId: current.id,
          createdAt: now,
          updatedAt: now,
        });
        requirementChanges[r.code] = [null, r];
        continue;
      }
      const d = diff(before, r);
      if (Object.keys(d).length > 0) {
        await updateRequirement(w.tx, { ...before, ...r, updatedAt: now });
        requirementChanges[r.code] = d;
      }
    }
    const removed = [...currentReqs.values()];
    try {
      await deleteRequirements(
        w.tx,
        orgId,
        removed.map((r) => r.id),
      );
    } catch (err) {
      // Another record than evidence (added later) refers to it: still a refusal naming the requirement.
      if (!isForeignKeyViolation(err)) throw err;
      const located = rows.find((l) => l.row.code === row.code)!;
      throw requirementInUse(
        located.fail,
        row.code,
        removed.map((r) => r.code).join(', '),
        `${removed.length === 1 ? 'is' : 'are'} referred to by other records and cannot be removed`,
      );
    }
    for (const r of removed) requirementChanges[r.code] = [r.code, null];
    if (Object.keys(requirementChanges).length > 0) change.requirements = requirementChanges;
    if (Object.keys(change).length > 0) {
      w.record({ action: 'update', recordType: 'control', recordId: current.id, change });
      updated++;
    }
  }
  await insertControls(w.tx, newControls);
  for (const m of newMappings) await replaceMappings(w.tx, orgId, m.id, m.mappings);
  await insertRequirements(w.tx, newRequirements);
  return {
    rows: rows.length,
    created: newControls.length,
    updated,
    unchanged: rows.length - newControls.length - updated,
  };
}

/** The starter library as portable rows (no owners yet, status draft). */
export function starterMatrixRows(): ControlMatrixRow[] {
  return STARTER_CONTROLS.map((s) => ({
    code: s.code,
    title: s.title,
    description: s.description,
    status: 'draft',
    naJustification: null,
    ownerEmail: null,
    backupOwnerEmail: null,
    sourceOfTruth: s.sourceOfTruth,
    cadence: s.cadence,
    suggestedOwnerRole: s.ownerRole,
    requirements: s.requirements.map((r) => ({ ...r })),
    mappings: Object.fromEntries(FRAMEWORK_IDS.map((id) => [id, [...s.mappings[id]]])) as Mappings,
  }));
}

/** Adds the starter control library to an organization (controls it already has, by code, are left alone). */
export async function installStarterLibrary(w: Write, orgId: string): Promise<MatrixApplyResult> {
  const have = new Set((await listControlDetails(w.tx, orgId)).map((c) => c.code));
  const rows = starterMatrixRows()
    .filter((r) => !have.has(r.code))
    .map((row) => ({
      row,
      fail: (column: string | null, reason: string) =>
        new AppError('internal', `starter control ${row.code}${column ? ` ${column}` : ''}: ${reason}`),
    }));
  return applyControlMatrix(w, orgId, rows);
}

/**
 * Imports a control matrix CSV or XLSX (`format`, CSV by default), all or
 * nothing. Only the file's columns change: each row is laid over the
 * control it names (`resolveMatrixPatch`). Both formats share the row rules
 * and this one apply; only the reader differs.
 */
export async function importControlMatrix(
  database: Database,
  actor: Actor,
  orgId: string,
  source: { file: string; input?: Readable; delimiter?: CsvDelimiter; format?: 'csv' | 'xlsx' },
): Promise<MatrixApplyResult> {
  const patches =
    source.format === 'xlsx' ? await readControlMatrixXlsx(source) : await readControlMatrixCsv(source);
  return write(database, { actor, orgId }, async (w) => {
    const controls = await listControlDetails(w.tx, orgId);
    const byCode = new Map(controls.map((c) => [c.code, c]));
    const seen = new Set<string>();
    const rows = patches.map((patch) => {
      if (seen.has(patch.code))
        throw patch.fail('code', `control ${patch.code} appears twice in this import`);
      seen.add(patch.code);
      const control = byCode.get(patch.code);
      return resolveMatrixPatch(patch, control && toMatrixRow(control));
    });
    const result = await applyControlMatrix(w, orgId, rows, controls);
    if (result.created + result.updated > 0) {
      w.record({ action: 'import', recordType: 'control-matrix', recordId: source.file, change: result });
    }
    return result;
  });
}

/** The control matrix of an organization as CSV or JSON text. */
export async function exportControlMatrix(
  database: Database,
  orgId: string,
  format: 'csv' | 'json',
): Promise<string> {
  const rows = (await listControlDetails(database.db, orgId)).map(toMatrixRow);
  return format === 'csv' ? controlMatrixToCsv(rows) : controlMatrixToJson(rows);
}

/** The control matrix of an organization as an XLSX workbook written to `output` (streamed row by row). */
export async function exportControlMatrixXlsx(
  database: Database,
  orgId: string,
  output: Writable,
): Promise<void> {
  const controls = await listControlDetails(database.db, orgId);
  await writeControlMatrixXlsx(
    output,
    (function* () {
      for (const c of controls) yield toMatrixRow(c);
    })(),
  );
}

/**
 * Controls with their details, optionally filtered by owner e-mail, to the unowned ones, or to those that
 * need an owner (none, or a departed one).
 */
export async function findControls(
  database: Database,
  orgId: string,
  options: { ownerEmail?: string; unowned?: boolean; needsOwner?: boolean } = {},
): Promise<ControlDetail[]> {
  const filter: ControlFilter = {};
  if (options.unowned) filter.unowned = true;
  if (options.needsOwner) filter.needsOwner = true;
  if (options.ownerEmail) {
    const email = parseEmail(options.ownerEmail, 'owner');
    const person = (await listPeople(database.db, orgId)).find((p) => p.email === email);
    if (!person) throw notFound('person', email);
    filter.ownerId = person.id;
  }
  return listControlDetails(database.db, orgId, filter);
}

/** One control with its details, by code. */
export async function getControl(database: Database, orgId: string, code: string): Promise<ControlDetail> {
  const [control] = await listControlDetails(database.db, orgId, { codes: [code] });
  if (!control) throw notFound('control', code);
  return control;
}

/** Sets a control's owner (and optionally backup owner) by e-mail. */
export async function assignControlOwner(
  database: Database,
  actor: Actor,
  orgId: string,
  input: { code: string; ownerEmail: string; backupEmail?: string | null },
): Promise<ControlDetail> {
  await write(database, { actor, orgId }, async (w) => {
    const [control] = await listControlDetails(w.tx, orgId, { codes: [input.code] });
    if (!control) throw notFound('control', input.code);
    const people = new Map((await listPeople(w.tx, orgId)).map((p) => [p.email, p]));
    const resolve = (raw: string) => {
      const parsed = emailSchema.safeParse(raw);
      if (!parsed.success) throw new AppError('invalid_input', `${raw} is not a valid e-mail address`);
      const person = people.get(parsed.data);
      if (!person) throw new AppError('not_found', `no person with e-mail ${parsed.data} in the roster`);
      if (person.status !== 'active') {
        throw new AppError(
          'invalid_input',
          `${person.email} has departed (${person.departedOn}); choose an active person`,
        );
      }
      return person.id;
    };
    const fields: Partial<Control> = { ownerId: resolve(input.ownerEmail) };
    if (input.backupEmail !== undefined)
      fields.backupOwnerId = input.backupEmail ? resolve(input.backupEmail) : null;
    if (fields.ownerId && fields.ownerId === (fields.backupOwnerId ?? control.backupOwnerId)) {
      throw new AppError('invalid_input', 'the owner and the backup owner must be different people');
    }
    const change = diff(control, fields);
    if (Object.keys(change).length === 0) return;
    await updateControl(w.tx, { ...control, ...fields, updatedAt: nowIso() });
    w.record({ action: 'assign', recordType: 'control', recordId: control.id, change });
  });
  return getControl(database, orgId, input.code);
}
