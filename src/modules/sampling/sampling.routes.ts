import { z } from 'zod';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { MAX_PAGE } from '../../platform/http/pagination.js';
import {
  populationKindSchema,
  populationPreviewSchema,
  sampleInputSchema,
  sampleSchema,
  sampleSizeRowSchema,
  sampleSizesInputSchema,
} from './sampling.schema.js';
import {
  createSample,
  getSample,
  getSampleSizes,
  listPopulationKinds,
  listSamples,
  previewPopulation,
  setSampleSizes,
} from './sampling.service.js';

const engagementParams = z.object({
  org: z.string().min(1).max(100),
  engagementId: z.string().min(1).max(64),
});
const tags = ['samples'];
const read = { concept: 'sample', action: 'read' } as const;
const create = { concept: 'sample', action: 'create' } as const;

/**
 * `/api/v1/orgs/:org/engagements/:engagementId/…`: populations of the
 * engagement's records, samples drawn from them reproducibly, and the
 * firm's sample sizes (docs/decisions/0022).
 */
export async function samplingRoutes(app: App): Promise<void> {
  const { database } = app.deps;

  app.route({
    method: 'GET',
    url: '/orgs/:org/engagements/:engagementId/population-kinds',
    config: { policy: read },
    schema: {
      tags,
      operationId: 'listPopulationKinds',
      summary: 'The kinds of population a sample can be drawn from',
      params: engagementParams,
      response: { 200: z.object({ items: z.array(populationKindSchema) }) },
    },
    handler: async () => ({ items: listPopulationKinds() }),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/engagements/:engagementId/populations/:kind',
    config: { policy: read },
    schema: {
      tags,
      operationId: 'previewPopulation',
      summary:
        'A population of the engagement read now: count, content hash, frequency, proposed sample size and its first records',
      params: engagementParams.extend({ kind: z.string().min(1).max(60) }),
      querystring: z.object({
        arg: z
          .string()
          .min(1)
          .max(200)
          .optional()
          .describe('the argument of the kind (evidence: the requirement code)'),
        limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
      }),
      response: { 200: populationPreviewSchema },
    },
    handler: async (request) =>
      previewPopulation(database, orgOf(request).id, request.params.engagementId, {
        kind: request.params.kind,
        arg: request.query.arg,
        limit: request.query.limit,
      }),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/engagements/:engagementId/samples',
    config: { policy: create },
    schema: {
      tags,
      operationId: 'createSample',
      summary: 'Draw a sample from a population (size by frequency unless given; seed random unless given)',
      params: engagementParams,
      body: sampleInputSchema,
      response: { 201: sampleSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(
          await createSample(
            database,
            actorOfRequest(request),
            orgOf(request).id,
            request.params.engagementId,
            request.body,
          ),
        ),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/engagements/:engagementId/samples',
    config: { policy: read },
    schema: {
      tags,
      operationId: 'listSamples',
      summary: 'The samples of the engagement with their chosen records, oldest first',
      params: engagementParams,
      querystring: z.object({
        requestId: z.string().min(1).max(64).optional().describe('only the samples of this request'),
      }),
      response: { 200: z.object({ items: z.array(sampleSchema) }) },
    },
    handler: async (request) => ({
      items: await listSamples(database, orgOf(request).id, request.params.engagementId, {
        requestId: request.query.requestId,
      }),
    }),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/engagements/:engagementId/samples/:sampleId',
    config: { policy: read },
    schema: {
      tags,
      operationId: 'getSample',
      summary: 'One sample with its chosen records',
      params: engagementParams.extend({ sampleId: z.string().min(1).max(64) }),
      response: { 200: sampleSchema },
    },
    handler: async (request) =>
      getSample(database, orgOf(request).id, request.params.engagementId, request.params.sampleId),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/engagements/:engagementId/sample-sizes',
    config: { policy: read },
    schema: {
      tags,
      operationId: 'getSampleSizes',
      summary: "The sample-size table of the engagement: auditready's defaults and the firm's overrides",
      params: engagementParams,
      response: { 200: z.object({ items: z.array(sampleSizeRowSchema) }) },
    },
    handler: async (request) => ({
      items: await getSampleSizes(database, orgOf(request).id, request.params.engagementId),
    }),
  });

  app.route({
    method: 'PUT',
    url: '/orgs/:org/engagements/:engagementId/sample-sizes',
    config: { policy: create },
    schema: {
      tags,
      operationId: 'setSampleSizes',
      summary: "Set (or remove, with null) the firm's sample size of some frequencies for the engagement",
      params: engagementParams,
      body: sampleSizesInputSchema,
      response: { 200: z.object({ items: z.array(sampleSizeRowSchema) }) },
    },
    handler: async (request) => ({
      items: await setSampleSizes(
        database,
        actorOfRequest(request),
        orgOf(request).id,
        request.params.engagementId,
        request.body,
      ),
    }),
  });
}
