import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { JOB_STATUSES } from '../../platform/jobs/job.js';
import { tableJobQueue } from '../../platform/jobs/queue.js';
import {
  cadenceSettingsInputSchema,
  cadenceSettingsSchema,
  digestPreferenceInputSchema,
  digestPreferenceSchema,
  importSourceInputSchema,
  importSourceSchema,
  jobSchema,
  thisWeekSchema,
  weeklyRunSchema,
} from './cadence.schema.js';
import {
  addImportSource,
  getCadenceSettings,
  getImportSources,
  getJobs,
  getThisWeek,
  getWeeklyRuns,
  removeImportSource,
  retryJob,
  setDigestPreference,
  updateCadenceSettings,
} from './cadence.service.js';

const orgParams = z.object({ org: z.string().min(1).max(100) });
const tags = ['cadence'];

/** `/api/v1/orgs/:org/cadence|jobs|digests`: the weekly run's settings, its runs and jobs, a person's digests. */
export async function cadenceRoutes(app: App): Promise<void> {
  const { database, config } = app.deps;
  const clock: Clock = { now: () => new Date(config.auth.now()) };
  const queue = tableJobQueue(database, clock);

  app.route({
    method: 'GET',
    url: '/orgs/:org/cadence/settings',
    config: { policy: { concept: 'cadence', action: 'read' } },
    schema: {
      tags,
      operationId: 'getCadenceSettings',
      summary: 'When the weekly run happens and whether e-mail and webhook are configured (never the URLs)',
      params: orgParams,
      response: { 200: cadenceSettingsSchema },
    },
    handler: async (request) => getCadenceSettings(database, orgOf(request).id),
  });

  app.route({
    method: 'PUT',
    url: '/orgs/:org/cadence/settings',
    config: {
      policy: { concept: 'cadence', action: 'configure' },
      raises: { unavailable: 'no secret key is configured to seal the URLs with' },
    },
    schema: {
      tags,
      operationId: 'updateCadenceSettings',
      summary:
        'Set the weekly run’s day, hour and time zone, the SMTP server and the webhook (stored sealed)',
      params: orgParams,
      body: cadenceSettingsInputSchema,
      response: { 200: cadenceSettingsSchema },
    },
    handler: async (request) =>
      updateCadenceSettings(database, actorOfRequest(request), orgOf(request).id, request.body, {
        secretBox: config.secretBox,
        clock,
      }),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/cadence/sources',
    config: { policy: { concept: 'cadence', action: 'read' } },
    schema: {
      tags,
      operationId: 'listImportSources',
      summary: 'The scheduled collections the weekly run imports',
      params: orgParams,
      response: { 200: z.array(importSourceSchema) },
    },
    handler: async (request) => getImportSources(database, orgOf(request).id),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/cadence/sources',
    config: { policy: { concept: 'cadence', action: 'configure' } },
    schema: {
      tags,
      operationId: 'addImportSource',
      summary: 'Add a scheduled collection: a file on the server the roster or an NHI importer reads weekly',
      params: orgParams,
      body: importSourceInputSchema,
      response: { 201: importSourceSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(
          await addImportSource(database, actorOfRequest(request), orgOf(request).id, request.body, clock),
        ),
  });

  app.route({
    method: 'DELETE',
    url: '/orgs/:org/cadence/sources/:sourceId',
    config: { policy: { concept: 'cadence', action: 'configure' } },
    schema: {
      tags,
      operationId: 'removeImportSource',
      summary: 'Remove a scheduled collection',
      params: orgParams.extend({ sourceId: z.string().min(4).max(64) }),
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      await removeImportSource(database, actorOfRequest(request), orgOf(request).id, request.params.sourceId);
      return reply.code(204).send(null);
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/cadence/runs',
    config: { policy: { concept: 'cadence', action: 'read' } },
    schema: {
      tags,
      operationId: 'listWeeklyRuns',
      summary: 'The latest weekly runs, each step and its outcome',
      params: orgParams,
      response: { 200: z.array(weeklyRunSchema) },
    },
    handler: async (request) => getWeeklyRuns(database, orgOf(request).id),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/jobs',
    config: { policy: { concept: 'cadence', action: 'read' } },
    schema: {
      tags,
      operationId: 'listJobs',
      summary: 'The organization’s jobs, newest first (status=dead: the dead letters)',
      params: orgParams,
      querystring: z.object({ status: z.enum(JOB_STATUSES).optional() }),
      response: { 200: z.array(jobSchema) },
    },
    handler: async (request) =>
      getJobs(queue, orgOf(request).id, request.query.status ? { status: request.query.status } : {}),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/jobs/:jobId/retry',
    config: {
      policy: { concept: 'cadence', action: 'retry' },
      raises: { conflict: 'the job is not dead' },
    },
    schema: {
      tags,
      operationId: 'retryJob',
      summary: 'Queue a dead job again with fresh attempts',
      params: orgParams.extend({ jobId: z.string().min(4).max(64) }),
      response: { 200: jobSchema },
    },
    handler: async (request) =>
      retryJob(queue, actorOfRequest(request), orgOf(request).id, request.params.jobId, clock),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/digests/this-week',
    config: { policy: { concept: 'digest', action: 'read' } },
    schema: {
      tags,
      operationId: 'getThisWeek',
      summary: 'The caller’s digests of the latest weekly run and their digest preference',
      params: orgParams,
      response: { 200: thisWeekSchema },
    },
    handler: async (request) => getThisWeek(database, orgOf(request).id, orgOf(request).personId),
  });

  app.route({
    method: 'PUT',
    url: '/orgs/:org/digests/preference',
    config: {
      policy: { concept: 'digest', action: 'update' },
      raises: { not_found: 'no such person in the roster' },
    },
    schema: {
      tags,
      operationId: 'setDigestPreference',
      summary: 'Opt out of the weekly digest, or choose its channel (e-mail, webhook, both, none)',
      params: orgParams,
      body: digestPreferenceInputSchema,
      response: { 200: digestPreferenceSchema },
    },
    handler: async (request) =>
      setDigestPreference(database, actorOfRequest(request), orgOf(request), request.body),
  });
}
