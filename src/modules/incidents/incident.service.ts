import type { z } from 'zod';
import { inputDateProblem } from '../../core/dates.js';
import type { IncidentSeverity, IncidentStatus } from '../../core/incidents/rules.js';
import type { Actor } from '../../core/ledger/chain.js';
import { todayIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { IncidentsTable } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { listPeople } from '../people/person.repository.js';
import type { Person } from '../people/person.schema.js';
import {
  type FollowUpRow,
  findIncidentRow,
  incidentFindingRows,
  incidentsDetectedIn,
  listFollowUpRows,
  listIncidentRows,
  listTimelineRows,
} from './incident.repository.js';
import type { FollowUpView, IncidentRuleFinding, IncidentSummary, IncidentView } from './incident.schema.js';

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

export function invalid(field: string, message: string): AppError {
  return new AppError('invalid_input', `${field}: ${message}`, { field });
}

export function checkDate(value: string, field: string): string {
  const problem = inputDateProblem(value);
  if (problem) throw invalid(field, problem);
  return value;
}

export function parsed<T extends z.ZodType>(schema: T, input: unknown, fallback: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || fallback;
  throw new AppError('invalid_input', `${field}: ${issue.message}`, { field, issues: result.error.issues });
}

/** The roster by e-mail, for owners and participants. */
export async function rosterOf(db: Database['db'], orgId: string): Promise<Map<string, Person>> {
  return new Map((await listPeople(db, orgId)).map((p) => [p.email, p]));
}

/** Why an e-mail cannot own or take part, or null (in the roster and active). */
export function personProblem(roster: Map<string, Person>, email: string): string | null {
  const person = roster.get(email);
  if (!person) return `no person with e-mail ${email} in the roster`;
  if (person.status !== 'active') return `${email} has departed`;
  return null;
}

export function personOf(roster: Map<string, Person>, email: string, field: string): Person {
  const problem = personProblem(roster, email);
  if (problem) {
    if (!roster.has(email)) throw new AppError('not_found', problem, { field });
    throw invalid(field, problem);
  }
  return roster.get(email)!;
}

// ---------------------------------------------------------------- views

type FindingRows = Awaited<ReturnType<typeof incidentFindingRows>>;

export function findingsByKey(rows: FindingRows, openOnly: boolean): Map<string, IncidentRuleFinding[]> {
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

export function followUpView(f: FollowUpRow, at: string): FollowUpView {
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

export function irTestLabel(t: { kind: string; held_on: string }): string {
  return `${t.kind} of ${t.held_on}`;
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
