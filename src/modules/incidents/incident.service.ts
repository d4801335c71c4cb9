/**
 * Incidents and incident-response tests (SPEC §3, issue 17, docs/decisions/0027):
 * the incident register (in-app, or imported from a tracker's CSV export, all
 * or nothing and idempotent by external id), each incident's timeline and
 * follow-up actions, IR tests, the register and each IR test as
 * system-generated evidence, and the rule findings kept in step. Every write
 * is one ledger entry per record change or import, and syncs the findings at T.
 */
import { Readable } from 'node:stream';
import type { z } from 'zod';
import { inputDateProblem } from '../../core/dates.js';
import {
  type FollowUpFacts,
  INCIDENT_CONTROL,
  INCIDENT_FINDING_SOURCE,
  type IncidentSeverity,
  type IncidentStatus,
  IR_TEST_CONTROL,
  type IrTestKind,
  incidentFindings,
  incidentProblems,
  nextIrTestDueOn,
  planIncidentFindingSync,
} from '../../core/incidents/rules.js';
import type { Actor } from '../../core/ledger/chain.js';
import { readCsvRecords } from '../../importers/csv/read-csv.js';
import { nowIso, todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { IncidentFollowUpsTable, IncidentsTable } from '../../platform/db/schema.js';
import { AppError, ImportError, notFound } from '../../platform/errors.js';
import { restoreFormulaCell, writeSpreadsheetCsv } from '../../platform/files/spreadsheet-csv.js';
import { newId } from '../../platform/ids.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { recordSystemEvidence } from '../evidence/system-evidence.js';
import { applyRuleFindingSync } from '../findings/rule-finding-sync.js';
import { listPeople } from '../people/person.repository.js';
import type { Person } from '../people/person.schema.js';
import {
  type FollowUpRow,
  findIncidentRow,
  incidentFindingRows,
  incidentsDetectedIn,
  insertFollowUps,
  insertIncidentFindingLinks,
  insertIncidents,
  insertIrTest,
  insertTimelineEntry,
  listFollowUpRows,
  listIncidentRows,
  listIrTestRows,
  listTimelineRows,
  markFollowUpDone,
  openIncidentFindings,
  setIrTestEvidence,
  updateIncidentRow,
} from './incident.repository.js';
import {
  type FollowUpView,
  followUpInputSchema,
  type IncidentRuleFinding,
  type IncidentSummary,
  type IncidentView,
  type IrTestView,
  incidentInputSchema,
  incidentUpdateSchema,
  irTestInputSchema,
  type RegisterImportResult,
  timelineEntryInputSchema,
} from './incident.schema.js';

/** Who accepts the register and IR test records as evidence: auditready, when the records change. */
export const INCIDENT_REVIEWER: Actor = {
  type: 'system',
  id: 'incidents',
  label: 'auditready incident register (system-generated from the records)',
};

/** The columns of an incident register CSV (import and export). */
export const REGISTER_COLUMNS = [
  'external_id',
  'title',
  'severity',
  'status',
  'detected_at',
  'contained_at',
  'resolved_at',
  'owner',
  'root_cause',
  'customer_impact',
] as const;

const MAX_CELL = 5000;

function invalid(field: string, message: string): AppError {
  return new AppError('invalid_input', `${field}: ${message}`, { field });
}

function checkDate(value: string, field: string): string {
  const problem = inputDateProblem(value);
  if (problem) throw invalid(field, problem);
  return value;
}

function parsed<T extends z.ZodType>(schema: T, input: unknown, fallback: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || fallback;
  throw new AppError('invalid_input', `${field}: ${issue.message}`, { field, issues: result.error.issues });
}

/** The roster by e-mail, for owners and participants. */
async function rosterOf(db: Database['db'], orgId: string): Promise<Map<string, Person>> {
  return new Map((await listPeople(db, orgId)).map((p) => [p.email, p]));
}

/** Why an e-mail cannot own or take part, or null (in the roster and active). */
function personProblem(roster: Map<string, Person>, email: string): string | null {
  const person = roster.get(email);
  if (!person) return `no person with e-mail ${email} in the roster`;
  if (person.status !== 'active') return `${email} has departed`;
  return null;
}

function personOf(roster: Map<string, Person>, email: string, field: string): Person {
  const problem = personProblem(roster, email);
  if (problem) {
    if (!roster.has(email)) throw new AppError('not_found', problem, { field });
    throw invalid(field, problem);
  }
  return roster.get(email)!;
}

// ---------------------------------------------------------------- views

type FindingRows = Awaited<ReturnType<typeof incidentFindingRows>>;

function findingsByKey(rows: FindingRows, openOnly: boolean): Map<string, IncidentRuleFinding[]> {
  const out = new Map<string, IncidentRuleFinding[]>();
  for (const r of rows) {
    if (openOnly && r.resolvedOn !== null) continue;
    const list = out.get(r.subjectKey) ?? [];
    list.push({
      findingId: r.findingId,
      rule: r.rule,
      title: r.title,
      severity: r.severity,
      openedOn: r.openedOn,
      resolvedOn: r.resolvedOn,
    });
    out.set(r.subjectKey, list);
  }
  return out;
}

function followUpView(f: FollowUpRow, at: string): FollowUpView {
  return {
    id: f.id,
    incidentId: f.incident_id,
    irTestId: f.ir_test_id,
    action: f.action,
    ownerEmail: f.owner_email,
    ownerName: f.owner_name,
    dueOn: f.due_on,
    doneOn: f.done_on,
    evidence: f.evidence,
    overdue: f.done_on === null && at > f.due_on,
  };
}

function summaryOf(
  row: IncidentsTable,
  followUps: FollowUpView[],
  findings: Map<string, IncidentRuleFinding[]>,
  owner: Person | undefined,
): IncidentSummary {
  return {
    id: row.id,
    externalId: row.external_id,
    title: row.title,
    severity: row.severity as IncidentSeverity,
    status: row.status as IncidentStatus,
    detectedAt: row.detected_at,
    containedAt: row.contained_at,
    resolvedAt: row.resolved_at,
    ownerEmail: owner?.email ?? null,
    hasRootCause: row.root_cause !== null && row.root_cause.trim() !== '',
    followUps: followUps.length,
    openFollowUps: followUps.filter((f) => f.doneOn === null).length,
    overdueFollowUps: followUps.filter((f) => f.overdue).length,
    findings: [
      ...(findings.get(`incident:${row.id}`) ?? []),
      ...followUps.flatMap((f) => findings.get(`follow-up:${f.id}`) ?? []),
    ],
  };
}

async function peopleById(database: Database, orgId: string): Promise<Map<string, Person>> {
  return new Map((await listPeople(database.db, orgId)).map((p) => [p.id, p]));
}

/** The incident register at T: newest detection first, with follow-up counts and the open findings. */
export async function listIncidents(
  database: Database,
  orgId: string,
  options: { at?: string } = {},
): Promise<IncidentSummary[]> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const [rows, followUps, findings, people] = await Promise.all([
    listIncidentRows(database.db, orgId),
    listFollowUpRows(database.db, orgId),
    incidentFindingRows(database.db, orgId),
    peopleById(database, orgId),
  ]);
  const open = findingsByKey(findings, true);
  return rows.map((r) =>
    summaryOf(
      r,
      followUps.filter((f) => f.incident_id === r.id).map((f) => followUpView(f, at)),
      open,
      r.owner_id ? people.get(r.owner_id) : undefined,
    ),
  );
}

/** One incident (by id or external id) with its timeline, follow-ups and every rule finding on it. */
export async function getIncident(
  database: Database,
  orgId: string,
  idOrExternalId: string,
  options: { at?: string } = {},
): Promise<IncidentView> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const row = await findIncidentRow(database.db, orgId, idOrExternalId);
  if (!row) throw notFound('incident', idOrExternalId);
  const [timeline, followUps, findings, people] = await Promise.all([
    listTimelineRows(database.db, orgId, row.id),
    listFollowUpRows(database.db, orgId),
    incidentFindingRows(database.db, orgId),
    peopleById(database, orgId),
  ]);
  const views = followUps.filter((f) => f.incident_id === row.id).map((f) => followUpView(f, at));
  const owner = row.owner_id ? people.get(row.owner_id) : undefined;
  return {
    ...summaryOf(row, views, findingsByKey(findings, false), owner),
    rootCause: row.root_cause,
    customerImpact: row.customer_impact,
    ownerName: owner?.name ?? null,
    timeline: timeline.map((t) => ({ id: t.id, at: t.at, entry: t.entry })),
    followUpActions: views,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// ---------------------------------------------------------------- incidents

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

// ---------------------------------------------------------------- register import

/**
 * Imports an incident register (CSV `external_id,title,severity,status,
 * detected_at,contained_at,resolved_at,owner,root_cause,customer_impact`),
 * all or nothing: a bad row names its file, line, column and reason and
 * nothing is stored. Rows are matched by external id: new ones are created,
 * changed ones updated, the same again changes nothing; incidents absent from
 * the file are kept. Owners are e-mails of the roster.
 */
export async function importIncidentRegister(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  options: { file: string; input: Readable; at?: string },
): Promise<RegisterImportResult> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const { database, blobs } = stores;
  const blob = await blobs.put(options.input);
  const roster = await rosterOf(database.db, orgId);
  const existing = new Map((await listIncidentRows(database.db, orgId)).map((r) => [r.external_id, r]));
  const seen = new Map<string, number>();
  const now = nowIso();
  const created: IncidentsTable[] = [];
  const updated: { row: IncidentsTable; change: Record<string, [unknown, unknown]> }[] = [];
  let rows = 0;
  for await (const record of readCsvRecords(await blobs.open(blob.sha256), options.file, {
    required: ['external_id', 'title', 'severity', 'detected_at'],
    known: REGISTER_COLUMNS,
  })) {
    rows += 1;
    const cell = (column: (typeof REGISTER_COLUMNS)[number]) => {
      const value = restoreFormulaCell(record.get(column));
      if (value.length > MAX_CELL) throw record.error(column, `longer than ${MAX_CELL} characters`);
      return value === '' ? null : value;
    };
    const field = <T extends z.ZodType>(column: (typeof REGISTER_COLUMNS)[number], schema: T) => {
      const value = cell(column);
      const result = schema.safeParse(value);
      if (!result.success)
        throw record.error(
          column,
          value === null ? `the ${column} is empty` : result.error.issues[0]!.message,
        );
      return result.data as z.infer<T>;
    };
    const externalId = field('external_id', incidentInputSchema.shape.externalId.unwrap().unwrap());
    const before = seen.get(externalId);
    if (before !== undefined)
      throw record.error('external_id', `incident ${externalId} is already on line ${before}`);
    seen.set(externalId, record.line);
    const ownerEmail = field('owner', incidentInputSchema.shape.owner);
    if (ownerEmail !== null) {
      const problem = personProblem(roster, ownerEmail);
      if (problem) throw record.error('owner', problem);
    }
    const values = {
      title: field('title', incidentInputSchema.shape.title),
      severity: field('severity', incidentInputSchema.shape.severity),
      status: record.has('status') ? field('status', incidentInputSchema.shape.status) : 'open',
      detected_at: field('detected_at', incidentInputSchema.shape.detectedAt),
      contained_at: field('contained_at', incidentInputSchema.shape.containedAt),
      resolved_at: field('resolved_at', incidentInputSchema.shape.resolvedAt),
      root_cause: field('root_cause', incidentInputSchema.shape.rootCause),
      customer_impact: field('customer_impact', incidentInputSchema.shape.customerImpact),
      owner_id: ownerEmail === null ? null : roster.get(ownerEmail)!.id,
    };
    const [problem] = incidentProblems({
      status: values.status,
      detectedAt: values.detected_at,
      containedAt: values.contained_at,
      resolvedAt: values.resolved_at,
    });
    if (problem) {
      const column = { containedAt: 'contained_at', resolvedAt: 'resolved_at', status: 'status' }[
        problem.field
      ];
      throw record.error(column, problem.message);
    }
    const old = existing.get(externalId);
    if (!old) {
      created.push({
        id: newId(),
        org_id: orgId,
        external_id: externalId,
        ...values,
        created_at: now,
        updated_at: now,
      });
      continue;
    }
    const change: Record<string, [unknown, unknown]> = {};
    for (const [column, value] of Object.entries(values) as [keyof typeof values, string | null][])
      if (old[column] !== value) change[column] = [old[column], value];
    if (Object.keys(change).length > 0) updated.push({ row: { ...old, ...values, updated_at: now }, change });
  }
  if (rows === 0) throw new ImportError({ file: options.file }, 'the register has no incidents');
  const result = {
    rows,
    created: created.length,
    updated: updated.length,
    unchanged: rows - created.length - updated.length,
  };
  if (created.length === 0 && updated.length === 0) return { status: 'unchanged', ...result };
  await write(database, { actor, orgId }, async (w) => {
    await insertIncidents(w.tx, created);
    for (const u of updated) {
      const { id, org_id: _org, created_at: _created, ...fields } = u.row;
      await updateIncidentRow(w.tx, orgId, id, fields);
    }
    w.record({
      action: 'import',
      recordType: 'incident-register',
      recordId: blob.sha256,
      change: {
        file: options.file.split(/[\\/]/).pop()!.slice(0, 200),
        sha256: blob.sha256,
        ...result,
        createdIds: created.map((c) => c.external_id),
        updatedFields: Object.fromEntries(updated.map((u) => [u.row.external_id, u.change])),
      },
    });
    await afterWrite(w, stores, orgId, at);
  });
  return { status: 'imported', ...result };
}

// ---------------------------------------------------------------- IR tests

function irTestLabel(t: { kind: string; held_on: string }): string {
  return `${t.kind} of ${t.held_on}`;
}

/** The IR tests, newest first, with their follow-ups, the next one's due date and the findings on them. */
export async function listIrTests(
  database: Database,
  orgId: string,
  options: { at?: string } = {},
): Promise<IrTestView[]> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const [tests, followUps, findings] = await Promise.all([
    listIrTestRows(database.db, orgId),
    listFollowUpRows(database.db, orgId),
    incidentFindingRows(database.db, orgId),
  ]);
  const open = findingsByKey(findings, true);
  return tests.map((t) => {
    const mine = followUps.filter((f) => f.ir_test_id === t.id).map((f) => followUpView(f, at));
    return {
      id: t.id,
      kind: t.kind as IrTestKind,
      heldOn: t.held_on,
      scenario: t.scenario,
      participants: JSON.parse(t.participants) as string[],
      results: t.results,
      nextDueOn: nextIrTestDueOn(t.held_on),
      evidenceSha256: t.evidence_sha256,
      followUps: mine,
      findings: mine.flatMap((f) => open.get(`follow-up:${f.id}`) ?? []),
    };
  });
}

/**
 * Records an IR test once held (tabletop or live: date, scenario,
 * participants, results, follow-up actions). Its record becomes
 * system-generated evidence on IR-03 (the report; the follow-ups too when it
 * has any), effective on the day it was held.
 */
export async function createIrTest(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  input: unknown,
  options: { at?: string } = {},
): Promise<IrTestView> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  const t = parsed(irTestInputSchema, input, 'irTest');
  if (t.heldOn > at) throw invalid('heldOn', `the test is recorded once held: ${t.heldOn} is after ${at}`);
  const { database } = stores;
  const roster = await rosterOf(database.db, orgId);
  const participants = [...new Set(t.participants)];
  participants.forEach((email, i) => {
    if (!roster.has(email))
      throw new AppError('not_found', `no person with e-mail ${email} in the roster`, {
        field: `participants.${i}`,
      });
  });
  const owners = t.followUps.map((f, i) => personOf(roster, f.owner, `followUps.${i}.owner`));
  const id = newId();
  const now = nowIso();
  const test = {
    id,
    org_id: orgId,
    kind: t.kind,
    held_on: t.heldOn,
    scenario: t.scenario,
    participants: JSON.stringify(participants),
    results: t.results,
    evidence_sha256: null,
    created_at: now,
  };
  const followUps: IncidentFollowUpsTable[] = t.followUps.map((f, i) => ({
    id: newId(),
    org_id: orgId,
    incident_id: null,
    ir_test_id: id,
    action: f.action,
    owner_id: owners[i]!.id,
    due_on: f.dueOn,
    done_on: null,
    evidence: null,
    created_at: now,
  }));
  const record = {
    kind: 'auditready incident-response test',
    test: { id, kind: t.kind, heldOn: t.heldOn, scenario: t.scenario, participants, results: t.results },
    followUps: t.followUps.map((f) => ({ action: f.action, owner: f.owner, dueOn: f.dueOn })),
  };
  const stored = await stores.blobs.put(Readable.from([Buffer.from(`${JSON.stringify(record, null, 2)}\n`)]));
  await write(database, { actor, orgId }, async (w) => {
    await insertIrTest(w.tx, test);
    await insertFollowUps(w.tx, followUps);
    w.record({
      action: 'create',
      recordType: 'ir-test',
      recordId: id,
      change: { ...record.test, followUps: record.followUps, evidenceSha256: stored.sha256 },
    });
    await recordSystemEvidence(w, orgId, {
      requirementCodes: [
        IR_TEST_CONTROL.report,
        ...(followUps.length > 0 ? [IR_TEST_CONTROL.followUps] : []),
      ],
      stored: {
        sha256: stored.sha256,
        size: stored.size,
        fileName: `ir-test-${t.heldOn}-${id}.json`,
        mediaType: 'application/json',
        url: null,
      },
      effectiveOn: t.heldOn,
      description: `Incident-response ${t.kind} held on ${t.heldOn}: ${t.scenario.slice(0, 200)} (${participants.length} participant(s), ${followUps.length} follow-up action(s))`,
      reviewer: INCIDENT_REVIEWER,
    });
    await setIrTestEvidence(w.tx, orgId, id, stored.sha256);
    await afterWrite(w, stores, orgId, at);
  });
  return (await listIrTests(database, orgId, { at })).find((x) => x.id === id)!;
}

// ---------------------------------------------------------------- refresh, register evidence, findings

/**
 * Brings the incident rule findings up to date at T (overdue follow-ups, a
 * root cause past its due date and a lapsed IR test appear with time, without
 * any other write).
 */
export async function refreshIncidents(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  options: { at?: string } = {},
): Promise<{ opened: number; resolved: number }> {
  const at = checkDate(options.at ?? todayIso(), 'at');
  return write(stores.database, { actor, orgId }, (w) => syncRuleFindings(w, orgId, at));
}

/** After every write to incidents: the findings at T, and the register as evidence when it changed. */
async function afterWrite(w: Write, stores: EvidenceStores, orgId: string, at: string): Promise<void> {
  await recordRegister(w, stores, orgId, at);
  await syncRuleFindings(w, orgId, at);
}

/**
 * The incident register as the CSV auditready exports: the import's columns, so an export imports again
 * unchanged. Follow-ups are not in it: adding one is not a change of the register.
 */
export async function incidentRegisterCsv(
  db: Database['db'],
  orgId: string,
): Promise<{ csv: string; rows: number }> {
  const [rows, people] = await Promise.all([listIncidentRows(db, orgId), listPeople(db, orgId)]);
  const email = new Map(people.map((p) => [p.id, p.email]));
  const ordered = [...rows].sort((a, b) =>
    a.detected_at < b.detected_at
      ? -1
      : a.detected_at > b.detected_at
        ? 1
        : a.external_id < b.external_id
          ? -1
          : 1,
  );
  return {
    rows: ordered.length,
    csv: writeSpreadsheetCsv(
      REGISTER_COLUMNS,
      ordered.map((r) => [
        r.external_id,
        r.title,
        r.severity,
        r.status,
        r.detected_at,
        r.contained_at ?? '',
        r.resolved_at ?? '',
        r.owner_id ? (email.get(r.owner_id) ?? '') : '',
        r.root_cause ?? '',
        r.customer_impact ?? '',
      ]),
    ),
  };
}

/**
 * Records the register export on IR-02-E1, effective at T, accepted by
 * auditready; the same register again is the same evidence (content-addressed),
 * so only a change of the register adds a version.
 */
async function recordRegister(w: Write, stores: EvidenceStores, orgId: string, at: string): Promise<void> {
  const { csv, rows } = await incidentRegisterCsv(w.tx, orgId);
  if (rows === 0) return;
  const blob = await stores.blobs.put(Readable.from([Buffer.from(csv)]));
  await recordSystemEvidence(w, orgId, {
    requirementCodes: [INCIDENT_CONTROL.register],
    stored: {
      sha256: blob.sha256,
      size: blob.size,
      fileName: `incident-register-${at}.csv`,
      mediaType: 'text/csv',
      url: null,
    },
    effectiveOn: at,
    description: `Incident register as of ${at}: ${rows} incident(s) with severity, detection, containment and resolution times, owner, root cause and customer impact`,
    reviewer: INCIDENT_REVIEWER,
  });
}

/**
 * Keeps the incident rule findings in step at T inside the caller's write:
 * opens what the rules want and is not open, resolves what is open and no
 * longer wanted; one ledger entry when anything changed.
 */
async function syncRuleFindings(
  w: Write,
  orgId: string,
  at: string,
): Promise<{ opened: number; resolved: number }> {
  const db = w.tx;
  const [incidents, followUps, tests, people] = await Promise.all([
    listIncidentRows(db, orgId),
    listFollowUpRows(db, orgId),
    listIrTestRows(db, orgId),
    listPeople(db, orgId),
  ]);
  const email = new Map(people.map((p) => [p.id, p.email]));
  const byIncident = new Map(incidents.map((i) => [i.id, i]));
  const byTest = new Map(tests.map((t) => [t.id, t]));
  const wanted = incidentFindings({
    at,
    incidents: incidents
      .filter((i) => i.detected_at.slice(0, 10) <= at)
      .map((i) => ({
        id: i.id,
        label: i.external_id,
        title: i.title,
        severity: i.severity as IncidentSeverity,
        detectedAt: i.detected_at,
        rootCause: i.root_cause,
        ownerId: i.owner_id,
        ownerEmail: i.owner_id ? (email.get(i.owner_id) ?? null) : null,
      })),
    followUps: followUps.map(
      (f): FollowUpFacts => ({
        id: f.id,
        of: f.incident_id ? 'incident' : 'ir-test',
        parent: f.incident_id
          ? (byIncident.get(f.incident_id)?.external_id ?? f.incident_id)
          : irTestLabel(byTest.get(f.ir_test_id!)!),
        action: f.action,
        ownerId: f.owner_id,
        ownerEmail: f.owner_email,
        dueOn: f.due_on,
        doneOn: f.done_on,
      }),
    ),
    irTests: tests.map((t) => ({ id: t.id, heldOn: t.held_on })),
  });
  const open = (await openIncidentFindings(db, orgId)).map((o) => ({
    findingId: o.finding_id,
    rule: o.rule,
    key: o.subject_key,
  }));
  return applyRuleFindingSync(w, orgId, at, planIncidentFindingSync(wanted, open, at), {
    domain: 'incident',
    source: () => INCIDENT_FINDING_SOURCE,
    resolution: 'the incident rule no longer applies',
    recordType: 'incident-findings',
    link: insertIncidentFindingLinks,
  });
}

// ---------------------------------------------------------------- population

/** Incidents detected inside a window, for sampling (see incident.populations.ts). */
export async function incidentsInWindow(
  database: Database,
  orgId: string,
  window: { start: string; end: string },
) {
  return incidentsDetectedIn(database.db, orgId, window);
}
