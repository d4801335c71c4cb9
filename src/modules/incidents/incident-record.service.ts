import { type IncidentStatus, incidentProblems } from '../../core/incidents/rules.js';
import type { Actor } from '../../core/ledger/chain.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type { IncidentFollowUpsTable, IncidentsTable } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { write } from '../../platform/ledger/ledger.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import {
  findIncidentRow,
  insertFollowUps,
  insertIncidents,
  insertTimelineEntry,
  listFollowUpRows,
  listIncidentRows,
  markFollowUpDone,
  updateIncidentRow,
} from './incident.repository.js';
import {
  type FollowUpView,
  followUpInputSchema,
  type IncidentView,
  incidentInputSchema,
  incidentUpdateSchema,
  timelineEntryInputSchema,
} from './incident.schema.js';
import {
  checkDate,
  followUpView,
  getIncident,
  invalid,
  parsed,
  personOf,
  rosterOf,
} from './incident.service.js';
import { afterWrite } from './incident-refresh.service.js';

/** The next free `INC-n` of an organization. */
function nextExternalId(rows: readonly IncidentsTable[]): string {
  const taken = new Set(rows.map((r) => r.external_id));
  let n = rows.reduce((max, r) => {
    const m = /^INC-(\d+)$/.exec(r.external_id);
    return m ? Math.max(max, Number(m[1])) : max;
  }, 0);
  do n += 1;
  while (taken.has(`INC-${n}`));
  return `INC-${n}`;
}

function checkConsistent(i: {
  status: string;
  detected_at: string;
  contained_at: string | null;
  resolved_at: string | null;
}): void {
  const [problem] = incidentProblems({
    status: i.status as IncidentStatus,
    detectedAt: i.detected_at,
    containedAt: i.contained_at,
    resolvedAt: i.resolved_at,
  });
  if (problem) throw invalid(problem.field, problem.message);
}

/** Declares an incident (its external id `INC-n` when none is given). */
export async function createIncident(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<IncidentView> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const i = parsed(incidentInputSchema, input, 'incident');
  const { database } = stores;
  const roster = await rosterOf(database.db, orgId);
  const owner = i.owner === null ? null : personOf(roster, i.owner, 'owner');
  const existing = await listIncidentRows(database.db, orgId);
  if (i.externalId !== null && existing.some((r) => r.external_id === i.externalId))
    throw new AppError('conflict', `incident ${i.externalId} already exists`, { field: 'externalId' });
  const now = nowIso();
  const row: IncidentsTable = {
    id: newId(),
    org_id: orgId,
    external_id: i.externalId ?? nextExternalId(existing),
    title: i.title,
    severity: i.severity,
    status: i.status,
    detected_at: i.detectedAt,
    contained_at: i.containedAt,
    resolved_at: i.resolvedAt,
    root_cause: i.rootCause,
    customer_impact: i.customerImpact,
    owner_id: owner?.id ?? null,
    created_at: now,
    updated_at: now,
  };
  checkConsistent(row);
  await write(database, { actor, orgId }, async (w) => {
    await insertIncidents(w.tx, [row]);
    w.record({
      action: 'create',
      recordType: 'incident',
      recordId: row.id,
      change: { ...row, owner: owner?.email ?? null },
    });
    await afterWrite(w, stores, orgId, at);
  });
  return getIncident(database, orgId, row.id, { at });
}

const UPDATE_COLUMNS = {
  title: 'title',
  severity: 'severity',
  status: 'status',
  detectedAt: 'detected_at',
  containedAt: 'contained_at',
  resolvedAt: 'resolved_at',
  rootCause: 'root_cause',
  customerImpact: 'customer_impact',
} as const;

/** Changes an incident's fields (status, times, root cause, impact, owner…); the ledger names each change. */
export async function updateIncident(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  idOrExternalId: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<IncidentView> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const u = parsed(incidentUpdateSchema, input, 'incident');
  const { database } = stores;
  const row = await findIncidentRow(database.db, orgId, idOrExternalId);
  if (!row) throw notFound('incident', idOrExternalId);
  const next: IncidentsTable = { ...row };
  const change: Record<string, [unknown, unknown]> = {};
  for (const [field, column] of Object.entries(UPDATE_COLUMNS) as [
    keyof typeof UPDATE_COLUMNS,
    (typeof UPDATE_COLUMNS)[keyof typeof UPDATE_COLUMNS],
  ][]) {
    const value = u[field];
    if (value === undefined || value === row[column]) continue;
    (next as unknown as Record<string, unknown>)[column] = value;
    change[field] = [row[column], value];
  }
  if (u.owner !== undefined) {
    const roster = await rosterOf(database.db, orgId);
    const ownerId = u.owner === null ? null : personOf(roster, u.owner, 'owner').id;
    if (ownerId !== row.owner_id) {
      next.owner_id = ownerId;
      const before = [...roster.values()].find((p) => p.id === row.owner_id)?.email ?? null;
      change.owner = [before, u.owner];
    }
  }
  checkConsistent(next);
  if (Object.keys(change).length === 0) return getIncident(database, orgId, row.id, { at });
  next.updated_at = nowIso();
  await write(database, { actor, orgId }, async (w) => {
    const { id: _id, org_id: _org, created_at: _created, ...fields } = next;
    await updateIncidentRow(w.tx, orgId, row.id, fields);
    w.record({ action: 'update', recordType: 'incident', recordId: row.id, change });
    await afterWrite(w, stores, orgId, at);
  });
  return getIncident(database, orgId, row.id, { at });
}

/** Adds an entry to an incident's timeline. */
export async function addTimelineEntry(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  idOrExternalId: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<IncidentView> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const e = parsed(timelineEntryInputSchema, input, 'entry');
  const { database } = stores;
  const row = await findIncidentRow(database.db, orgId, idOrExternalId);
  if (!row) throw notFound('incident', idOrExternalId);
  const entry = {
    id: newId(),
    org_id: orgId,
    incident_id: row.id,
    at: e.at,
    entry: e.entry,
    created_at: nowIso(),
  };
  await write(database, { actor, orgId }, async (w) => {
    await insertTimelineEntry(w.tx, entry);
    w.record({
      action: 'create',
      recordType: 'incident-timeline-entry',
      recordId: entry.id,
      change: { incident: row.external_id, at: e.at, entry: e.entry },
    });
  });
  return getIncident(database, orgId, row.id, { at });
}

/** Adds a follow-up action (owner, due date) to an incident. */
export async function addFollowUp(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  idOrExternalId: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<IncidentView> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const f = parsed(followUpInputSchema, input, 'followUp');
  const { database } = stores;
  const row = await findIncidentRow(database.db, orgId, idOrExternalId);
  if (!row) throw notFound('incident', idOrExternalId);
  const owner = personOf(await rosterOf(database.db, orgId), f.owner, 'owner');
  const followUp: IncidentFollowUpsTable = {
    id: newId(),
    org_id: orgId,
    incident_id: row.id,
    ir_test_id: null,
    action: f.action,
    owner_id: owner.id,
    due_on: f.dueOn,
    done_on: null,
    evidence: null,
    created_at: nowIso(),
  };
  await write(database, { actor, orgId }, async (w) => {
    await insertFollowUps(w.tx, [followUp]);
    w.record({
      action: 'create',
      recordType: 'incident-follow-up',
      recordId: followUp.id,
      change: { incident: row.external_id, action: f.action, owner: owner.email, dueOn: f.dueOn },
    });
    await afterWrite(w, stores, orgId, at);
  });
  return getIncident(database, orgId, row.id, { at });
}

/** Marks a follow-up action (of an incident or IR test) done on a day (T by default), naming its evidence (a ticket, a change). */
export async function completeFollowUp(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  input: { followUpId: string; evidence: string; doneOn?: string; at?: string },
): Promise<FollowUpView> {
  const at = checkDate(input.at ?? todayIso(), 'at');
  const doneOn = checkDate(input.doneOn ?? at, 'doneOn');
  if (doneOn > at) throw invalid('doneOn', `${doneOn} is after ${at}: record an action once it is done`);
  const evidence = input.evidence.trim();
  if (evidence === '' || evidence.length > 500)
    throw invalid(
      'evidence',
      'name the evidence the action is done (a ticket, a change), up to 500 characters',
    );
  const { database } = stores;
  const followUp = (await listFollowUpRows(database.db, orgId)).find((f) => f.id === input.followUpId);
  if (!followUp) throw notFound('follow-up', input.followUpId);
  if (followUp.done_on !== null)
    throw new AppError(
      'conflict',
      `the follow-up "${followUp.action}" is already done (${followUp.done_on})`,
    );
  await write(database, { actor, orgId }, async (w) => {
    await markFollowUpDone(w.tx, orgId, followUp.id, { done_on: doneOn, evidence });
    w.record({
      action: 'complete',
      recordType: 'incident-follow-up',
      recordId: followUp.id,
      change: { doneOn: [null, doneOn], evidence: [null, evidence] },
    });
    await afterWrite(w, stores, orgId, at);
  });
  const done = (await listFollowUpRows(database.db, orgId)).find((f) => f.id === followUp.id)!;
  return followUpView(done, at);
}
