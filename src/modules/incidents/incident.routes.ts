import { z } from 'zod';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { pageInMemory, pageQuerySchema, pageSchema } from '../../platform/http/pagination.js';
import { withUpload } from '../../platform/http/uploads.js';
import {
  followUpSchema,
  incidentRefreshSchema,
  incidentSchema,
  incidentSummarySchema,
  irTestSchema,
  registerImportResultSchema,
} from './incident.schema.js';
import { getIncident, listIncidents } from './incident.service.js';
import { importIncidentRegister } from './incident-import.service.js';
import { createIrTest, listIrTests } from './incident-ir-test.service.js';
import {
  addFollowUp,
  addTimelineEntry,
  completeFollowUp,
  createIncident,
  updateIncident,
} from './incident-record.service.js';
import { refreshIncidents } from './incident-refresh.service.js';

const orgParams = z.object({ org: z.string().min(1).max(100) });
const incidentParams = orgParams.extend({ incidentId: z.string().min(1).max(100) });
const tags = ['incidents'];
const ROSTER = 'the owner or a participant is not in the roster';

const followUpBody = z.object({
  action: z.string().max(500),
  owner: z.string().max(320),
  dueOn: z.string().max(10),
});

/** `/api/v1/orgs/:org/incidents`, `/ir-tests`: the incident register, timelines, follow-ups and IR tests. */
export async function incidentRoutes(app: App): Promise<void> {
  const { database, blobs, config } = app.deps;
  const stores = { database, blobs };

  app.route({
    method: 'GET',
    url: '/orgs/:org/incidents',
    config: { policy: { concept: 'incident', action: 'read' } },
    schema: {
      tags,
      operationId: 'listIncidents',
      summary: 'The incident register, newest detection first, with follow-up counts and open rule findings',
      params: orgParams,
      querystring: pageQuerySchema,
      response: { 200: pageSchema(incidentSummarySchema) },
    },
    handler: async (request) => pageInMemory(await listIncidents(database, orgOf(request).id), request.query),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/incidents',
    config: {
      policy: { concept: 'incident', action: 'create' },
      raises: { not_found: ROSTER, conflict: 'an incident with this external id exists' },
    },
    schema: {
      tags,
      operationId: 'createIncident',
      summary: 'Declare an incident (its external id INC-n when none is given)',
      params: orgParams,
      body: z.object({
        externalId: z.string().max(100).nullable().optional(),
        title: z.string().max(300),
        severity: z.string().max(20),
        status: z.string().max(20).optional(),
        detectedAt: z.string().max(40),
        containedAt: z.string().max(40).nullable().optional(),
        resolvedAt: z.string().max(40).nullable().optional(),
        rootCause: z.string().max(5000).nullable().optional(),
        customerImpact: z.string().max(5000).nullable().optional(),
        owner: z.string().max(320).nullable().optional(),
      }),
      response: { 201: incidentSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(await createIncident(stores, actorOfRequest(request), orgOf(request).id, request.body)),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/incidents/import',
    config: {
      policy: { concept: 'incident', action: 'import' },
      raises: {
        import_failed: 'a row is invalid (file, line, column and reason in details); nothing is written',
      },
    },
    schema: {
      tags,
      operationId: 'importIncidentRegister',
      summary:
        'Import an incident register (CSV external_id,title,severity,status,detected_at,contained_at,resolved_at,owner,root_cause,customer_impact). All or nothing, matched by external_id; the same file again is "unchanged"',
      params: orgParams,
      consumes: ['multipart/form-data'],
      response: { 200: registerImportResultSchema },
    },
    handler: async (request) =>
      withUpload(
        request,
        { fallbackName: 'incidents.csv', maxBytes: config.maxUploadBytes },
        ({ input, fileName }) =>
          importIncidentRegister(stores, actorOfRequest(request), orgOf(request).id, {
            file: fileName,
            input,
          }),
      ),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/incidents/refresh',
    config: { policy: { concept: 'incident', action: 'import' } },
    schema: {
      tags,
      operationId: 'refreshIncidentFindings',
      summary:
        'Bring the incident rule findings up to date today (overdue follow-ups, missing root causes, a lapsed IR test)',
      params: orgParams,
      response: { 200: incidentRefreshSchema },
    },
    handler: async (request) => refreshIncidents(stores, actorOfRequest(request), orgOf(request).id),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/incidents/:incidentId',
    config: { policy: { concept: 'incident', action: 'read' } },
    schema: {
      tags,
      operationId: 'getIncident',
      summary:
        'One incident (by id or external id) with its timeline, follow-ups and every rule finding on it',
      params: incidentParams,
      response: { 200: incidentSchema },
    },
    handler: async (request) => getIncident(database, orgOf(request).id, request.params.incidentId),
  });

  app.route({
    method: 'PATCH',
    url: '/orgs/:org/incidents/:incidentId',
    config: { policy: { concept: 'incident', action: 'update' }, raises: { not_found: ROSTER } },
    schema: {
      tags,
      operationId: 'updateIncident',
      summary: 'Change an incident: status, times, root cause, customer impact, owner',
      params: incidentParams,
      body: z.object({
        title: z.string().max(300).optional(),
        severity: z.string().max(20).optional(),
        status: z.string().max(20).optional(),
        detectedAt: z.string().max(40).optional(),
        containedAt: z.string().max(40).nullable().optional(),
        resolvedAt: z.string().max(40).nullable().optional(),
        rootCause: z.string().max(5000).nullable().optional(),
        customerImpact: z.string().max(5000).nullable().optional(),
        owner: z.string().max(320).nullable().optional(),
      }),
      response: { 200: incidentSchema },
    },
    handler: async (request) =>
      updateIncident(
        stores,
        actorOfRequest(request),
        orgOf(request).id,
        request.params.incidentId,
        request.body,
      ),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/incidents/:incidentId/timeline',
    config: { policy: { concept: 'incident', action: 'update' } },
    schema: {
      tags,
      operationId: 'addIncidentTimelineEntry',
      summary: 'Add an entry to an incident’s timeline',
      params: incidentParams,
      body: z.object({ at: z.string().max(40), entry: z.string().max(2000) }),
      response: { 201: incidentSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(
          await addTimelineEntry(
            stores,
            actorOfRequest(request),
            orgOf(request).id,
            request.params.incidentId,
            request.body,
          ),
        ),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/incidents/:incidentId/follow-ups',
    config: { policy: { concept: 'incident', action: 'update' }, raises: { not_found: ROSTER } },
    schema: {
      tags,
      operationId: 'addIncidentFollowUp',
      summary: 'Add a follow-up action (owner, due date) to an incident',
      params: incidentParams,
      body: followUpBody,
      response: { 201: incidentSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(
          await addFollowUp(
            stores,
            actorOfRequest(request),
            orgOf(request).id,
            request.params.incidentId,
            request.body,
          ),
        ),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/incident-follow-ups/:followUpId/done',
    config: {
      policy: { concept: 'incident', action: 'update' },
      raises: { conflict: 'the follow-up is already done' },
    },
    schema: {
      tags,
      operationId: 'completeIncidentFollowUp',
      summary:
        'Mark a follow-up action (of an incident or IR test) done, naming its evidence (a ticket, a change)',
      params: orgParams.extend({ followUpId: z.string().min(4).max(64) }),
      body: z.object({ evidence: z.string().max(500) }),
      response: { 200: followUpSchema },
    },
    handler: async (request) =>
      completeFollowUp(stores, actorOfRequest(request), orgOf(request).id, {
        followUpId: request.params.followUpId,
        evidence: request.body.evidence,
      }),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/ir-tests',
    config: { policy: { concept: 'ir-test', action: 'read' } },
    schema: {
      tags,
      operationId: 'listIrTests',
      summary: 'Incident-response tests (tabletop or live), newest first, with their follow-ups',
      params: orgParams,
      querystring: pageQuerySchema,
      response: { 200: pageSchema(irTestSchema) },
    },
    handler: async (request) => pageInMemory(await listIrTests(database, orgOf(request).id), request.query),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/ir-tests',
    config: { policy: { concept: 'ir-test', action: 'create' }, raises: { not_found: ROSTER } },
    schema: {
      tags,
      operationId: 'createIrTest',
      summary:
        'Record an incident-response test once held (date, scenario, participants, results, follow-ups); its record becomes system-generated evidence on IR-03',
      params: orgParams,
      body: z.object({
        kind: z.string().max(20),
        heldOn: z.string().max(10),
        scenario: z.string().max(2000),
        participants: z.array(z.string().max(320)).max(100),
        results: z.string().max(10000),
        followUps: z.array(followUpBody).max(100).optional(),
      }),
      response: { 201: irTestSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(await createIrTest(stores, actorOfRequest(request), orgOf(request).id, request.body)),
  });
}
