import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../db/database.js';
import type { DB, JobSchedulesTable, JobsTable } from '../db/schema.js';
import type { WriteTx } from '../db/transaction.js';

/** Inserts a job unless one with the same dedupe key exists; true when inserted. */
export async function insertJob(tx: WriteTx, row: JobsTable): Promise<boolean> {
  const result = await tx
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Claims the next job ready at `now` for `workerId`: queued and due, or
 * running with a lock older than `staleBefore` (its worker died). On
 * PostgreSQL the candidate row is locked with `FOR UPDATE SKIP LOCKED`, so
 * concurrent workers each take a different job and never wait on each
 * other; on SQLite the caller's IMMEDIATE transaction holds the write lock.
 */
export async function claimNextJob(
  tx: WriteTx,
  dialect: Dialect,
  workerId: string,
  now: string,
  staleBefore: string,
  tasks: readonly string[],
): Promise<JobsTable | undefined> {
  if (tasks.length === 0) return undefined;
  let candidate = tx
    .selectFrom('jobs')
    .select('id')
    .where('task', 'in', tasks)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_after', '<=', now)]),
        eb.and([eb('status', '=', 'running'), eb('locked_at', '<', staleBefore)]),
      ]),
    )
    .orderBy('run_after')
    .orderBy('id')
    .limit(1);
  if (dialect === 'postgres') candidate = candidate.forUpdate().skipLocked();
  const row = await candidate.executeTakeFirst();
  if (!row) return undefined;
  return tx
    .updateTable('jobs')
    .set({
      status: 'running',
      locked_by: workerId,
      locked_at: now,
      attempts: sql<number>`attempts + 1`,
      updated_at: now,
    })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Updates a job's row. */
export async function updateJob(tx: WriteTx, id: string, patch: Partial<JobsTable>): Promise<void> {
  await tx.updateTable('jobs').set(patch).where('id', '=', id).execute();
}

/** One job by id (scoped to an organization when given). */
export async function findJob(db: Kysely<DB>, id: string, orgId?: string): Promise<JobsTable | undefined> {
  let q = db.selectFrom('jobs').selectAll().where('id', '=', id);
  if (orgId !== undefined) q = q.where('org_id', '=', orgId);
  return q.executeTakeFirst();
}

/** Jobs, newest first. */
export async function listJobRows(
  db: Kysely<DB>,
  filter: { orgId?: string; status?: string; task?: string; limit?: number },
): Promise<JobsTable[]> {
  let q = db.selectFrom('jobs').selectAll();
  if (filter.orgId !== undefined) q = q.where('org_id', '=', filter.orgId);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  if (filter.task !== undefined) q = q.where('task', '=', filter.task);
  return q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 200)
    .execute();
}

/** Enabled schedules. */
export async function listSchedules(db: Kysely<DB>, orgId?: string): Promise<JobSchedulesTable[]> {
  let q = db.selectFrom('job_schedules').selectAll();
  if (orgId !== undefined) q = q.where('org_id', '=', orgId);
  return q.orderBy('org_id').orderBy('task').execute();
}

/** Creates or replaces an organization's schedule of a task. */
export async function upsertSchedule(tx: WriteTx, row: JobSchedulesTable): Promise<void> {
  await tx
    .insertInto('job_schedules')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['org_id', 'task']).doUpdateSet({
        cron: row.cron,
        time_zone: row.time_zone,
        enabled: row.enabled,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/**
 * Claims one tick of a schedule: the row's primary key (schedule, tick) is
 * what makes a tick run once whichever process gets there first. True when
 * this call claimed it.
 */
export async function claimTick(
  tx: WriteTx,
  row: { schedule_id: string; tick: string; job_id: string; claimed_by: string; claimed_at: string },
): Promise<boolean> {
  const result = await tx
    .insertInto('job_ticks')
    .values(row)
    .onConflict((oc) => oc.columns(['schedule_id', 'tick']).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await tx
    .updateTable('job_schedules')
    .set({ last_tick: row.tick })
    .where('id', '=', row.schedule_id)
    .where((eb) => eb.or([eb('last_tick', 'is', null), eb('last_tick', '<', row.tick)]))
    .execute();
  return true;
}

/** The claims of a schedule's ticks, newest first. */
export async function listTicks(db: Kysely<DB>, scheduleId: string) {
  return db
    .selectFrom('job_ticks')
    .selectAll()
    .where('schedule_id', '=', scheduleId)
    .orderBy('tick', 'desc')
    .execute();
}
