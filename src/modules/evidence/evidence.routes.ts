import { z } from 'zod';
import { SOURCE_TYPES } from '../../core/vocabulary.js';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { decodeCursor, pageQuerySchema, pageSchema, toPage } from '../../platform/http/pagination.js';
import { withUpload } from '../../platform/http/uploads.js';
import { evidenceSchema } from './evidence.schema.js';
import { addEvidence, findEvidenceFor, getEvidence, reviewEvidence } from './evidence.service.js';
import { sendEvidenceContent } from './evidence-download.js';
import { provenanceReportSchema } from './provenance.schema.js';
import { getProvenance, PROVENANCE_WEEKS } from './provenance.service.js';

const orgParams = z.object({ org: z.string().min(1).max(100) });
const idParams = orgParams.extend({ evidenceId: z.string().min(8).max(64) });
const metadataFields = {
  controlCode: z.string().min(1).max(40),
  requirementCode: z.string().min(1).max(60).optional(),
  effective: z.string().min(10).max(22).describe('2026-10-01 or 2026-10-01..2026-12-31'),
  sourceType: z.enum(SOURCE_TYPES).optional(),
  description: z.string().max(2000).optional(),
  supersedes: z.string().max(64).optional().describe('id of the evidence this corrects'),
};
const recordBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('link'), url: z.string().max(2000), ...metadataFields }),
  z.object({ kind: z.literal('record'), record: z.unknown(), ...metadataFields }),
]);
const cursorSchema = z.object({ collectedAt: z.string(), id: z.string() });
const tags = ['evidence'];

/** `/api/v1/orgs/:org/evidence`: upload (streamed into the blob store), list, read, download, review. */
export async function evidenceRoutes(app: App): Promise<void> {
  const { database, blobs, config } = app.deps;
  const stores = { database, blobs };

  app.route({
    method: 'GET',
    url: '/orgs/:org/evidence',
    config: { policy: { concept: 'evidence', action: 'read' } },
    schema: {
      tags,
      operationId: 'listEvidence',
      summary: 'Evidence, newest first',
      params: orgParams,
      querystring: pageQuerySchema.extend({
        control: z.string().max(40).optional().describe('only evidence of this control code'),
        current: z
          .enum(['true', 'false'])
          .optional()
          .transform((v) => v === 'true')
          .describe('hide superseded versions'),
      }),
      response: { 200: pageSchema(evidenceSchema) },
    },
    handler: async (request) => {
      const { cursor, limit, control, current } = request.query;
      const after = decodeCursor(cursor, cursorSchema);
      const rows = await findEvidenceFor(
        database,
        orgOf(request).id,
        { controlCode: control, currentOnly: current },
        { after, limit: limit + 1 },
      );
      return toPage(rows, limit, (e) => ({ collectedAt: e.collectedAt, id: e.id }));
    },
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/evidence',
    config: {
      policy: { concept: 'evidence', action: 'create' },
      multipartFile: 'file',
      multipartFields: z.object(metadataFields),
      raises: { conflict: 'the evidence named in supersedes is already superseded' },
    },
    schema: {
      tags,
      operationId: 'addEvidence',
      summary:
        'Upload a file as evidence (multipart: the fields controlCode, requirementCode?, effective, sourceType?, description?, supersedes? BEFORE the file part). Streamed into the content-addressed store; over the limit → 413 and nothing stored.',
      params: orgParams,
      response: { 201: evidenceSchema },
    },
    handler: async (request, reply) => {
      const created = await withUpload(
        request,
        {
          fallbackName: 'evidence',
          maxBytes: config.maxEvidenceBytes,
          expects: 'the evidence as multipart/form-data: the metadata fields, then the "file" part',
        },
        ({ fields, input, fileName, mediaType }) =>
          addEvidence(stores, actorOfRequest(request), orgOf(request).id, {
            metadata: fields,
            content: { kind: 'file', stream: input, fileName, mediaType },
            maxBytes: config.maxEvidenceBytes,
          }),
      );
      return reply.code(201).send(created);
    },
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/evidence/records',
    config: {
      policy: { concept: 'evidence', action: 'create' },
      raises: { conflict: 'the evidence named in supersedes is already superseded' },
    },
    schema: {
      tags,
      operationId: 'addEvidenceRecord',
      summary: 'Add a link or a structured JSON record as evidence',
      params: orgParams,
      body: recordBody,
      response: { 201: evidenceSchema },
    },
    handler: async (request, reply) => {
      const { kind, ...metadata } = request.body;
      const content =
        kind === 'link'
          ? { kind: 'link' as const, url: request.body.kind === 'link' ? request.body.url : '' }
          : { kind: 'record' as const, json: request.body.kind === 'record' ? request.body.record : null };
      const created = await addEvidence(stores, actorOfRequest(request), orgOf(request).id, {
        metadata,
        content,
      });
      return reply.code(201).send(created);
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/evidence/provenance',
    config: { policy: { concept: 'evidence', action: 'read' } },
    schema: {
      tags,
      operationId: 'getEvidenceProvenance',
      summary: 'The share of current evidence that is system-generated, per control, overall and by week',
      params: orgParams,
      querystring: z.object({
        weeks: z.coerce
          .number()
          .int()
          .min(1)
          .max(104)
          .default(PROVENANCE_WEEKS)
          .describe('how many weeks the trend covers'),
      }),
      response: { 200: provenanceReportSchema },
    },
    handler: async (request) => getProvenance(database, orgOf(request).id, { weeks: request.query.weeks }),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/evidence/:evidenceId',
    config: { policy: { concept: 'evidence', action: 'read' } },
    schema: {
      tags,
      operationId: 'getEvidence',
      summary: 'One piece of evidence',
      params: idParams,
      response: { 200: evidenceSchema },
    },
    handler: async (request) => getEvidence(database, orgOf(request).id, request.params.evidenceId),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/evidence/:evidenceId/content',
    config: { policy: { concept: 'evidence', action: 'download' } },
    schema: {
      tags,
      operationId: 'downloadEvidence',
      summary:
        'The stored file: inline for PDF, images, text, CSV and JSON; any other type (HTML, SVG, …) as an attachment',
      params: idParams,
      response: {
        200: {
          description: 'The stored bytes; X-Content-SHA256 names their hash',
          content: {
            'application/octet-stream': { schema: z.unknown().meta({ type: 'string', format: 'binary' }) },
          },
        },
      },
    },
    handler: async (request, reply) =>
      sendEvidenceContent(
        reply,
        blobs,
        await getEvidence(database, orgOf(request).id, request.params.evidenceId),
      ),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/evidence/:evidenceId/review',
    config: {
      policy: { concept: 'evidence', action: 'review' },
      raises: { conflict: 'the evidence was already reviewed, or is superseded' },
    },
    schema: {
      tags,
      operationId: 'reviewEvidence',
      summary: 'Accept or reject submitted evidence (once; correct with a new version)',
      params: idParams,
      body: z.object({ decision: z.enum(['accepted', 'rejected']), reason: z.string().max(2000).optional() }),
      response: { 200: evidenceSchema },
    },
    handler: async (request) =>
      reviewEvidence(database, actorOfRequest(request), orgOf(request).id, {
        evidenceId: request.params.evidenceId,
        decision: request.body,
      }),
  });
}
