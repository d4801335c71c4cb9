import { z } from 'zod';
import { REQUEST_STATUSES } from '../../core/requests/index.js';
import { CSV_DELIMITERS, csvDelimiterQuerySchema } from '../../importers/csv/read-csv.js';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { pageInMemory, pageQuerySchema, pageSchema } from '../../platform/http/pagination.js';
import { withUpload } from '../../platform/http/uploads.js';
import { evidenceSchema } from '../evidence/evidence.schema.js';
import {
  answerInputSchema,
  columnMappingSchema,
  commentInputSchema,
  requestDetailSchema,
  requestImportResultSchema,
  requestInputSchema,
  requestSummarySchema,
  requestUpdateSchema,
  returnInputSchema,
} from './request.schema.js';
import {
  createRequest,
  evidenceOptions,
  getRequest,
  listRequests,
  updateRequest,
} from './request.service.js';
import { getColumnMappings, importRequestList, saveColumnMapping } from './request-import.service.js';
import {
  acceptRequest,
  answerRequest,
  answerRequestWithUpload,
  commentOnRequest,
  returnRequest,
  submitRequest,
} from './request-thread.service.js';

const orgParams = z.object({ org: z.string().min(1).max(100) });
const engagementParams = orgParams.extend({ engagementId: z.string().min(4).max(64) });
const requestParams = engagementParams.extend({
  requestId: z.string().min(1).max(64).describe('the request id or its reference'),
});
const noteBody = z.object({ note: z.string().max(8000).optional() }).nullish();
const tags = ['requests'];
const base = '/orgs/:org/engagements/:engagementId/requests';

/**
 * `/api/v1/orgs/:org/engagements/:engagementId/requests`: the audit's
 * requests (SPEC §9, docs/decisions/0021): the board, one request with its
 * thread, comments, answers with evidence, submit / accept / return, and the
 * request list import. Under the engagement, so its auditor reaches them.
 */
export async function requestRoutes(app: App): Promise<void> {
  const { database, blobs, config } = app.deps;
  const stores = { database, blobs };
  const viewer = (request: Parameters<typeof orgOf>[0]) => ({ auditorOf: orgOf(request).engagementId });

  app.route({
    method: 'GET',
    url: base,
    config: { policy: { concept: 'request', action: 'read' } },
    schema: {
      tags,
      operationId: 'listRequests',
      summary: 'The requests of an engagement, by reference (filters: status, assignee, control)',
      params: engagementParams,
      querystring: pageQuerySchema.extend({
        status: z.enum(REQUEST_STATUSES).optional(),
        assignee: z.string().min(1).max(64).optional().describe('a person id'),
        control: z.string().min(1).max(40).optional().describe('a control code'),
      }),
      response: { 200: pageSchema(requestSummarySchema) },
    },
    handler: async (request) => {
      const { status, assignee, control } = request.query;
      const all = await listRequests(database, orgOf(request).id, request.params.engagementId, {
        status,
        assigneeId: assignee,
        controlCode: control,
      });
      return pageInMemory(all, request.query);
    },
  });

  app.route({
    method: 'POST',
    url: base,
    config: {
      policy: { concept: 'request', action: 'create' },
      raises: { conflict: 'the engagement already has a request with that reference' },
    },
    schema: {
      tags,
      operationId: 'createRequest',
      summary: 'Add a request (without control codes, its text proposes the controls it names)',
      params: engagementParams,
      body: requestInputSchema.partial({ populationNote: true, dueOn: true, controlCodes: true }),
      response: { 201: requestDetailSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(
          await createRequest(
            database,
            actorOfRequest(request),
            orgOf(request).id,
            request.params.engagementId,
            request.body,
          ),
        ),
  });

  app.route({
    method: 'POST',
    url: `${base}/import`,
    config: {
      policy: { concept: 'request', action: 'import' },
      multipartFile: 'file',
      raises: {
        import_failed: 'a row is invalid (file, row, column and reason in details); nothing is written',
      },
    },
    schema: {
      tags,
      operationId: 'importRequestList',
      summary:
        "Import a request list (CSV or XLSX, by the file name's extension), all or nothing; a list imported again changes nothing, a revised one updates by reference",
      params: engagementParams,
      querystring: z.object({
        mapping: z.string().min(1).max(200).optional().describe('a saved column mapping'),
        delimiter: csvDelimiterQuerySchema,
      }),
      response: { 200: requestImportResultSchema },
    },
    handler: async (request) =>
      withUpload(request, { fallbackName: 'requests.csv', maxBytes: config.maxUploadBytes }, (upload) =>
        importRequestList(database, actorOfRequest(request), orgOf(request).id, {
          engagementId: request.params.engagementId,
          mappingName: request.query.mapping,
          source: {
            file: upload.fileName,
            input: upload.input,
            delimiter: CSV_DELIMITERS[request.query.delimiter],
          },
        }),
      ),
  });

  app.route({
    method: 'GET',
    url: `${base}/:requestId`,
    config: { policy: { concept: 'request', action: 'read' } },
    schema: {
      tags,
      operationId: 'getRequest',
      summary: 'One request with its thread (an auditor sees the evidence of the audit period only)',
      params: requestParams,
      response: { 200: requestDetailSchema },
    },
    handler: async (request) =>
      getRequest(
        database,
        orgOf(request).id,
        request.params.engagementId,
        request.params.requestId,
        viewer(request),
      ),
  });

  app.route({
    method: 'PATCH',
    url: `${base}/:requestId`,
    config: { policy: { concept: 'request', action: 'update' } },
    schema: {
      tags,
      operationId: 'updateRequest',
      summary: 'Assign a request (a person, by e-mail), set its due date, or map it to controls by hand',
      params: requestParams,
      body: requestUpdateSchema,
      response: { 200: requestDetailSchema },
    },
    handler: async (request) =>
      updateRequest(
        database,
        actorOfRequest(request),
        orgOf(request).id,
        request.params.engagementId,
        request.params.requestId,
        request.body,
      ),
  });

  app.route({
    method: 'POST',
    url: `${base}/:requestId/comments`,
    config: { policy: { concept: 'request', action: 'comment' } },
    schema: {
      tags,
      operationId: 'commentOnRequest',
      summary: "Comment on a request's thread",
      params: requestParams,
      body: commentInputSchema,
      response: { 201: requestDetailSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(
          await commentOnRequest(
            database,
            actorOfRequest(request),
            orgOf(request).id,
            request.params.engagementId,
            request.params.requestId,
            request.body,
          ),
        ),
  });

  app.route({
    method: 'GET',
    url: `${base}/:requestId/evidence-options`,
    config: { policy: { concept: 'request', action: 'answer' } },
    schema: {
      tags,
      operationId: 'listRequestEvidenceOptions',
      summary: "The current evidence of the request's controls an answer can attach, newest first",
      params: requestParams,
      response: { 200: z.array(evidenceSchema) },
    },
    handler: async (request) =>
      evidenceOptions(database, orgOf(request).id, request.params.engagementId, request.params.requestId),
  });

  app.route({
    method: 'POST',
    url: `${base}/:requestId/answers`,
    config: {
      policy: { concept: 'request', action: 'answer' },
      raises: { conflict: 'the request is submitted or accepted' },
    },
    schema: {
      tags,
      operationId: 'answerRequest',
      summary: "Answer a request with existing evidence of its controls' requirements",
      params: requestParams,
      body: answerInputSchema.partial({ message: true }),
      response: { 201: requestDetailSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(
          await answerRequest(
            database,
            actorOfRequest(request),
            orgOf(request).id,
            request.params.engagementId,
            request.params.requestId,
            request.body,
          ),
        ),
  });

  app.route({
    method: 'POST',
    url: `${base}/:requestId/answers/upload`,
    config: {
      policy: { concept: 'request', action: 'answer' },
      multipartFile: 'file',
      multipartFields: z.object({
        requirementCode: z.string().min(1).max(60),
        effective: z.string().min(10).max(22),
        message: z.string().max(8000).optional(),
        description: z.string().max(2000).optional(),
      }),
      raises: { conflict: 'the request is submitted or accepted' },
    },
    schema: {
      tags,
      operationId: 'answerRequestWithUpload',
      summary:
        'Answer a request with a new file, recorded as evidence on a requirement of its controls (multipart: requirementCode, effective, message?, description? BEFORE the file part)',
      params: requestParams,
      response: { 201: requestDetailSchema },
    },
    handler: async (request, reply) => {
      const answered = await withUpload(
        request,
        {
          fallbackName: 'evidence',
          maxBytes: config.maxEvidenceBytes,
          expects: 'the answer as multipart/form-data: requirementCode, effective, then the "file" part',
        },
        ({ fields, input, fileName, mediaType }) =>
          answerRequestWithUpload(
            stores,
            actorOfRequest(request),
            orgOf(request).id,
            request.params.engagementId,
            request.params.requestId,
            {
              requirementCode: fields.requirementCode ?? '',
              effective: fields.effective ?? '',
              ...(fields.message ? { message: fields.message } : {}),
              ...(fields.description ? { description: fields.description } : {}),
              content: { kind: 'file', stream: input, fileName, mediaType },
              maxBytes: config.maxEvidenceBytes,
            },
          ),
      );
      return reply.code(201).send(answered);
    },
  });

  for (const [action, verb, summary] of [
    ['submit', 'answer', "Submit the company's answers to the auditor"],
    ['accept', 'review', 'The auditor accepts a submitted request'],
  ] as const) {
    app.route({
      method: 'POST',
      url: `${base}/:requestId/${action}`,
      config: {
        policy: { concept: 'request', action: verb },
        raises: { conflict: 'the request is not in a status that allows it' },
      },
      schema: {
        tags,
        operationId: `${action}Request`,
        summary,
        params: requestParams,
        body: noteBody,
        response: { 200: requestDetailSchema },
      },
      handler: async (request) =>
        (action === 'submit' ? submitRequest : acceptRequest)(
          database,
          actorOfRequest(request),
          orgOf(request).id,
          request.params.engagementId,
          request.params.requestId,
          request.body?.note,
        ),
    });
  }

  app.route({
    method: 'POST',
    url: `${base}/:requestId/return`,
    config: {
      policy: { concept: 'request', action: 'review' },
      raises: { conflict: 'only a submitted request can be returned' },
    },
    schema: {
      tags,
      operationId: 'returnRequest',
      summary: 'The auditor returns a submitted request with a reason',
      params: requestParams,
      body: returnInputSchema,
      response: { 200: requestDetailSchema },
    },
    handler: async (request) =>
      returnRequest(
        database,
        actorOfRequest(request),
        orgOf(request).id,
        request.params.engagementId,
        request.params.requestId,
        request.body,
      ),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/request-mappings',
    config: { policy: { concept: 'request', action: 'import' } },
    schema: {
      tags,
      operationId: 'listRequestColumnMappings',
      summary: 'The saved column mappings of request lists (one per audit firm)',
      params: orgParams,
      response: { 200: z.array(columnMappingSchema) },
    },
    handler: async (request) => getColumnMappings(database, orgOf(request).id),
  });

  app.route({
    method: 'PUT',
    url: '/orgs/:org/request-mappings',
    config: { policy: { concept: 'request', action: 'import' } },
    schema: {
      tags,
      operationId: 'saveRequestColumnMapping',
      summary: "Save a request list's column mapping by name (replaces one of the same name)",
      params: orgParams,
      body: columnMappingSchema,
      response: { 200: columnMappingSchema },
    },
    handler: async (request) =>
      saveColumnMapping(database, actorOfRequest(request), orgOf(request).id, request.body),
  });
}
