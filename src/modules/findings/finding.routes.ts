import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { FRAMEWORK_IDS } from '../../core/vocabulary.js';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { pageInMemory, pageQuerySchema, pageSchema } from '../../platform/http/pagination.js';
import { RISK_RATINGS } from '../exceptions/exception.schema.js';
import { FINDING_SOURCE_KINDS, findingSchema, findingTriageResultSchema } from './finding.schema.js';
import { addFinding, getFindings, resolveFinding, triageFindings } from './finding.service.js';

const date = inputDateSchema;
const orgParams = z.object({ org: z.string().min(1).max(100) });
const tags = ['findings'];

/** `/api/v1/orgs/:org/findings`: problems raised by rules, auditors or people. */
export async function findingRoutes(app: App): Promise<void> {
  const { database } = app.deps;

  app.route({
    method: 'GET',
    url: '/orgs/:org/findings',
    config: { policy: { concept: 'finding', action: 'read' } },
    schema: {
      tags,
      operationId: 'listFindings',
      summary: 'Findings, open first, by due date',
      params: orgParams,
      querystring: pageQuerySchema.extend({
        open: z.enum(['true', 'false']).optional(),
        control: z.string().min(1).max(40).optional().describe('only findings on the control with this code'),
        criterion: z
          .string()
          .max(80)
          .regex(/^[a-z0-9-]+:\S+$/, 'a criterion as framework:code (soc2:CC6.1)')
          .optional()
          .describe('only findings tagged with this criterion, as framework:code (soc2:CC6.1)'),
        source: z
          .enum(FINDING_SOURCE_KINDS)
          .optional()
          .describe('only findings raised by hand (manual), by an NHI rule (nhi-rule), or any other source'),
      }),
      response: { 200: pageSchema(findingSchema) },
    },
    handler: async (request) => {
      const { control, criterion } = request.query;
      const at = criterion?.indexOf(':') ?? -1;
      const all = await getFindings(database, orgOf(request).id, {
        ...(control ? { controlCode: control } : {}),
        ...(criterion
          ? { criterion: { frameworkId: criterion.slice(0, at), code: criterion.slice(at + 1) } }
          : {}),
      });
      const { open, source } = request.query;
      return pageInMemory(
        all.filter((f) => (open !== 'true' || !f.resolvedOn) && (!source || f.sourceKind === source)),
        request.query,
      );
    },
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/findings',
    config: { policy: { concept: 'finding', action: 'create' } },
    schema: {
      tags,
      operationId: 'addFinding',
      summary: 'Raise a finding on controls and criteria',
      params: orgParams,
      body: z.object({
        title: z.string().max(300),
        description: z.string().max(5000).nullable().optional(),
        severity: z.enum(RISK_RATINGS),
        controlCodes: z.array(z.string().max(40)).max(100).optional(),
        criteria: z
          .array(z.object({ frameworkId: z.enum(FRAMEWORK_IDS), code: z.string().max(40) }))
          .max(100)
          .optional(),
        ownerEmail: z.string().max(320).nullable().optional(),
        dueOn: date.nullable().optional(),
        openedOn: date,
      }),
      response: { 201: findingSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(await addFinding(database, actorOfRequest(request), orgOf(request).id, request.body)),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/findings/:findingId/resolve',
    config: {
      policy: { concept: 'finding', action: 'resolve' },
      raises: { conflict: 'the finding is already resolved' },
    },
    schema: {
      tags,
      operationId: 'resolveFinding',
      summary: 'Resolve a finding (its owner may, as a contributor)',
      params: orgParams.extend({ findingId: z.string().min(4).max(64) }),
      body: z.object({ resolvedOn: date, resolution: z.string().max(2000).nullable().optional() }),
      response: { 200: findingSchema },
    },
    handler: async (request) =>
      resolveFinding(database, actorOfRequest(request), orgOf(request).id, {
        id: request.params.findingId,
        resolvedOn: request.body.resolvedOn,
        resolution: request.body.resolution ?? null,
      }),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/findings/triage',
    config: {
      policy: { concept: 'finding', action: 'update' },
      raises: {
        not_found: 'a listed finding or the new owner does not exist',
        conflict: 'a listed finding is already resolved',
      },
    },
    schema: {
      tags,
      operationId: 'triageFindings',
      summary: 'Give several open findings an owner, a severity and/or a due date, all or none',
      params: orgParams,
      body: z.object({
        ids: z.array(z.string().max(64)).max(500),
        ownerEmail: z.string().max(320).nullable().optional(),
        severity: z.enum(RISK_RATINGS).optional(),
        dueOn: date.nullable().optional(),
      }),
      response: { 200: findingTriageResultSchema },
    },
    handler: async (request) =>
      triageFindings(database, actorOfRequest(request), orgOf(request).id, request.body),
  });
}
