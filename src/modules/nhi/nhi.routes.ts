import { z } from 'zod';
import { NHI_KINDS, NHI_PROVIDERS, NHI_SEVERITIES, NHI_STATUSES } from '../../core/nhi/index.js';
import { AppError } from '../../platform/errors.js';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { decodeCursor, pageQuerySchema, pageSchema } from '../../platform/http/pagination.js';
import { withUpload } from '../../platform/http/uploads.js';
import { importNhi } from './import/import.service.js';
import {
  getNhi,
  getNhiThresholds,
  pageNhiFindings,
  pageNhiImports,
  pageNhis,
  setNhiThresholds,
} from './inventory/nhi.service.js';
import { assignNhiOwner } from './inventory/owner.service.js';
import { reviewNhi } from './inventory/review.service.js';
import {
  NHI_BULK_MAX,
  NHI_IMPORT_KIND_NAMES,
  nhiAssignResultSchema,
  nhiDetailSchema,
  nhiFindingSchema,
  nhiImportInputSchema,
  nhiImportResultSchema,
  nhiImportViewSchema,
  nhiRecordSchema,
  nhiReviewResultSchema,
  nhiThresholdsBodySchema,
  nhiThresholdsViewSchema,
} from './nhi.schema.js';

const flag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true'));
const orgParams = z.object({ org: z.string().min(1).max(100) });
const nhiKeys = z.array(z.string().min(1).max(1000)).min(1).max(NHI_BULK_MAX);
const recordCursor = z.object({ provider: z.string(), kind: z.string(), name: z.string(), id: z.string() });
const findingCursor = z.object({
  openRank: z.number(),
  severityRank: z.number(),
  openedOn: z.string(),
  id: z.string(),
});
const importCursor = z.object({ startedAt: z.string(), id: z.string() });
const tags = ['nhi'];

/**
 * `/api/v1/orgs/:org/nhi`: the non-human identity inventory — the paged list
 * and one identity, rule findings, imports (a streamed multipart upload of a
 * provider export), bulk owner assignment and review, rule thresholds.
 */
export async function nhiRoutes(app: App): Promise<void> {
  const { database, blobs, config } = app.deps;
  const stores = { database, blobs };

  app.route({
    method: 'GET',
    url: '/orgs/:org/nhi',
    config: { policy: { concept: 'nhi', action: 'read' } },
    schema: {
      tags,
      operationId: 'listNhis',
      summary: 'Non-human identities, by provider, kind and name (deleted ones only with all=true or status)',
      params: orgParams,
      querystring: pageQuerySchema.extend({
        kind: z.enum(NHI_KINDS).optional(),
        provider: z.enum(NHI_PROVIDERS).optional(),
        status: z.enum(NHI_STATUSES).optional(),
        orphaned: flag.describe('only identities without a live owner'),
        finding: z.string().max(60).optional().describe('only identities with an open finding of this rule'),
        search: z.string().max(200).optional().describe('part of the name or external id, any case'),
        all: flag.describe('include deleted identities'),
      }),
      response: { 200: pageSchema(nhiRecordSchema).extend({ total: z.number() }) },
    },
    handler: async (request) => {
      const { cursor, limit, ...filter } = request.query;
      return pageNhis(database, orgOf(request).id, filter, {
        after: decodeCursor(cursor, recordCursor),
        limit,
      });
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/nhi/findings',
    config: { policy: { concept: 'nhi', action: 'read' } },
    schema: {
      tags,
      operationId: 'listNhiFindings',
      summary:
        'Findings of the NHI rules with their OWASP NHI Top 10, CIS and SOC 2 tags: open first, most severe first',
      params: orgParams,
      querystring: pageQuerySchema.extend({
        rule: z.string().max(60).optional().describe('`nhi-orphaned` or `orphaned`'),
        severity: z.enum(NHI_SEVERITIES).optional(),
        open: flag.describe('true: open only; false: resolved only; absent: both'),
      }),
      response: { 200: pageSchema(nhiFindingSchema).extend({ total: z.number() }) },
    },
    handler: async (request) => {
      const { cursor, limit, ...filter } = request.query;
      return pageNhiFindings(database, orgOf(request).id, filter, {
        after: decodeCursor(cursor, findingCursor),
        limit,
      });
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/nhi/imports',
    config: { policy: { concept: 'nhi', action: 'read' } },
    schema: {
      tags,
      operationId: 'listNhiImports',
      summary: 'Import runs (provider exports and syncs of auditready API tokens), newest first',
      params: orgParams,
      querystring: pageQuerySchema,
      response: { 200: pageSchema(nhiImportViewSchema) },
    },
    handler: async (request) => {
      return pageNhiImports(database, orgOf(request).id, {
        after: decodeCursor(request.query.cursor, importCursor),
        limit: request.query.limit,
      });
    },
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/nhi/imports',
    config: {
      policy: { concept: 'nhi', action: 'import' },
      multipartFile: 'file',
      multipartFields: nhiImportInputSchema,
      raises: {
        import_failed:
          'a record is invalid (file, line or JSON path and reason in details); nothing is written',
        conflict: 'the export was taken before the one already imported from the same source',
      },
    },
    schema: {
      tags,
      operationId: 'importNhiExport',
      summary: `Import a provider export or scanner report (multipart: the fields kind (${NHI_IMPORT_KIND_NAMES.length} kinds) and scope? BEFORE the file part). Streamed; all or nothing: a bad record is 422 import_failed naming file, line or JSON path and reason, and nothing is written. The same content again is 200 "unchanged".`,
      params: orgParams,
      response: { 200: nhiImportResultSchema, 201: nhiImportResultSchema },
    },
    handler: async (request, reply) => {
      const result = await withUpload(
        request,
        {
          fallbackName: (fields) => `${fields.kind ?? 'nhi'}.export`,
          maxBytes: config.maxUploadBytes,
          expects:
            'the export as multipart/form-data: the field "kind", optionally "scope", then the "file" part',
        },
        ({ fields, input, fileName }) =>
          importNhi(stores, actorOfRequest(request), orgOf(request).id, {
            kind: fields.kind ?? '',
            scope: fields.scope?.trim() ? fields.scope : undefined,
            file: fileName,
            input,
            maxBytes: config.maxUploadBytes,
          }),
      );
      return reply.code(result.status === 'unchanged' ? 200 : 201).send(result);
    },
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/nhi/assign',
    config: {
      policy: { concept: 'nhi', action: 'assign' },
      raises: { not_found: 'no person with the e-mail in the roster, or no identity matches' },
    },
    schema: {
      tags,
      operationId: 'assignNhiOwners',
      summary:
        'Make a person of the roster the assigned owner of identities: a list of ids, or every name or external id matching a glob',
      params: orgParams,
      body: z.object({
        ids: nhiKeys.optional(),
        match: z.string().min(1).max(300).optional().describe('a glob: `svc-*`, `*/payments/*`'),
        ownerEmail: z.string().max(320),
      }),
      response: { 200: nhiAssignResultSchema },
    },
    handler: async (request) => {
      const { ids, match, ownerEmail } = request.body;
      if ((ids === undefined) === (match === undefined))
        throw new AppError('invalid_input', 'send either ids or match, not both');
      return assignNhiOwner(database, actorOfRequest(request), orgOf(request).id, {
        ids,
        match,
        ownerEmail,
      });
    },
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/nhi/review',
    config: { policy: { concept: 'nhi', action: 'review' } },
    schema: {
      tags,
      operationId: 'reviewNhis',
      summary: 'Record that the caller reviewed these identities (a `reviewed` lifecycle event each)',
      params: orgParams,
      body: z.object({ ids: nhiKeys, note: z.string().max(2000).optional() }),
      response: { 200: nhiReviewResultSchema },
    },
    handler: async (request) => reviewNhi(database, actorOfRequest(request), orgOf(request).id, request.body),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/nhi/thresholds',
    config: { policy: { concept: 'nhi', action: 'read' } },
    schema: {
      tags,
      operationId: 'getNhiThresholds',
      summary: "The organization's NHI rule thresholds: its overrides and the values in force",
      params: orgParams,
      response: { 200: nhiThresholdsViewSchema },
    },
    handler: async (request) => getNhiThresholds(database, orgOf(request).id),
  });

  app.route({
    method: 'PUT',
    url: '/orgs/:org/nhi/thresholds',
    config: { policy: { concept: 'nhi', action: 'configure' } },
    schema: {
      tags,
      operationId: 'setNhiThresholds',
      summary:
        'Replace the threshold overrides (a threshold left out goes back to its default), then re-run the rules',
      params: orgParams,
      body: nhiThresholdsBodySchema,
      response: { 200: nhiThresholdsViewSchema },
    },
    handler: async (request) =>
      setNhiThresholds(database, actorOfRequest(request), orgOf(request).id, request.body, {
        replace: true,
      }),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/nhi/:nhiId',
    config: { policy: { concept: 'nhi', action: 'read' } },
    schema: {
      tags,
      operationId: 'getNhi',
      summary:
        'One identity (id, unique id prefix or exact external id) with parent and children, sources, lifecycle history, leaks and findings',
      params: orgParams.extend({ nhiId: z.string().min(1).max(1000) }),
      response: { 200: nhiDetailSchema },
    },
    handler: async (request) => getNhi(database, orgOf(request).id, request.params.nhiId),
  });
}
