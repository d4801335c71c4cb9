import { z } from 'zod';
import { CONTROL_STATUSES, FRAMEWORK_IDS } from '../../core/vocabulary.js';
import { CSV_DELIMITERS, csvDelimiterQuerySchema } from '../../importers/csv/read-csv.js';
import { type App, actorOfRequest, orgOf, sendJson } from '../../platform/http/app.js';
import { attachmentDisposition } from '../../platform/http/content-disposition.js';
import { decodeCursor, pageQuerySchema, pageSchema, toPage } from '../../platform/http/pagination.js';
import { withUpload } from '../../platform/http/uploads.js';
import { emailSchema } from '../people/person.schema.js';
import {
  controlCodeSchema,
  controlDetailSchema,
  controlImportResultSchema,
  controlListItemSchema,
  controlMatrixRowSchema,
  controlPatchSchema,
  type Mappings,
  mappingsInputSchema,
} from './control.schema.js';
import {
  assignControlOwner,
  exportControlMatrix,
  getControl,
  importControlMatrix,
} from './control.service.js';
import { createControl, deleteControl, editControl, listControlsPage } from './control-edit.service.js';

const controlListPageSchema = pageSchema(controlListItemSchema);
const orgParams = z.object({ org: z.string().min(1).max(100) });
const codeParams = orgParams.extend({ code: controlCodeSchema });
const tags = ['controls'];

/** `/api/v1/orgs/:org/controls`: the control matrix, one control at a time or whole. */
export async function controlRoutes(app: App): Promise<void> {
  const { database, config } = app.deps;
  const detail = (orgId: string, code: string) => getControl(database, orgId, code);

  app.route({
    method: 'GET',
    url: '/orgs/:org/controls',
    config: { policy: { concept: 'control', action: 'read' } },
    schema: {
      tags,
      operationId: 'listControls',
      summary: 'Controls in code order, with owners, crosswalk and next due date',
      params: orgParams,
      querystring: pageQuerySchema.extend({
        owner: emailSchema.optional().describe("only controls owned by this person's e-mail"),
        unowned: z
          .enum(['true', 'false'])
          .optional()
          .transform((v) => v === 'true'),
        needsOwner: z
          .enum(['true', 'false'])
          .optional()
          .transform((v) => v === 'true')
          .describe('only controls that need an owner: none, or one who has departed'),
        status: z.enum(CONTROL_STATUSES).optional(),
        q: z.string().max(200).optional().describe('search in code and title'),
      }),
      response: { 200: controlListPageSchema },
    },
    handler: async (request, reply) => {
      const { cursor, limit, owner, unowned, needsOwner, status, q } = request.query;
      const after = decodeCursor(cursor, z.string());
      const filter = { ownerEmail: owner, unowned, needsOwner, status, search: q };
      const rows = await listControlsPage(database, orgOf(request).id, filter, { after, limit: limit + 1 });
      // The items are built field for field in the schema's shape (checked by the controls list tests).
      const page: z.input<typeof controlListPageSchema> = toPage(rows, limit, (c) => c.code);
      return sendJson(reply, JSON.stringify(page));
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/controls/export',
    config: { policy: { concept: 'control', action: 'export' } },
    schema: {
      tags,
      operationId: 'exportControlMatrix',
      summary: 'The control matrix as a CSV or JSON file (the format `controls import` reads)',
      params: orgParams,
      querystring: z.object({ format: z.enum(['csv', 'json']).default('csv') }),
      response: {
        200: {
          description: 'The matrix as an attachment, in the format asked for',
          content: { 'text/csv': { schema: z.string() }, 'application/json': { schema: z.unknown() } },
        },
      },
    },
    handler: async (request, reply) => {
      const org = orgOf(request);
      const { format } = request.query;
      const text = await exportControlMatrix(database, org.id, format);
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', attachmentDisposition(`controls-${org.slug}.${format}`))
        .send(text);
    },
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/controls/import',
    config: {
      policy: { concept: 'control', action: 'import' },
      multipartFile: 'file',
      raises: {
        conflict:
          'the file would remove a requirement that has evidence (details name the control and requirement)',
        import_failed: 'a row is invalid (file, line, column and reason in details); nothing is written',
      },
    },
    schema: {
      tags,
      operationId: 'importControlMatrix',
      summary: 'Create or update controls from a control matrix CSV or XLSX, all or nothing',
      description:
        'Only the columns the file has change (a `code` column and any others; an empty cell clears its field). ' +
        'Removing a requirement that has evidence is refused with 409 naming the control and the requirement.',
      params: orgParams,
      querystring: z.object({
        delimiter: csvDelimiterQuerySchema,
        format: z
          .enum(['csv', 'xlsx'])
          .optional()
          .describe('csv or xlsx (default: xlsx when the file name ends in .xlsx, else csv)'),
      }),
      response: { 200: controlImportResultSchema },
    },
    handler: async (request) =>
      withUpload(request, { fallbackName: 'controls.csv', maxBytes: config.maxUploadBytes }, (upload) =>
        importControlMatrix(database, actorOfRequest(request), orgOf(request).id, {
          file: upload.fileName,
          input: upload.input,
          delimiter: CSV_DELIMITERS[request.query.delimiter],
          format: request.query.format ?? (upload.fileName.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv'),
        }),
      ),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/controls/:code',
    config: { policy: { concept: 'control', action: 'read' } },
    schema: {
      tags,
      operationId: 'getControl',
      summary: 'One control with its requirements and crosswalk',
      params: codeParams,
      response: { 200: controlDetailSchema },
    },
    handler: async (request) => detail(orgOf(request).id, request.params.code),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/controls',
    config: {
      policy: { concept: 'control', action: 'create' },
      raises: { conflict: 'a control with this code already exists' },
    },
    schema: {
      tags,
      operationId: 'createControl',
      summary: 'Create a control',
      params: orgParams,
      body: controlMatrixRowSchema,
      response: { 201: controlDetailSchema },
    },
    handler: async (request, reply) => {
      const orgId = orgOf(request).id;
      await createControl(database, actorOfRequest(request), orgId, request.body);
      return reply.code(201).send(await detail(orgId, request.body.code));
    },
  });

  app.route({
    method: 'PATCH',
    url: '/orgs/:org/controls/:code',
    config: {
      policy: { concept: 'control', action: 'update' },
      raises: { conflict: 'the edit would remove a requirement that has evidence (details name it)' },
    },
    schema: {
      tags,
      operationId: 'updateControl',
      summary: 'Change a control (a contributor: only the controls they own)',
      params: codeParams,
      body: controlPatchSchema,
      response: { 200: controlDetailSchema },
    },
    handler: async (request) => {
      const orgId = orgOf(request).id;
      await editControl(database, actorOfRequest(request), orgId, request.params.code, request.body);
      return detail(orgId, request.params.code);
    },
  });

  app.route({
    method: 'DELETE',
    url: '/orgs/:org/controls/:code',
    config: {
      policy: { concept: 'control', action: 'delete' },
      raises: { conflict: 'the control already has evidence or other records' },
    },
    schema: {
      tags,
      operationId: 'deleteControl',
      summary: 'Delete a control that has no evidence yet',
      params: codeParams,
      response: { 204: z.null().describe('Deleted') },
    },
    handler: async (request, reply) => {
      await deleteControl(database, actorOfRequest(request), orgOf(request).id, request.params.code);
      return reply.code(204).send(null);
    },
  });

  app.route({
    method: 'PUT',
    url: '/orgs/:org/controls/:code/owner',
    config: { policy: { concept: 'control', action: 'assign' } },
    schema: {
      tags,
      operationId: 'setControlOwner',
      summary: 'Set the owner (and optionally the backup owner) by e-mail',
      params: codeParams,
      body: z.object({ ownerEmail: emailSchema, backupOwnerEmail: emailSchema.nullable().optional() }),
      response: { 200: controlDetailSchema },
    },
    handler: async (request) =>
      assignControlOwner(database, actorOfRequest(request), orgOf(request).id, {
        code: request.params.code,
        ownerEmail: request.body.ownerEmail,
        ...(request.body.backupOwnerEmail === undefined
          ? {}
          : { backupEmail: request.body.backupOwnerEmail }),
      }),
  });

  app.route({
    method: 'PUT',
    url: '/orgs/:org/controls/:code/mappings',
    config: { policy: { concept: 'control', action: 'map' } },
    schema: {
      tags,
      operationId: 'setControlMappings',
      summary: "Replace the control's crosswalk (frameworks left out lose their mappings)",
      params: codeParams,
      body: z.object({ mappings: mappingsInputSchema }),
      response: { 200: controlDetailSchema },
    },
    handler: async (request) => {
      const orgId = orgOf(request).id;
      const mappings = Object.fromEntries(FRAMEWORK_IDS.map((id) => [id, request.body.mappings[id] ?? []]));
      await editControl(database, actorOfRequest(request), orgId, request.params.code, {
        mappings: mappings as Mappings,
      });
      return detail(orgId, request.params.code);
    },
  });
}
