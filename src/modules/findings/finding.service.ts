import { inputDateProblem } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import { listControls } from '../controls/control.repository.js';
import { criterionCodes } from '../frameworks/framework.repository.js';
import { findPersonByEmail } from '../people/person.repository.js';
import {
  type FindingFilter,
  insertFindings,
  listFindings,
  resolveFindingRow,
  updateFindingRow,
} from './finding.repository.js';
import { findingInputSchema, findingTriageSchema, type StoredFinding } from './finding.schema.js';

/** Raises a finding on controls and criteria. */
export async function addFinding(
  database: Database,
  actor: Actor,
  orgId: string,
  input: unknown,
): Promise<StoredFinding> {
  const parsed = findingInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(
      'invalid_input',
      `${issue.path.join('.') || 'finding'}: ${issue.message}`,
      parsed.error.issues,
    );
  }
  const f = parsed.data;
  const controls = await listControls(database.db, orgId, { codes: f.controlCodes });
  const missing = f.controlCodes.find((code) => !controls.some((c) => c.code === code));
  if (missing) throw notFound('control', missing);
  const catalog = await criterionCodes(database.db);
  const unknown = f.criteria.find((c) => !catalog.get(c.frameworkId)?.has(c.code));
  if (unknown)
    throw new AppError('invalid_input', `unknown ${unknown.frameworkId} criterion "${unknown.code}"`);
  let ownerId: string | null = null;
  if (f.ownerEmail) {
    const owner = await findPersonByEmail(database.db, orgId, f.ownerEmail);
    if (!owner) throw new AppError('not_found', `no person with e-mail ${f.ownerEmail} in the roster`);
    ownerId = owner.id;
  }
  const now = nowIso();
  const id = newId();
  const row = {
    id,
    org_id: orgId,
    title: f.title,
    description: f.description,
    severity: f.severity,
    source: f.source,
    owner_id: ownerId,
    due_on: f.dueOn,
    opened_on: f.openedOn,
    resolved_on: null,
    resolution: null,
    created_at: now,
    updated_at: now,
  };
  await write(database, { actor, orgId }, async (w) => {
    await insertFindings(w.tx, [{ row, controlIds: controls.map((c) => c.id), criteria: f.criteria }]);
    w.record({
      action: 'create',
      recordType: 'finding',
      recordId: id,
      change: { ...row, controls: f.controlCodes, criteria: f.criteria },
    });
  });
  return getFinding(database, orgId, id);
}

/** Resolves an open finding on a date, with what was done. */
export async function resolveFinding(
  database: Database,
  actor: Actor,
  orgId: string,
  input: { id: string; resolvedOn: string; resolution?: string | null },
): Promise<StoredFinding> {
  const resolvedOnProblem = inputDateProblem(input.resolvedOn);
  if (resolvedOnProblem) throw new AppError('invalid_input', `resolvedOn: ${resolvedOnProblem}`);
  const current = await getFinding(database, orgId, input.id);
  if (current.resolvedOn) throw new AppError('conflict', `finding ${current.id} is already resolved`);
  if (input.resolvedOn < current.openedOn)
    throw new AppError('invalid_input', 'a finding cannot be resolved before it was opened');
  await write(database, { actor, orgId }, async (w) => {
    const fields = {
      resolved_on: input.resolvedOn,
      resolution: input.resolution ?? null,
      updated_at: nowIso(),
    };
    await resolveFindingRow(w.tx, orgId, current.id, fields);
    w.record({ action: 'resolve', recordType: 'finding', recordId: current.id, change: fields });
  });
  return getFinding(database, orgId, current.id);
}

/** Every finding of an organization (or of one control), open first. */
export async function getFindings(
  database: Database,
  orgId: string,
  filter: FindingFilter = {},
): Promise<StoredFinding[]> {
  return listFindings(database.db, orgId, filter);
}

/** One finding by id or unique prefix. */
export async function getFinding(
  database: Database,
  orgId: string,
  idOrPrefix: string,
): Promise<StoredFinding> {
  const matches = (await listFindings(database.db, orgId)).filter(
    (f) => f.id === idOrPrefix || (idOrPrefix.length >= 4 && f.id.startsWith(idOrPrefix)),
  );
  if (matches.length === 0) throw notFound('finding', idOrPrefix);
  if (matches.length > 1) throw new AppError('invalid_input', `finding id ${idOrPrefix} is ambiguous`);
  return matches[0]!;
}

/**
 * Bulk triage: gives several open findings the same owner, severity and/or due date in one transaction,
 * all or none (an unknown or resolved finding, or an owner not in the roster as active, refuses the whole
 * request, naming the field). Each finding that actually changes gets its own ledger entry with the
 * fields that changed; one already so is left alone. Returns the findings after the change.
 */
export async function triageFindings(
  database: Database,
  actor: Actor,
  orgId: string,
  input: unknown,
): Promise<{ changed: number; findings: StoredFinding[] }> {
  const parsed = findingTriageSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'triage';
    throw new AppError('invalid_input', `${field}: ${issue.message}`, { field });
  }
  const t = parsed.data;
  let ownerId: string | null | undefined;
  if (t.ownerEmail === null) ownerId = null;
  else if (t.ownerEmail !== undefined) {
    const owner = await findPersonByEmail(database.db, orgId, t.ownerEmail);
    if (!owner)
      throw new AppError('not_found', `no person with e-mail ${t.ownerEmail} in the roster`, {
        field: 'ownerEmail',
      });
    if (owner.status !== 'active')
      throw new AppError('invalid_input', `ownerEmail: ${t.ownerEmail} is ${owner.status}, not active`, {
        field: 'ownerEmail',
      });
    ownerId = owner.id;
  }
  const changed = await write(database, { actor, orgId }, async (w) => {
    // Read inside the transaction: what is checked is what is changed.
    const byId = new Map((await listFindings(w.tx, orgId)).map((f) => [f.id, f]));
    const targets = t.ids.map((id, index) => {
      const finding = byId.get(id);
      if (!finding) throw new AppError('not_found', `no finding ${id}`, { field: `ids.${index}` });
      if (finding.resolvedOn)
        throw new AppError('conflict', `finding ${id} is already resolved`, { field: `ids.${index}` });
      return finding;
    });
    const now = nowIso();
    let count = 0;
    for (const f of targets) {
      const fields: {
        severity?: StoredFinding['severity'];
        due_on?: string | null;
        owner_id?: string | null;
      } = {};
      if (t.severity !== undefined && t.severity !== f.severity) fields.severity = t.severity;
      if (t.dueOn !== undefined && t.dueOn !== f.dueOn) fields.due_on = t.dueOn;
      if (ownerId !== undefined && ownerId !== f.ownerId) fields.owner_id = ownerId;
      if (Object.keys(fields).length === 0) continue;
      await updateFindingRow(w.tx, orgId, f.id, { ...fields, updated_at: now });
      w.record({
        action: 'update',
        recordType: 'finding',
        recordId: f.id,
        change: {
          ...fields,
          ...(fields.owner_id !== undefined ? { ownerEmail: t.ownerEmail } : {}),
          updated_at: now,
        },
      });
      count++;
    }
    return count;
  });
  const after = new Map((await listFindings(database.db, orgId)).map((f) => [f.id, f]));
  return { changed, findings: t.ids.map((id) => after.get(id)!) };
}
