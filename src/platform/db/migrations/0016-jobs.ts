import type { Kysely, Migration } from 'kysely';

/**
 * The weekly cadence (docs/decisions/0025): a table-backed job queue on both
 * engines (claimed with `FOR UPDATE SKIP LOCKED` on PostgreSQL), schedules
 * per organization with one claim row per (schedule, tick) so a tick runs
 * once across any number of processes, the weekly runs and their steps,
 * kept weekly readiness snapshots, the cadence settings of an organization
 * (SMTP URL and webhook URL sealed by secret-box), configured import
 * sources, per-person digest preferences, and the digests built.
 */
export const jobs: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.references('organizations.id'))
      .addColumn('task', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('dedupe_key', 'text', (c) => c.unique())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('run_after', 'text', (c) => c.notNull())
      .addColumn('locked_by', 'text')
      .addColumn('locked_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('result', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema.createIndex('jobs_ready').on('jobs').columns(['status', 'run_after']).execute();
    await db.schema.createIndex('jobs_org').on('jobs').columns(['org_id', 'created_at']).execute();

    await db.schema
      .createTable('job_schedules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('task', 'text', (c) => c.notNull())
      .addColumn('cron', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('last_tick', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('job_schedules_org_task', ['org_id', 'task'])
      .execute();

    await db.schema
      .createTable('job_ticks')
      .addColumn('schedule_id', 'text', (c) => c.notNull().references('job_schedules.id'))
      .addColumn('tick', 'text', (c) => c.notNull())
      .addColumn('job_id', 'text', (c) => c.notNull())
      .addColumn('claimed_by', 'text', (c) => c.notNull())
      .addColumn('claimed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('job_ticks_pk', ['schedule_id', 'tick'])
      .execute();

    await db.schema
      .createTable('weekly_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('job_id', 'text', (c) => c.notNull())
      .addColumn('week', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema
      .createIndex('weekly_runs_org')
      .on('weekly_runs')
      .columns(['org_id', 'started_at'])
      .execute();

    await db.schema
      .createTable('weekly_run_steps')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull().references('weekly_runs.id'))
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('job_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('error', 'text')
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema.createIndex('weekly_run_steps_run').on('weekly_run_steps').columns(['run_id']).execute();

    await db.schema
      .createTable('readiness_snapshots')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('week', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('engagement_id', 'text')
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('readiness_snapshots_org_week', ['org_id', 'week'])
      .execute();

    await db.schema
      .createTable('cadence_settings')
      .addColumn('org_id', 'text', (c) => c.primaryKey().references('organizations.id'))
      .addColumn('weekday', 'integer', (c) => c.notNull())
      .addColumn('hour', 'integer', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('smtp_url', 'text')
      .addColumn('mail_from', 'text')
      .addColumn('webhook_url', 'text')
      .addColumn('public_url', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('import_sources')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('location', 'text', (c) => c.notNull())
      .addColumn('scope', 'text')
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('import_sources_org').on('import_sources').columns(['org_id']).execute();

    await db.schema
      .createTable('digest_preferences')
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('opt_out', 'integer', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('digest_preferences_pk', ['org_id', 'person_id'])
      .execute();

    await db.schema
      .createTable('digests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('week', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('channels', 'text', (c) => c.notNull())
      .addColumn('delivery', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('digests_run_kind_person', ['run_id', 'kind', 'person_id'])
      .execute();
    await db.schema
      .createIndex('digests_person')
      .on('digests')
      .columns(['org_id', 'person_id', 'week'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'digests',
      'digest_preferences',
      'import_sources',
      'cadence_settings',
      'readiness_snapshots',
      'weekly_run_steps',
      'weekly_runs',
      'job_ticks',
      'job_schedules',
      'jobs',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
