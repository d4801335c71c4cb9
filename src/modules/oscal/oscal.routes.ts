import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { todayIso } from '../../platform/clock.js';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { attachmentDisposition } from '../../platform/http/content-disposition.js';
import { withUpload } from '../../platform/http/uploads.js';
import {
  exportOscal,
  getImportedMappings,
  importOscalCatalog,
  MAX_OSCAL_CATALOG_BYTES,
  mapControlToImportedFramework,
  OSCAL_EXPORTS,
} from './oscal.service.js';

const tags = ['oscal'];
const orgParams = z.object({ org: z.string().min(1).max(100) });

const importResultSchema = z.object({
  frameworkId: z.string(),
  status: z.enum(['installed', 'updated', 'unchanged']),
  title: z.string(),
  version: z.string(),
  previousVersion: z.string().nullable(),
  groups: z.number(),
  criteria: z.number(),
  mappingsKept: z.number(),
  mappingsDangling: z.array(z.object({ controlId: z.string(), code: z.string() })),
});

const importedMappingParams = orgParams.extend({
  code: z.string().min(1).max(40),
  frameworkId: z.string().min(1).max(40),
});

/** A control's mappings to one imported (OSCAL) framework. */
const importedMappingSchema = z.object({
  code: z.string(),
  frameworkId: z.string(),
  criteria: z.array(z.string()),
});

/** `/api/v1/orgs/:org/oscal/…`: OSCAL 1.2 documents of the organization, and the OSCAL catalog import. */
export async function oscalRoutes(app: App): Promise<void> {
  const { database, config } = app.deps;

  app.route({
    method: 'GET',
    url: '/orgs/:org/oscal/:kind',
    config: { policy: { concept: 'report', action: 'export' } },
    schema: {
      tags,
      operationId: 'downloadOscal',
      summary: 'An OSCAL 1.2 document: the control catalog, the crosswalk, readiness at T, or the POA&M',
      description:
        'oscal-catalog, oscal-mapping (mapping-collection), oscal-assessment-results and oscal-poam (at `at`); UUIDs are stable (v5 from our ids), so a re-export diffs cleanly.',
      params: orgParams.extend({ kind: z.enum(OSCAL_EXPORTS) }),
      querystring: z.object({
        at: inputDateSchema.optional().describe('the date T (default: today)'),
        engagementId: z.string().max(100).optional().describe('the engagement (default: the latest)'),
      }),
      response: {
        200: {
          description: 'The OSCAL JSON document as an attachment',
          content: { 'application/json': { schema: z.unknown() } },
        },
      },
    },
    handler: async (request, reply) => {
      const org = orgOf(request);
      const { kind } = request.params;
      const { at, engagementId } = request.query;
      const doc = await exportOscal(database, org.id, kind, {
        ...(at ? { at } : {}),
        ...(engagementId ? { engagementId } : {}),
      });
      const dated = kind === 'oscal-assessment-results' || kind === 'oscal-poam';
      return reply
        .type('application/json; charset=utf-8')
        .header(
          'content-disposition',
          attachmentDisposition(`${kind}-${org.slug}${dated ? `-${at ?? todayIso()}` : ''}.json`),
        )
        .send(`${JSON.stringify(doc, null, 2)}\n`);
    },
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/frameworks/import-oscal',
    config: {
      policy: { concept: 'framework', action: 'import' },
      multipartFile: 'file',
      raises: {
        import_failed:
          'the file is not a valid OSCAL 1.1/1.2 catalog (file, JSON path and reason in details)',
        conflict: 'the framework id is a shipped framework or one not imported from OSCAL',
      },
    },
    schema: {
      tags,
      operationId: 'importOscalCatalog',
      summary:
        'Install or update a framework from an OSCAL catalog (installation-wide; mappings kept by control id)',
      params: orgParams,
      querystring: z.object({
        frameworkId: z
          .string()
          .max(40)
          .optional()
          .describe('the framework id (default: from the catalog title); keep it for newer versions'),
      }),
      response: { 200: importResultSchema },
    },
    handler: async (request) =>
      withUpload(
        request,
        {
          fallbackName: 'catalog.json',
          maxBytes: Math.min(config.maxUploadBytes ?? MAX_OSCAL_CATALOG_BYTES, MAX_OSCAL_CATALOG_BYTES),
        },
        (upload) =>
          importOscalCatalog(database, actorOfRequest(request), {
            file: upload.fileName,
            input: upload.input,
            ...(request.query.frameworkId ? { frameworkId: request.query.frameworkId } : {}),
          }),
      ),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/controls/:code/imported-mappings/:frameworkId',
    config: { policy: { concept: 'control', action: 'read' } },
    schema: {
      tags,
      operationId: 'getImportedMappings',
      summary: "A control's criteria in a framework imported from an OSCAL catalog",
      params: importedMappingParams,
      response: { 200: importedMappingSchema },
    },
    handler: async (request) => {
      const { code, frameworkId } = request.params;
      const criteria = await getImportedMappings(database, orgOf(request).id, code, frameworkId);
      return { code, frameworkId, criteria };
    },
  });

  app.route({
    method: 'PUT',
    url: '/orgs/:org/controls/:code/imported-mappings/:frameworkId',
    config: {
      policy: { concept: 'control', action: 'map' },
      raises: { not_found: 'no such control or framework' },
    },
    schema: {
      tags,
      operationId: 'setImportedMappings',
      summary:
        "Replace a control's mappings to a framework imported from an OSCAL catalog (shipped frameworks: the control's crosswalk)",
      params: importedMappingParams,
      body: z.object({ criteria: z.array(z.string().trim().min(1).max(80)).max(500) }),
      response: { 200: importedMappingSchema },
    },
    handler: async (request) =>
      mapControlToImportedFramework(database, actorOfRequest(request), orgOf(request).id, {
        code: request.params.code,
        frameworkId: request.params.frameworkId,
        criteria: request.body.criteria,
      }),
  });
}
