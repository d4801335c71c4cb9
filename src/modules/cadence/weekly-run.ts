import { addDays } from '../../core/dates.js';
import {
  buildLeadDigest,
  buildOwnerDigests,
  compareSnapshots,
  type DigestPerson,
  snapshotOf,
} from '../../core/digests/build.js';
import {
  type DigestContent,
  type DigestItem,
  type FailedCollection,
  snapshotContentSchema,
} from '../../core/digests/schema.js';
import type { Actor } from '../../core/ledger/chain.js';
import { withGapItems } from '../../core/plan/index.js';
import { computeReadiness } from '../../core/readiness/index.js';
import type { SecretBox } from '../../platform/auth/secret-box.js';
import type { BlobStore } from '../../platform/blobs/blob-store.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { DigestsTable } from '../../platform/db/schema.js';
import { newId } from '../../platform/ids.js';
import type { Job } from '../../platform/jobs/job.js';
import type { TaskContext, TaskDefinition } from '../../platform/jobs/runner.js';
import { localDate } from '../../platform/jobs/schedule.js';
import { type Write, write } from '../../platform/ledger/ledger.js';
import { collectGithubConnection, enabledGithubConnections } from '../connectors/connectors.service.js';
import { listFindings } from '../findings/finding.repository.js';
import { importNhi } from '../nhi/import/import.service.js';
import { findOrganization } from '../organizations/organization.repository.js';
import { listPeople } from '../people/person.repository.js';
import { importRoster } from '../people/person.service.js';
import { loadReadinessContext } from '../readiness/readiness.service.js';
import {
  findImportSource,
  findWeeklyRun,
  findWeeklyRunOfJob,
  insertDigests,
  insertRunSteps,
  insertWeeklyRun,
  latestSnapshots,
  listImportSources,
  listRejectedEvidence,
  listRunSteps,
  memberPersonIds,
  updateRunStep,
  updateWeeklyRun,
  upsertSnapshot,
} from './cadence.repository.js';
import { type DigestChannel, IMPORT_SOURCE_KINDS } from './cadence.schema.js';
import { cadenceSettingsRow, digestPreferencesOf, WEEKLY_RUN_TASK } from './cadence.service.js';
import { deliverDigests } from './digest-delivery.js';
import { refreshRecordRules } from './record-rules.js';

/** A collection of one import source within a weekly run. */
export const COLLECT_TASK = 'collect';
/** The snapshot and the digests, once every collection of the run is final. */
export const WEEKLY_FINISH_TASK = 'weekly-finish';

/** Who the weekly run's own writes name in the activity log. */
export const WEEKLY_RUN_ACTOR: Actor = { type: 'system', id: 'weekly-run', label: 'auditready weekly run' };

/**
 * Items other concepts address to a person for the owner's digest (a
 * requests module registers its open requests here): called at every
 * weekly run with the organization and the run's local date.
 */
export type AddressedItemSource = (database: Database, orgId: string, today: string) => Promise<DigestItem[]>;

/** What the weekly run's tasks need besides the store. */
export interface WeeklyRunDeps {
  database: Database;
  blobs: BlobStore;
  secretBox: SecretBox | null;
  clock: Clock;
  env?: NodeJS.ProcessEnv;
  addressedItemSources?: readonly AddressedItemSource[];
}

const str = (job: Job, key: string) => String(job.payload[key] ?? '');
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The tasks of the weekly run (docs/decisions/0025):
 * - `weekly-run` (from the schedule, or `jobs run weekly-run`) opens the run and queues one `collect` job per
 *   enabled import source (each retried with backoff, then dead-lettered);
 * - every collect job that reaches a final state settles its step; the last one queues `weekly-finish`;
 * - `weekly-finish` writes the readiness snapshot, builds and stores the digests, and sends them.
 * A failed collection never stops the digests: it is named in the lead's.
 */
export function weeklyRunTasks(deps: WeeklyRunDeps): TaskDefinition[] {
  const { database } = deps;
  const env = deps.env ?? process.env;

  /** Settles a collection's step; when it was the last open one, queues the finish (once: the run row is locked). */
  async function settleCollection(
    ctx: TaskContext,
    status: 'succeeded' | 'failed',
    detail: unknown,
    error: string | null,
  ) {
    const { job } = ctx;
    const runId = str(job, 'runId');
    await write(database, { actor: WEEKLY_RUN_ACTOR, orgId: job.orgId }, async (w) => {
      const run = await findWeeklyRun(w.tx, runId, { lock: database.dialect });
      if (!run) return;
      await updateRunStep(w.tx, str(job, 'stepId'), {
        status,
        detail: detail === null ? null : JSON.stringify(detail),
        error,
        finished_at: deps.clock.now().toISOString(),
      });
      w.record({
        action: status === 'succeeded' ? 'collect' : 'collect-failed',
        recordType: 'weekly-run',
        recordId: runId,
        change: {
          source: job.payload.sourceId ?? job.payload.connectionId,
          status,
          ...(error ? { error } : {}),
        },
      });
      const steps = await listRunSteps(w.tx, [runId]);
      const open = steps.filter(
        (s) => s.name.startsWith('collect') && (s.status === 'queued' || s.status === 'running'),
      );
      if (open.length === 0) await queueFinish(ctx, w, runId);
    });
  }

  return [
    {
      name: WEEKLY_RUN_TASK,
      maxAttempts: 3,
      async run(ctx) {
        const { job } = ctx;
        const orgId = job.orgId!;
        const existing = await findWeeklyRunOfJob(database.db, job.id);
        if (existing) return { runId: existing.id };
        const settings = await cadenceSettingsRow(database, orgId);
        const now = deps.clock.now();
        const runId = newId();
        const files = (await listImportSources(database.db, orgId)).filter((s) => Number(s.enabled) === 1);
        // The scheduled collections: the files of import sources, then the connectors (docs/decisions/0033).
        const sources = [
          ...files.map((s) => ({ id: s.id, name: `${s.kind} ${s.location}`, payload: { sourceId: s.id } })),
          ...(await enabledGithubConnections(database, orgId)).map((c) => ({
            id: c.id,
            name: `github ${c.account}`,
            payload: { connectionId: c.id },
          })),
        ];
        await write(database, { actor: WEEKLY_RUN_ACTOR, orgId }, async (w) => {
          await insertWeeklyRun(w.tx, {
            id: runId,
            org_id: orgId,
            job_id: job.id,
            week: localDate(now, settings.time_zone),
            status: 'running',
            started_at: now.toISOString(),
            finished_at: null,
          });
          const steps = sources.map((s, i) => ({
            id: newId(),
            run_id: runId,
            org_id: orgId,
            position: i + 1,
            name: `collect ${s.name}`,
            job_id: null as string | null,
            status: 'queued',
            detail: null,
            error: null,
            started_at: null,
            finished_at: null,
          }));
          for (const [i, step] of steps.entries()) {
            step.job_id = await ctx.queue.enqueue(
              w,
              COLLECT_TASK,
              { runId, stepId: step.id, ...sources[i]!.payload },
              { orgId, dedupeKey: `collect:${step.id}`, maxAttempts: 3 },
            );
          }
          await insertRunSteps(w.tx, steps);
          w.record({
            action: 'start',
            recordType: 'weekly-run',
            recordId: runId,
            change: { job: job.id, collections: sources.map((s) => s.id) },
          });
          if (steps.length === 0) await queueFinish(ctx, w, runId);
        });
        return { runId, collections: sources.length };
      },
    },
    {
      name: COLLECT_TASK,
      maxAttempts: 3,
      async run(ctx) {
        const { job } = ctx;
        const orgId = job.orgId!;
        const connectionId = job.payload.connectionId === undefined ? null : str(job, 'connectionId');
        const source = connectionId ? null : await findImportSource(database.db, orgId, str(job, 'sourceId'));
        if (!connectionId && !source) throw new Error('the import source was removed');
        await write(database, { actor: WEEKLY_RUN_ACTOR, orgId }, async (w) => {
          await updateRunStep(w.tx, str(job, 'stepId'), {
            status: 'running',
            started_at: deps.clock.now().toISOString(),
          });
          w.record({
            action: 'collect-attempt',
            recordType: 'weekly-run',
            recordId: str(job, 'runId'),
            change: { source: connectionId ?? source!.id, attempt: job.attempts },
          });
        });
        const settings = await cadenceSettingsRow(database, orgId);
        const today = localDate(deps.clock.now(), settings.time_zone);
        if (connectionId) {
          const r = await collectGithubConnection(
            deps,
            WEEKLY_RUN_ACTOR,
            orgId,
            { id: connectionId },
            { at: today },
          );
          return { kind: 'github', ...r };
        }
        if (!source) throw new Error('the import source was removed');
        if (source.kind === 'roster') {
          const r = await importRoster(database, WEEKLY_RUN_ACTOR, orgId, { file: source.location });
          return { kind: 'roster', ...r };
        }
        if (!(IMPORT_SOURCE_KINDS as readonly string[]).includes(source.kind))
          throw new Error(`unknown import kind ${source.kind}`);
        const r = await importNhi({ database, blobs: deps.blobs }, WEEKLY_RUN_ACTOR, orgId, {
          kind: source.kind,
          file: source.location,
          scope: source.scope ?? undefined,
          at: today,
        });
        return { kind: source.kind, status: r.status };
      },
      async settled(ctx, outcome) {
        if (outcome.status === 'succeeded') {
          const job = await ctx.queue.get(ctx.job.id);
          // A connector's units GitHub refused: collected in part, which the lead's digest names.
          const problems = (
            job.result as { problems?: { unit: string; status: number; message: string }[] } | null
          )?.problems;
          if (problems && problems.length > 0)
            await settleCollection(
              ctx,
              'failed',
              job.result,
              `collected in part; refused: ${problems.map((p) => `${p.unit} (${p.status} ${p.message})`).join('; ')}`,
            );
          else await settleCollection(ctx, 'succeeded', job.result, null);
        } else await settleCollection(ctx, 'failed', null, outcome.error ?? 'failed');
      },
    },
    {
      name: WEEKLY_FINISH_TASK,
      maxAttempts: 3,
      run: (ctx) => finishRun(deps, env, ctx),
    },
  ];
}

/** Queues the run's finish once (its dedupe key is the run). */
async function queueFinish(ctx: TaskContext, w: Write, runId: string): Promise<void> {
  await ctx.queue.enqueue(
    w,
    WEEKLY_FINISH_TASK,
    { runId },
    { orgId: ctx.job.orgId, dedupeKey: `finish:${runId}` },
  );
}

/** Runs one step of the finish, recorded as a step row (found again when the finish is retried). */
async function step<T>(
  deps: WeeklyRunDeps,
  orgId: string,
  runId: string,
  name: string,
  fn: () => Promise<{ value: T; detail: unknown; failed?: string | null }>,
): Promise<T> {
  const { database, clock } = deps;
  const steps = await listRunSteps(database.db, [runId]);
  let row = steps.find((s) => s.name === name);
  if (!row) {
    row = {
      id: newId(),
      run_id: runId,
      org_id: orgId,
      position: steps.length + 1,
      name,
      job_id: null,
      status: 'running',
      detail: null,
      error: null,
      started_at: clock.now().toISOString(),
      finished_at: null,
    };
    const inserted = row;
    await write(database, { actor: WEEKLY_RUN_ACTOR, orgId }, (w) => insertRunSteps(w.tx, [inserted]));
  }
  const stepId = row.id;
  try {
    const { value, detail, failed } = await fn();
    await write(database, { actor: WEEKLY_RUN_ACTOR, orgId }, async (w) => {
      await updateRunStep(w.tx, stepId, {
        status: failed ? 'failed' : 'succeeded',
        detail: JSON.stringify(detail),
        error: failed ?? null,
        finished_at: clock.now().toISOString(),
      });
      w.record({ action: name, recordType: 'weekly-run', recordId: runId, change: detail });
    });
    return value;
  } catch (err) {
    await write(database, { actor: WEEKLY_RUN_ACTOR, orgId }, (w) =>
      updateRunStep(w.tx, stepId, {
        status: 'failed',
        error: errorText(err),
        finished_at: clock.now().toISOString(),
      }),
    );
    throw err;
  }
}

/** Which channels a person's digest goes to. */
function channelsOf(channel: DigestChannel): ('email' | 'webhook')[] {
  if (channel === 'both') return ['email', 'webhook'];
  if (channel === 'none') return [];
  return [channel];
}

/** The snapshot, the digests (built, stored, sent), and the run's outcome. */
async function finishRun(deps: WeeklyRunDeps, env: NodeJS.ProcessEnv, ctx: TaskContext): Promise<unknown> {
  const { database, clock } = deps;
  const runId = str(ctx.job, 'runId');
  const run = await findWeeklyRun(database.db, runId);
  if (!run) throw new Error(`weekly run ${runId} not found`);
  const orgId = run.org_id;
  const today = run.week;
  const settings = await cadenceSettingsRow(database, orgId);
  const org = await findOrganization(database.db, orgId);
  const base = `${settings.public_url ?? env.AUDITREADY_PUBLIC_URL?.replace(/\/+$/, '') ?? 'http://127.0.0.1:8080'}/o/${org?.slug ?? orgId}`;

  // Rule findings that time alone opens or resolves, before readiness reads them.
  await step(deps, orgId, runId, 'rules', async () => {
    const counts = await refreshRecordRules(deps, WEEKLY_RUN_ACTOR, orgId, today);
    return { value: counts, detail: counts };
  });
  const readinessContext = await loadReadinessContext(database, orgId, { at: today });
  const readiness = computeReadiness(readinessContext.input);

  const change = await step(deps, orgId, runId, 'snapshot', async () => {
    const content = snapshotOf(readiness);
    await write(database, { actor: WEEKLY_RUN_ACTOR, orgId }, async (w) => {
      await upsertSnapshot(w.tx, {
        id: newId(),
        org_id: orgId,
        week: today,
        at: readiness.at,
        engagement_id: readiness.engagementId,
        content: JSON.stringify(content),
        created_at: clock.now().toISOString(),
      });
    });
    const previous = (await latestSnapshots(database.db, orgId, addDays(today, -1)))[0];
    const value = compareSnapshots(
      today,
      content,
      previous
        ? { week: previous.week, content: snapshotContentSchema.parse(JSON.parse(previous.content)) }
        : null,
    );
    return { value, detail: { controls: content.controls, previousWeek: value.previousWeek } };
  });

  const steps = await listRunSteps(database.db, [runId]);
  const failedCollections: FailedCollection[] = steps
    .filter((s) => s.name.startsWith('collect ') && s.status === 'failed')
    .map((s) => ({ source: s.name.slice('collect '.length), error: s.error ?? 'failed' }));

  const people = await listPeople(database.db, orgId);
  const byId = new Map(people.map((p) => [p.id, p]));
  const preferences = await digestPreferencesOf(database, orgId);
  const preferenceOf = (id: string) => preferences.get(id) ?? { optOut: false, channel: 'email' as const };
  const wanted = (id: string) => byId.get(id)?.status === 'active' && !preferenceOf(id).optOut;

  await step(deps, orgId, runId, 'digests', async () => {
    const digestPeople: DigestPerson[] = people.map((p) => ({ id: p.id, name: p.name, status: p.status }));
    const rejected = (
      await listRejectedEvidence(database.db, orgId, `${addDays(today, -7)}T00:00:00.000Z`)
    ).map((r) => ({
      evidenceId: r.evidence_id,
      controlCode: r.control_code,
      requirementCode: r.requirement_code,
      ownerId: r.owner_id,
      reason: r.reason,
      reviewer: r.reviewer_label,
      reviewedOn: r.reviewed_at.slice(0, 10),
    }));
    const findings = (await listFindings(database.db, orgId)).map((f) => ({
      id: f.id,
      title: f.title,
      severity: f.severity,
      ownerId: f.ownerId,
      dueOn: f.dueOn,
      resolvedOn: f.resolvedOn,
    }));
    const addressed: DigestItem[] = [];
    for (const source of deps.addressedItemSources ?? [])
      addressed.push(...(await source(database, orgId, today)));
    const owners = buildOwnerDigests({
      today,
      people: digestPeople,
      // The plan's evidence items and the gap work readiness asks for (docs/decisions/0019).
      planItems: readinessContext.plan
        ? withGapItems(
            readinessContext.plan,
            readiness.controls.flatMap((c) => c.reasons),
            { reviewerId: readinessContext.engagement?.leadId ?? null },
          ).items
        : [],
      rejected,
      findings,
      addressed,
    }).filter((d) => wanted(d.personId));

    let leadIds = await memberPersonIds(database.db, orgId, ['compliance-lead']);
    if (readinessContext.engagement?.leadId) leadIds.push(readinessContext.engagement.leadId);
    if (leadIds.filter((id) => byId.get(id)?.status === 'active').length === 0)
      leadIds = await memberPersonIds(database.db, orgId, ['admin']);
    const leads = [...new Set(leadIds)].filter(wanted).sort();
    const leadDigests = leads.map((id) =>
      buildLeadDigest({
        today,
        lead: { id, name: byId.get(id)!.name, status: 'active' },
        change,
        readiness,
        milestones: readinessContext.plan?.milestones ?? [],
        failedCollections,
      }),
    );
    const at = clock.now().toISOString();
    const rows: DigestsTable[] = [...owners, ...leadDigests].map((d: DigestContent) => ({
      id: newId(),
      org_id: orgId,
      run_id: runId,
      week: today,
      kind: d.kind,
      person_id: d.personId,
      content: JSON.stringify(d),
      channels: JSON.stringify(channelsOf(preferenceOf(d.personId).channel)),
      delivery: '{}',
      created_at: at,
    }));
    await write(database, { actor: WEEKLY_RUN_ACTOR, orgId }, (w) => insertDigests(w.tx, rows));
    return { value: null, detail: { owners: owners.length, leads: leadDigests.length } };
  });

  await step(deps, orgId, runId, 'send', async () => {
    const { sent, failed } = await deliverDigests(deps, env, WEEKLY_RUN_ACTOR, {
      orgId,
      runId,
      settings,
      base,
      emailOf: (personId) => byId.get(personId)!.email,
    });
    return {
      value: null,
      detail: { sent, failed },
      failed: failed > 0 ? `${failed} deliveries failed` : null,
    };
  });

  const finishedSteps = await listRunSteps(database.db, [runId]);
  const status = finishedSteps.some((s) => s.status === 'failed') ? 'partial' : 'succeeded';
  await write(database, { actor: WEEKLY_RUN_ACTOR, orgId }, async (w) => {
    await updateWeeklyRun(w.tx, runId, { status, finished_at: clock.now().toISOString() });
    w.record({
      action: 'finish',
      recordType: 'weekly-run',
      recordId: runId,
      change: { status, failedCollections },
    });
  });
  return { runId, status, failedCollections: failedCollections.length };
}
