import { z } from 'zod';
import { digestContentSchema, snapshotChangeSchema } from '../../core/digests/schema.js';
import { NHI_IMPORT_KIND_NAMES } from '../../core/nhi/import-kinds.js';
import { JOB_STATUSES } from '../../platform/jobs/job.js';

/** What a scheduled collection reads: the HR roster, or one of the NHI export kinds. */
export const IMPORT_SOURCE_KINDS = ['roster', ...NHI_IMPORT_KIND_NAMES] as const;

/** How a person receives their digest: e-mail, the organization's webhook, both, or only in the UI. */
export const DIGEST_CHANNELS = ['email', 'webhook', 'both', 'none'] as const;

/** The organization's cadence settings as an admin sends them; the URLs are secrets, written never read back. */
export const cadenceSettingsInputSchema = z.object({
  weekday: z.number().int().min(0).max(6).describe('0 Sunday … 6 Saturday (default 1, Monday)'),
  hour: z.number().int().min(0).max(23).describe('local hour of the weekly run (default 7)'),
  timeZone: z.string().min(1).max(64).describe('IANA time zone, e.g. Europe/Berlin'),
  smtpUrl: z
    .string()
    .max(2000)
    .regex(/^smtps?:\/\//, 'an smtp:// (STARTTLS) or smtps:// URL')
    .nullable()
    .optional()
    .describe(
      'smtp://user:pass@host:587 (STARTTLS when offered; ?requireTLS=true refuses without) or smtps://; null clears; omitted keeps',
    ),
  mailFrom: z.email().max(320).nullable().optional(),
  webhookUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .optional()
    .describe('Slack-compatible incoming webhook; null clears; omitted keeps'),
  publicUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable()
    .optional()
    .describe('base URL of the web UI the digests link to'),
});

/** The settings as the API answers them: whether a secret is set, never the secret. */
export const cadenceSettingsSchema = z.object({
  weekday: z.number().int(),
  hour: z.number().int(),
  timeZone: z.string(),
  mailFrom: z.string().nullable(),
  publicUrl: z.string().nullable(),
  smtpConfigured: z.boolean(),
  smtpFromEnvironment: z.boolean(),
  webhookConfigured: z.boolean(),
});

/** A scheduled collection to add. */
export const importSourceInputSchema = z.object({
  kind: z.enum(IMPORT_SOURCE_KINDS),
  location: z.string().min(1).max(1000).describe('path of the file on the server the weekly run reads'),
  scope: z.string().max(200).nullable().optional(),
  enabled: z.boolean().optional(),
});

/** A configured import source. */
export const importSourceSchema = z.object({
  id: z.string(),
  kind: z.string(),
  location: z.string(),
  scope: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
});

/** A person's digest preference. */
export const digestPreferenceSchema = z.object({
  optOut: z.boolean(),
  channel: z.enum(DIGEST_CHANNELS),
});

/** A preference to set: the caller's own, or (leads) a named person's. */
export const digestPreferenceInputSchema = digestPreferenceSchema.extend({
  personId: z
    .string()
    .min(4)
    .max(64)
    .optional()
    .describe('whose preference (default: the caller’s own person); leads set anyone’s'),
});

/** A job of the queue as the API shows it. */
export const jobSchema = z.object({
  id: z.string(),
  task: z.string(),
  payload: z.record(z.string(), z.unknown()),
  status: z.enum(JOB_STATUSES),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAfter: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});

/** One step of a weekly run. */
export const weeklyRunStepSchema = z.object({
  position: z.number().int(),
  name: z.string(),
  jobId: z.string().nullable(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  /** What the step did (counts, what was sent), null before it ran. */
  detail: z.unknown(),
  error: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

/** A weekly run with its steps. */
export const weeklyRunSchema = z.object({
  id: z.string(),
  jobId: z.string(),
  week: z.string(),
  status: z.enum(['running', 'succeeded', 'partial', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  steps: z.array(weeklyRunStepSchema),
});

/** A digest as stored and shown on a person's "This week" page. */
export const storedDigestSchema = z.object({
  id: z.string(),
  runId: z.string(),
  week: z.string(),
  kind: z.enum(['owner', 'lead']),
  personId: z.string(),
  content: digestContentSchema,
  channels: z.array(z.string()),
  delivery: z.record(z.string(), z.string()),
  createdAt: z.string(),
});

/** A person's "This week": their latest digests and their preference. */
export const thisWeekSchema = z.object({
  personId: z.string().nullable(),
  preference: digestPreferenceSchema,
  digests: z.array(storedDigestSchema),
});

/** The change since the previous weekly snapshot (null before the first). */
export const readinessChangeSchema = z.object({ change: snapshotChangeSchema.nullable() });

export type CadenceSettingsInput = z.infer<typeof cadenceSettingsInputSchema>;
export type CadenceSettings = z.infer<typeof cadenceSettingsSchema>;
export type ImportSourceInput = z.infer<typeof importSourceInputSchema>;
export type ImportSource = z.infer<typeof importSourceSchema>;
export type DigestPreference = z.infer<typeof digestPreferenceSchema>;
export type DigestChannel = (typeof DIGEST_CHANNELS)[number];
export type JobView = z.infer<typeof jobSchema>;
export type WeeklyRun = z.infer<typeof weeklyRunSchema>;
export type WeeklyRunStep = z.infer<typeof weeklyRunStepSchema>;
export type StoredDigest = z.infer<typeof storedDigestSchema>;
export type ThisWeek = z.infer<typeof thisWeekSchema>;
