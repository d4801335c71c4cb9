import type { Actor } from '../../core/ledger/chain.js';
import type { SecretBox } from '../../platform/auth/secret-box.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { CadenceSettingsTable, DigestsTable, WeeklyRunStepsTable } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Job } from '../../platform/jobs/job.js';
import { listSchedules, upsertSchedule } from '../../platform/jobs/jobs.repository.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import { isTimeZone, weeklyCron } from '../../platform/jobs/schedule.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import { SMTP_URL_ENV } from '../../platform/notify/mail.js';
import { listOrganizations } from '../organizations/organization.repository.js';
import { findPersonById } from '../people/person.repository.js';
import {
  deleteImportSource,
  findCadenceSettings,
  insertImportSource,
  latestDigestsOf,
  listDigestPreferences,
  listImportSources,
  listRunSteps,
  listWeeklyRuns,
  upsertCadenceSettings,
  upsertDigestPreference,
} from './cadence.repository.js';
import {
  type CadenceSettings,
  cadenceSettingsInputSchema,
  type DigestChannel,
  type DigestPreference,
  digestPreferenceInputSchema,
  type ImportSource,
  importSourceInputSchema,
  type JobView,
  type StoredDigest,
  storedDigestSchema,
  type ThisWeek,
  type WeeklyRun,
} from './cadence.schema.js';

/** The task of an organization's weekly run. */
export const WEEKLY_RUN_TASK = 'weekly-run';

/** An organization's weekly run without settings of its own: Monday 07:00 UTC. */
export const DEFAULT_CADENCE = { weekday: 1, hour: 7, timeZone: 'UTC' } as const;

/** A zod failure as `invalid_input` naming the field (the connectors' inputs too). */
export function parsed<T>(
  result:
    | { success: true; data: T }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } },
): T {
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  throw new AppError('invalid_input', `${field || 'input'}: ${issue.message}`, { field });
}

/** The settings row of an organization, or the defaults. */
export async function cadenceSettingsRow(database: Database, orgId: string): Promise<CadenceSettingsTable> {
  return (
    (await findCadenceSettings(database.db, orgId)) ?? {
      org_id: orgId,
      weekday: DEFAULT_CADENCE.weekday,
      hour: DEFAULT_CADENCE.hour,
      time_zone: DEFAULT_CADENCE.timeZone,
      smtp_url: null,
      mail_from: null,
      webhook_url: null,
      public_url: null,
      updated_at: new Date(0).toISOString(),
    }
  );
}

function settingsView(row: CadenceSettingsTable, env: NodeJS.ProcessEnv): CadenceSettings {
  return {
    weekday: Number(row.weekday),
    hour: Number(row.hour),
    timeZone: row.time_zone,
    mailFrom: row.mail_from,
    publicUrl: row.public_url,
    smtpConfigured: row.smtp_url !== null || Boolean(env[SMTP_URL_ENV]),
    smtpFromEnvironment: row.smtp_url === null && Boolean(env[SMTP_URL_ENV]),
    webhookConfigured: row.webhook_url !== null,
  };
}

/** An organization's cadence settings (secrets only as "configured"). */
export async function getCadenceSettings(
  database: Database,
  orgId: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CadenceSettings> {
  return settingsView(await cadenceSettingsRow(database, orgId), env);
}

/** Sealing context of an organization's cadence secrets (bound as associated data: a copied value does not open elsewhere). */
export const cadenceSecretContext = (orgId: string, which: 'smtp' | 'webhook') => `cadence-${which}:${orgId}`;

async function putWeeklySchedule(
  w: Write,
  orgId: string,
  cadence: { weekday: number; hour: number; timeZone: string },
  now: Date,
): Promise<void> {
  const existing = (await listSchedules(w.tx, orgId)).find((s) => s.task === WEEKLY_RUN_TASK);
  const cron = weeklyCron(cadence.weekday, cadence.hour);
  await upsertSchedule(w.tx, {
    id: existing?.id ?? newId(),
    org_id: orgId,
    task: WEEKLY_RUN_TASK,
    cron,
    time_zone: cadence.timeZone,
    enabled: 1,
    last_tick: existing?.last_tick ?? null,
    created_at: existing?.created_at ?? now.toISOString(),
    updated_at: now.toISOString(),
  });
  if (!existing || existing.cron !== cron || existing.time_zone !== cadence.timeZone) {
    w.record({
      action: existing ? 'update' : 'create',
      recordType: 'job-schedule',
      recordId: `${orgId}:${WEEKLY_RUN_TASK}`,
      change: { cron, timeZone: cadence.timeZone },
    });
  }
}

/**
 * Saves the weekly run's day, hour and time zone (its schedule follows) and
 * how digests leave: the SMTP and webhook URLs are sealed with the
 * installation's secret key, never returned; omitted keeps, null clears.
 */
export async function updateCadenceSettings(
  database: Database,
  actor: Actor,
  orgId: string,
  input: unknown,
  deps: { secretBox: SecretBox | null; clock: Clock; env?: NodeJS.ProcessEnv },
): Promise<CadenceSettings> {
  const s = parsed(cadenceSettingsInputSchema.safeParse(input));
  if (!isTimeZone(s.timeZone))
    throw new AppError('invalid_input', `timeZone: ${s.timeZone} is not a known time zone`, {
      field: 'timeZone',
    });
  const current = await cadenceSettingsRow(database, orgId);
  const seal = (value: string | null | undefined, which: 'smtp' | 'webhook', kept: string | null) => {
    if (value === undefined) return kept;
    if (value === null) return null;
    if (!deps.secretBox)
      throw new AppError('unavailable', 'no secret key is configured: the URL cannot be stored sealed');
    return deps.secretBox.seal(value, cadenceSecretContext(orgId, which));
  };
  const now = deps.clock.now();
  const row: CadenceSettingsTable = {
    org_id: orgId,
    weekday: s.weekday,
    hour: s.hour,
    time_zone: s.timeZone,
    smtp_url: seal(s.smtpUrl, 'smtp', current.smtp_url),
    mail_from: s.mailFrom === undefined ? current.mail_from : s.mailFrom,
    webhook_url: seal(s.webhookUrl, 'webhook', current.webhook_url),
    public_url: s.publicUrl === undefined ? current.public_url : (s.publicUrl?.replace(/\/+$/, '') ?? null),
    updated_at: now.toISOString(),
  };
  await write(database, { actor, orgId }, async (w) => {
    await upsertCadenceSettings(w.tx, row);
    w.record({
      action: 'update',
      recordType: 'cadence-settings',
      recordId: orgId,
      // Secrets never enter the ledger: only whether they changed.
      change: {
        weekday: row.weekday,
        hour: row.hour,
        timeZone: row.time_zone,
        mailFrom: row.mail_from,
        publicUrl: row.public_url,
        smtpUrl: s.smtpUrl === undefined ? 'kept' : s.smtpUrl === null ? 'cleared' : 'set',
        webhookUrl: s.webhookUrl === undefined ? 'kept' : s.webhookUrl === null ? 'cleared' : 'set',
      },
    });
    await putWeeklySchedule(w, orgId, { weekday: s.weekday, hour: s.hour, timeZone: s.timeZone }, now);
  });
  return settingsView(row, deps.env ?? process.env);
}

/** Gives every organization without one its weekly run's schedule (the defaults, or its settings). */
export async function ensureWeeklySchedules(database: Database, actor: Actor, clock: Clock): Promise<number> {
  const scheduled = new Set(
    (await listSchedules(database.db)).filter((s) => s.task === WEEKLY_RUN_TASK).map((s) => s.org_id),
  );
  let created = 0;
  for (const org of await listOrganizations(database.db)) {
    if (scheduled.has(org.id)) continue;
    const row = await cadenceSettingsRow(database, org.id);
    await write(database, { actor, orgId: org.id }, (w) =>
      putWeeklySchedule(
        w,
        org.id,
        { weekday: Number(row.weekday), hour: Number(row.hour), timeZone: row.time_zone },
        clock.now(),
      ),
    );
    created += 1;
  }
  return created;
}

function sourceView(r: {
  id: string;
  kind: string;
  location: string;
  scope: string | null;
  enabled: number;
  created_at: string;
}): ImportSource {
  return {
    id: r.id,
    kind: r.kind,
    location: r.location,
    scope: r.scope,
    enabled: Boolean(Number(r.enabled)),
    createdAt: r.created_at,
  };
}

/** The organization's scheduled collections. */
export async function getImportSources(database: Database, orgId: string): Promise<ImportSource[]> {
  return (await listImportSources(database.db, orgId)).map(sourceView);
}

/** Adds a scheduled collection: a file the weekly run imports with the roster or an NHI importer. */
export async function addImportSource(
  database: Database,
  actor: Actor,
  orgId: string,
  input: unknown,
  clock: Clock,
): Promise<ImportSource> {
  const s = parsed(importSourceInputSchema.safeParse(input));
  const at = clock.now().toISOString();
  const row = {
    id: newId(),
    org_id: orgId,
    kind: s.kind,
    location: s.location,
    scope: s.scope ?? null,
    enabled: s.enabled === false ? 0 : 1,
    created_at: at,
    updated_at: at,
  };
  await write(database, { actor, orgId }, async (w) => {
    await insertImportSource(w.tx, row);
    w.record({ action: 'create', recordType: 'import-source', recordId: row.id, change: row });
  });
  return sourceView(row);
}

/** Removes a scheduled collection. */
export async function removeImportSource(
  database: Database,
  actor: Actor,
  orgId: string,
  id: string,
): Promise<void> {
  await write(database, { actor, orgId }, async (w) => {
    if ((await deleteImportSource(w.tx, orgId, id)) === 0) throw notFound('import source', id);
    w.record({ action: 'delete', recordType: 'import-source', recordId: id, change: null });
  });
}

/** Every person's preference (no row: e-mail, not opted out). */
export async function digestPreferencesOf(
  database: Database,
  orgId: string,
): Promise<Map<string, DigestPreference>> {
  const rows = await listDigestPreferences(database.db, orgId);
  return new Map(
    rows.map((r) => [
      r.person_id,
      { optOut: Boolean(Number(r.opt_out)), channel: r.channel as DigestChannel },
    ]),
  );
}

const DEFAULT_PREFERENCE: DigestPreference = { optOut: false, channel: 'email' };

/** Sets a person's digest preference: the caller's own, or anyone's for a lead or an admin. */
export async function setDigestPreference(
  database: Database,
  actor: Actor,
  caller: { id: string; personId: string | null; role: string },
  input: unknown,
): Promise<DigestPreference> {
  const orgId = caller.id;
  const { personId: named, ...p } = parsed(digestPreferenceInputSchema.safeParse(input));
  const personId = named ?? caller.personId;
  if (!personId)
    throw new AppError('invalid_input', 'personId: your membership is not linked to a person of the roster', {
      field: 'personId',
    });
  if (personId !== caller.personId && caller.role !== 'admin' && caller.role !== 'compliance-lead')
    throw new AppError('forbidden', 'only a lead sets another person’s digest preference');
  if (!(await findPersonById(database.db, orgId, personId))) throw notFound('person', personId);
  await write(database, { actor, orgId }, async (w) => {
    await upsertDigestPreference(w.tx, {
      org_id: orgId,
      person_id: personId,
      opt_out: p.optOut ? 1 : 0,
      channel: p.channel,
      updated_at: new Date().toISOString(),
    });
    w.record({ action: 'update', recordType: 'digest-preference', recordId: personId, change: p });
  });
  return p;
}

/** A stored digest row as the API sends it. */
export function digestView(r: DigestsTable): StoredDigest {
  return storedDigestSchema.parse({
    id: r.id,
    runId: r.run_id,
    week: r.week,
    kind: r.kind,
    personId: r.person_id,
    content: JSON.parse(r.content),
    channels: JSON.parse(r.channels),
    delivery: JSON.parse(r.delivery),
    createdAt: r.created_at,
  });
}

/** A person's "This week": the digests of their latest weekly run and their preference. */
export async function getThisWeek(
  database: Database,
  orgId: string,
  personId: string | null,
): Promise<ThisWeek> {
  if (!personId) return { personId: null, preference: DEFAULT_PREFERENCE, digests: [] };
  const preference = (await digestPreferencesOf(database, orgId)).get(personId) ?? DEFAULT_PREFERENCE;
  const digests = (await latestDigestsOf(database.db, orgId, personId)).map(digestView);
  return { personId, preference, digests };
}

function stepView(s: WeeklyRunStepsTable) {
  return {
    position: Number(s.position),
    name: s.name,
    jobId: s.job_id,
    status: s.status as WeeklyRun['steps'][number]['status'],
    detail: s.detail === null ? null : (JSON.parse(s.detail) as unknown),
    error: s.error,
    startedAt: s.started_at,
    finishedAt: s.finished_at,
  };
}

/** The latest weekly runs of an organization with their steps. */
export async function getWeeklyRuns(database: Database, orgId: string, limit = 20): Promise<WeeklyRun[]> {
  const runs = await listWeeklyRuns(database.db, orgId, limit);
  const steps = await listRunSteps(
    database.db,
    runs.map((r) => r.id),
  );
  return runs.map((r) => ({
    id: r.id,
    jobId: r.job_id,
    week: r.week,
    status: r.status as WeeklyRun['status'],
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    steps: steps.filter((s) => s.run_id === r.id).map(stepView),
  }));
}

/** A job as the API shows it. */
export function jobView(j: Job): JobView {
  return {
    id: j.id,
    task: j.task,
    payload: j.payload,
    status: j.status,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    runAfter: j.runAfter,
    lastError: j.lastError,
    createdAt: j.createdAt,
    updatedAt: j.updatedAt,
    finishedAt: j.finishedAt,
  };
}

/** An organization's jobs, newest first (dead letters with `status: 'dead'`). */
export async function getJobs(
  queue: JobQueue,
  orgId: string,
  filter: { status?: Job['status'] } = {},
): Promise<JobView[]> {
  return (await queue.list({ orgId, ...filter })).map(jobView);
}

/** Queues a dead job again (a lead's retry). */
export async function retryJob(
  queue: JobQueue,
  actor: Actor,
  orgId: string,
  jobId: string,
  clock: Clock,
): Promise<JobView> {
  return jobView(await queue.retry(actor, jobId, clock.now(), orgId));
}
