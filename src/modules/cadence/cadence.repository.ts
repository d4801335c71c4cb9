import type { Kysely } from 'kysely';
import type { Dialect } from '../../platform/db/database.js';
import type {
  CadenceSettingsTable,
  DB,
  DigestPreferencesTable,
  DigestsTable,
  ImportSourcesTable,
  ReadinessSnapshotsTable,
  WeeklyRunStepsTable,
  WeeklyRunsTable,
} from '../../platform/db/schema.js';
import type { WriteTx } from '../../platform/db/transaction.js';

export async function findCadenceSettings(
  db: Kysely<DB>,
  orgId: string,
): Promise<CadenceSettingsTable | undefined> {
  return db.selectFrom('cadence_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

export async function upsertCadenceSettings(tx: WriteTx, row: CadenceSettingsTable): Promise<void> {
  const { org_id: _, ...rest } = row;
  await tx
    .insertInto('cadence_settings')
    .values(row)
    .onConflict((oc) => oc.column('org_id').doUpdateSet(rest))
    .execute();
}

export async function listImportSources(db: Kysely<DB>, orgId: string): Promise<ImportSourcesTable[]> {
  return db
    .selectFrom('import_sources')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findImportSource(
  db: Kysely<DB>,
  orgId: string,
  id: string,
): Promise<ImportSourcesTable | undefined> {
  return db
    .selectFrom('import_sources')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertImportSource(tx: WriteTx, row: ImportSourcesTable): Promise<void> {
  await tx.insertInto('import_sources').values(row).execute();
}

export async function deleteImportSource(tx: WriteTx, orgId: string, id: string): Promise<number> {
  const r = await tx
    .deleteFrom('import_sources')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function listDigestPreferences(
  db: Kysely<DB>,
  orgId: string,
): Promise<DigestPreferencesTable[]> {
  return db.selectFrom('digest_preferences').selectAll().where('org_id', '=', orgId).execute();
}

export async function upsertDigestPreference(tx: WriteTx, row: DigestPreferencesTable): Promise<void> {
  await tx
    .insertInto('digest_preferences')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'person_id'])
        .doUpdateSet({ opt_out: row.opt_out, channel: row.channel, updated_at: row.updated_at }),
    )
    .execute();
}

export async function insertWeeklyRun(tx: WriteTx, row: WeeklyRunsTable): Promise<void> {
  await tx.insertInto('weekly_runs').values(row).execute();
}

export async function findWeeklyRunOfJob(
  db: Kysely<DB>,
  jobId: string,
): Promise<WeeklyRunsTable | undefined> {
  return db.selectFrom('weekly_runs').selectAll().where('job_id', '=', jobId).executeTakeFirst();
}

/** One run; on PostgreSQL locked for the rest of the transaction (settling its steps one at a time). */
export async function findWeeklyRun(
  db: Kysely<DB>,
  id: string,
  options: { lock?: Dialect } = {},
): Promise<WeeklyRunsTable | undefined> {
  let q = db.selectFrom('weekly_runs').selectAll().where('id', '=', id);
  if (options.lock === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateWeeklyRun(
  tx: WriteTx,
  id: string,
  patch: Partial<WeeklyRunsTable>,
): Promise<void> {
  await tx.updateTable('weekly_runs').set(patch).where('id', '=', id).execute();
}

export async function listWeeklyRuns(
  db: Kysely<DB>,
  orgId: string,
  limit: number,
): Promise<WeeklyRunsTable[]> {
  return db
    .selectFrom('weekly_runs')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function insertRunSteps(tx: WriteTx, rows: WeeklyRunStepsTable[]): Promise<void> {
  if (rows.length > 0) await tx.insertInto('weekly_run_steps').values(rows).execute();
}

export async function updateRunStep(
  tx: WriteTx,
  id: string,
  patch: Partial<WeeklyRunStepsTable>,
): Promise<void> {
  await tx.updateTable('weekly_run_steps').set(patch).where('id', '=', id).execute();
}

export async function listRunSteps(
  db: Kysely<DB>,
  runIds: readonly string[],
): Promise<WeeklyRunStepsTable[]> {
  if (runIds.length === 0) return [];
  return db
    .selectFrom('weekly_run_steps')
    .selectAll()
    .where('run_id', 'in', runIds)
    .orderBy('run_id')
    .orderBy('position')
    .execute();
}

export async function upsertSnapshot(tx: WriteTx, row: ReadinessSnapshotsTable): Promise<void> {
  await tx
    .insertInto('readiness_snapshots')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['org_id', 'week']).doUpdateSet({
        at: row.at,
        engagement_id: row.engagement_id,
        content: row.content,
        created_at: row.created_at,
      }),
    )
    .execute();
}

/** The latest two snapshots up to a week (that week's, then the one before), newest first. */
export async function latestSnapshots(
  db: Kysely<DB>,
  orgId: string,
  upToWeek?: string,
): Promise<ReadinessSnapshotsTable[]> {
  let q = db.selectFrom('readiness_snapshots').selectAll().where('org_id', '=', orgId);
  if (upToWeek !== undefined) q = q.where('week', '<=', upToWeek);
  return q.orderBy('week', 'desc').limit(2).execute();
}

/** Evidence rejected since a date, with its requirement, control and the control's owner. */
export async function listRejectedEvidence(db: Kysely<DB>, orgId: string, sinceIso: string) {
  return db
    .selectFrom('evidence_reviews as r')
    .innerJoin('evidence as e', 'e.id', 'r.evidence_id')
    .innerJoin('evidence_requirements as q', 'q.id', 'e.requirement_id')
    .innerJoin('controls as c', 'c.id', 'e.control_id')
    .select([
      'e.id as evidence_id',
      'q.code as requirement_code',
      'c.code as control_code',
      'c.owner_id',
      'r.reason',
      'r.reviewer_label',
      'r.reviewed_at',
    ])
    .where('r.org_id', '=', orgId)
    .where('r.decision', '=', 'rejected')
    .where('r.reviewed_at', '>=', sinceIso)
    .execute();
}

/** The person ids of an organization's active members with one of these roles. */
export async function memberPersonIds(
  db: Kysely<DB>,
  orgId: string,
  roles: readonly string[],
): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('person_id')
    .where('org_id', '=', orgId)
    .where('status', '=', 'active')
    .where('role', 'in', roles)
    .where('person_id', 'is not', null)
    .execute();
  return rows.map((r) => r.person_id!);
}

export async function insertDigests(tx: WriteTx, rows: DigestsTable[]): Promise<void> {
  for (const row of rows) {
    await tx
      .insertInto('digests')
      .values(row)
      .onConflict((oc) => oc.columns(['run_id', 'kind', 'person_id']).doNothing())
      .execute();
  }
}

export async function listDigestsOfRun(db: Kysely<DB>, runId: string): Promise<DigestsTable[]> {
  return db
    .selectFrom('digests')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('kind')
    .orderBy('person_id')
    .execute();
}

export async function updateDigestDelivery(tx: WriteTx, id: string, delivery: string): Promise<void> {
  await tx.updateTable('digests').set({ delivery }).where('id', '=', id).execute();
}

/** A person's digests of their latest week. */
export async function latestDigestsOf(
  db: Kysely<DB>,
  orgId: string,
  personId: string,
): Promise<DigestsTable[]> {
  const latest = await db
    .selectFrom('digests')
    .select('week')
    .where('org_id', '=', orgId)
    .where('person_id', '=', personId)
    .orderBy('week', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return [];
  return db
    .selectFrom('digests')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('person_id', '=', personId)
    .where('week', '=', latest.week)
    .orderBy('created_at', 'desc')
    .execute();
}
