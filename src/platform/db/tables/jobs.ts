/** Tables of migration 0016: the job queue, schedules and their tick claims, weekly runs, snapshots, digests. */

/** One job of the queue: a named task with a JSON payload, retried with backoff until done or dead. */
export interface JobsTable {
  id: string;
  org_id: string | null;
  task: string;
  /** JSON object. */
  payload: string;
  /** Unique when set: a second enqueue with the same key is the same job. */
  dedupe_key: string | null;
  /** `queued`, `running`, `succeeded` or `dead`. */
  status: string;
  attempts: number;
  max_attempts: number;
  /** Not claimed before this instant (ISO). */
  run_after: string;
  locked_by: string | null;
  locked_at: string | null;
  last_error: string | null;
  /** JSON of the handler's result. */
  result: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** A recurring task of an organization: a croner expression in a time zone. */
export interface JobSchedulesTable {
  id: string;
  org_id: string;
  task: string;
  cron: string;
  time_zone: string;
  enabled: number;
  /** The last tick enqueued (ISO instant), null before the first. */
  last_tick: string | null;
  created_at: string;
  updated_at: string;
}

/** The claim of one tick of a schedule: its primary key is what makes a tick run once. */
export interface JobTicksTable {
  schedule_id: string;
  tick: string;
  job_id: string;
  claimed_by: string;
  claimed_at: string;
}

/** One weekly run of an organization. */
export interface WeeklyRunsTable {
  id: string;
  org_id: string;
  job_id: string;
  /** The Monday (YYYY-MM-DD) of the week, in the organization's time zone. */
  week: string;
  /** `running`, `succeeded`, `partial` (a collection failed) or `failed`. */
  status: string;
  started_at: string;
  finished_at: string | null;
}

/** One step of a weekly run (a collection, the snapshot, the digests). */
export interface WeeklyRunStepsTable {
  id: string;
  run_id: string;
  org_id: string;
  position: number;
  name: string;
  job_id: string | null;
  /** `queued`, `running`, `succeeded`, `failed`. */
  status: string;
  /** JSON. */
  detail: string | null;
  error: string | null;
  started_at: string | null;
  finished_at: string | null;
}

/** Readiness as it stood at one weekly run: counts by status and category, status per control (JSON). */
export interface ReadinessSnapshotsTable {
  id: string;
  org_id: string;
  week: string;
  at: string;
  engagement_id: string | null;
  content: string;
  created_at: string;
}

/** When an organization's weekly run happens and how digests leave (URLs sealed by secret-box). */
export interface CadenceSettingsTable {
  org_id: string;
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
  hour: number;
  time_zone: string;
  smtp_url: string | null;
  mail_from: string | null;
  webhook_url: string | null;
  /** The base URL links in digests point to. */
  public_url: string | null;
  updated_at: string;
}

/** A file the weekly run imports (roster or an NHI export kind). */
export interface ImportSourcesTable {
  id: string;
  org_id: string;
  kind: string;
  location: string;
  scope: string | null;
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** A person's choice about their digest. */
export interface DigestPreferencesTable {
  org_id: string;
  person_id: string;
  opt_out: number;
  /** `email`, `webhook`, `both` or `none` (in the UI only). */
  channel: string;
  updated_at: string;
}

/** A digest built by a weekly run: an owner's or a lead's. */
export interface DigestsTable {
  id: string;
  org_id: string;
  run_id: string;
  week: string;
  /** `owner` or `lead`. */
  kind: string;
  person_id: string;
  /** JSON of the digest. */
  content: string;
  /** JSON array of the channels it was sent to. */
  channels: string;
  /** JSON: per channel, `sent` or the error. */
  delivery: string;
  created_at: string;
}

/** The tables of migration 0016. */
export interface JobTables {
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
  job_ticks: JobTicksTable;
  weekly_runs: WeeklyRunsTable;
  weekly_run_steps: WeeklyRunStepsTable;
  readiness_snapshots: ReadinessSnapshotsTable;
  cadence_settings: CadenceSettingsTable;
  import_sources: ImportSourcesTable;
  digest_preferences: DigestPreferencesTable;
  digests: DigestsTable;
}
