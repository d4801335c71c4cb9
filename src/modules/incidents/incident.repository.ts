/** SQL of incidents and IR tests: the register, timelines, follow-up actions, IR tests, rule findings. */
import type { Kysely } from 'kysely';
import { insertInBatches } from '../../platform/db/insert-batches.js';
import type {
  DB,
  IncidentFindingsTable,
  IncidentFollowUpsTable,
  IncidentsTable,
  IncidentTimelineTable,
  IrTestsTable,
} from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';

/** Every incident of an organization, newest detection first. */
export async function listIncidentRows(db: Kysely<DB>, orgId: string): Promise<IncidentsTable[]> {
  return db
    .selectFrom('incidents')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('detected_at', 'desc')
    .orderBy('id')
    .execute();
}

/** One incident by id or external id (`INC-42`). */
export async function findIncidentRow(
  db: Kysely<DB>,
  orgId: string,
  idOrExternalId: string,
): Promise<IncidentsTable | undefined> {
  const base = db.selectFrom('incidents').selectAll().where('org_id', '=', orgId);
  return (
    (await base.where('id', '=', idOrExternalId).executeTakeFirst()) ??
    (await base.where('external_id', '=', idOrExternalId).executeTakeFirst())
  );
}

export async function insertIncidents(db: WriteTx, rows: IncidentsTable[]): Promise<void> {
  await insertInBatches(db, 'incidents', rows);
}

export async function updateIncidentRow(
  db: WriteTx,
  orgId: string,
  id: string,
  fields: Partial<Omit<IncidentsTable, 'id' | 'org_id' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('incidents').set(fields).where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** The timeline of an incident, in time order. */
export async function listTimelineRows(
  db: Kysely<DB>,
  orgId: string,
  incidentId: string,
): Promise<IncidentTimelineTable[]> {
  return db
    .selectFrom('incident_timeline')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('incident_id', '=', incidentId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function insertTimelineEntry(db: WriteTx, row: IncidentTimelineTable): Promise<void> {
  await db.insertInto('incident_timeline').values(row).execute();
}

/** A follow-up action with its owner's e-mail and name. */
export type FollowUpRow = IncidentFollowUpsTable & { owner_email: string | null; owner_name: string | null };

/** Every follow-up action of an organization (of incidents and IR tests), by due date. */
export async function listFollowUpRows(db: Kysely<DB>, orgId: string): Promise<FollowUpRow[]> {
  return db
    .selectFrom('incident_follow_ups as f')
    .leftJoin('people as p', 'p.id', 'f.owner_id')
    .selectAll('f')
    .select(['p.email as owner_email', 'p.name as owner_name'])
    .where('f.org_id', '=', orgId)
    .orderBy('f.due_on')
    .orderBy('f.id')
    .execute();
}

export async function insertFollowUps(db: WriteTx, rows: IncidentFollowUpsTable[]): Promise<void> {
  await insertInBatches(db, 'incident_follow_ups', rows);
}

export async function markFollowUpDone(
  db: WriteTx,
  orgId: string,
  id: string,
  fields: { done_on: string; evidence: string },
): Promise<void> {
  await db
    .updateTable('incident_follow_ups')
    .set(fields)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Every IR test of an organization, newest first. */
export async function listIrTestRows(db: Kysely<DB>, orgId: string): Promise<IrTestsTable[]> {
  return db
    .selectFrom('ir_tests')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('held_on', 'desc')
    .orderBy('id')
    .execute();
}

export async function insertIrTest(db: WriteTx, row: IrTestsTable): Promise<void> {
  await db.insertInto('ir_tests').values(row).execute();
}

export async function setIrTestEvidence(
  db: WriteTx,
  orgId: string,
  id: string,
  sha256: string,
): Promise<void> {
  await db
    .updateTable('ir_tests')
    .set({ evidence_sha256: sha256 })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** The open findings the incident rules raised. */
export async function openIncidentFindings(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('incident_findings as i')
    .innerJoin('findings as f', 'f.id', 'i.finding_id')
    .select(['i.finding_id', 'i.rule', 'i.subject_key'])
    .where('i.org_id', '=', orgId)
    .where('f.resolved_on', 'is', null)
    .execute();
}

/** Every finding (open and resolved) the incident rules raised, with what it is about. */
export async function incidentFindingRows(db: Kysely<DB>, orgId: string) {
  return db
    .selectFrom('incident_findings as i')
    .innerJoin('findings as f', 'f.id', 'i.finding_id')
    .select([
      'i.finding_id as findingId',
      'i.rule',
      'i.subject_key as subjectKey',
      'f.title',
      'f.severity',
      'f.opened_on as openedOn',
      'f.resolved_on as resolvedOn',
    ])
    .where('i.org_id', '=', orgId)
    .orderBy('f.opened_on')
    .orderBy('i.finding_id')
    .execute();
}

/** Links findings to the rule and subject they are about. */
export async function insertIncidentFindingLinks(db: WriteTx, rows: IncidentFindingsTable[]): Promise<void> {
  await insertInBatches(db, 'incident_findings', rows);
}

/** Incidents detected inside a window (dates inclusive), for sampling, by detection then id. */
export async function incidentsDetectedIn(
  db: Kysely<DB>,
  orgId: string,
  window: { start: string; end: string },
): Promise<IncidentsTable[]> {
  return db
    .selectFrom('incidents')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('detected_at', '>=', window.start)
    .where('detected_at', '<', `${window.end}T99`)
    .orderBy('detected_at')
    .orderBy('id')
    .execute();
}
