import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { pageInMemory, pageQuerySchema, pageSchema } from '../../platform/http/pagination.js';
import { withUpload } from '../../platform/http/uploads.js';
import {
  registerImportResultSchema,
  vendorSchema,
  vendorSummarySchema,
  vendorSyncResultSchema,
} from './vendor.schema.js';
import { getVendor, listVendors, refreshVendors } from './vendor.service.js';
import { addCuec, mapCuec } from './vendor-cuec.service.js';
import { addVendor, importVendorRegister } from './vendor-register.service.js';
import { addBridgeLetter, addVendorReport } from './vendor-report.service.js';
import { recordVendorReview } from './vendor-review.service.js';

const orgParams = z.object({ org: z.string().min(1).max(100) });
const vendorParams = orgParams.extend({ vendorId: z.string().min(1).max(120) });
const tags = ['vendors'];
const optionalDate = inputDateSchema.nullable().optional();

/** `/api/v1/orgs/:org/vendors`: the vendor register, reports, bridge letters, CUECs and reviews. */
export async function vendorRoutes(app: App): Promise<void> {
  const { database, blobs, config } = app.deps;
  const stores = { database, blobs };

  app.route({
    method: 'GET',
    url: '/orgs/:org/vendors',
    config: { policy: { concept: 'vendor', action: 'read' } },
    schema: {
      tags,
      operationId: 'listVendors',
      summary:
        'The vendor register: each vendor with its assurance (report age, bridge letters), CUECs and open findings',
      params: orgParams,
      querystring: pageQuerySchema,
      response: { 200: pageSchema(vendorSummarySchema) },
    },
    handler: async (request) => pageInMemory(await listVendors(database, orgOf(request).id), request.query),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/vendors',
    config: {
      policy: { concept: 'vendor', action: 'create' },
      raises: {
        not_found: 'the owner is not in the roster',
        conflict: 'a vendor of that name is in the register',
      },
    },
    schema: {
      tags,
      operationId: 'createVendor',
      summary: 'Add a vendor to the register',
      params: orgParams,
      body: z.object({
        name: z.string().max(120),
        service: z.string().max(200),
        criticality: z.string().max(20),
        dataTouched: z.string().max(500).optional(),
        ownerEmail: z.string().max(320).nullable().optional(),
        contractStart: optionalDate,
        contractEnd: optionalDate,
        lastAssessedOn: optionalDate,
        nextReviewOn: optionalDate,
      }),
      response: { 201: vendorSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(await addVendor(database, actorOfRequest(request), orgOf(request).id, request.body)),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/vendors/import',
    config: {
      policy: { concept: 'vendor', action: 'import' },
      multipartFile: 'file',
      raises: {
        import_failed: 'a row is invalid (file, line, column and reason in details); nothing is written',
      },
    },
    schema: {
      tags,
      operationId: 'importVendorRegister',
      summary:
        'Import a vendor register (CSV name,service,criticality,data,owner_email,contract_start,contract_end,last_assessment,next_review), all or nothing, matched by name; the same register again is 200 "unchanged"',
      params: orgParams,
      response: { 200: registerImportResultSchema, 201: registerImportResultSchema },
    },
    handler: async (request, reply) => {
      const result = await withUpload(
        request,
        { fallbackName: 'vendors.csv', maxBytes: config.maxUploadBytes },
        ({ input, fileName }) =>
          importVendorRegister(stores, actorOfRequest(request), orgOf(request).id, { file: fileName, input }),
      );
      return reply.code(result.status === 'unchanged' ? 200 : 201).send(result);
    },
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/vendors/refresh',
    config: { policy: { concept: 'vendor', action: 'refresh' } },
    schema: {
      tags,
      operationId: 'refreshVendors',
      summary:
        'Bring the vendor rule findings up to date today (reviews fall due and reports age with time alone)',
      params: orgParams,
      response: { 200: vendorSyncResultSchema },
    },
    handler: async (request) => refreshVendors(database, actorOfRequest(request), orgOf(request).id),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/vendors/:vendorId',
    config: { policy: { concept: 'vendor', action: 'read' } },
    schema: {
      tags,
      operationId: 'getVendor',
      summary:
        'One vendor (by id or name) with its reports, bridge letters, CUECs and their controls, reviews and open findings',
      params: vendorParams,
      response: { 200: vendorSchema },
    },
    handler: async (request) => getVendor(database, orgOf(request).id, request.params.vendorId),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/vendors/:vendorId/reviews',
    config: {
      policy: { concept: 'vendor', action: 'review' },
      raises: { not_found: 'the vendor, or the reviewer is not in the roster' },
    },
    schema: {
      tags,
      operationId: 'reviewVendor',
      summary:
        'Record a review of a vendor; its record becomes system evidence on VM-03-E1 and the next review moves (a year later unless told)',
      params: vendorParams,
      body: z.object({
        reviewedOn: inputDateSchema.optional(),
        reviewerEmail: z.string().max(320).nullable().optional(),
        notes: z.string().max(4000),
        nextReviewOn: inputDateSchema.optional(),
      }),
      response: { 201: vendorSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(
          await recordVendorReview(
            stores,
            actorOfRequest(request),
            orgOf(request).id,
            request.params.vendorId,
            request.body,
          ),
        ),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/vendors/:vendorId/reports',
    config: {
      policy: { concept: 'vendor', action: 'upload' },
      multipartFile: 'file',
      multipartFields: z.object({
        kind: z.string(),
        periodStart: z.string(),
        periodEnd: z.string(),
        receivedOn: z.string(),
      }),
      raises: { not_found: 'the vendor', conflict: 'the organization has no requirement VM-03-E1' },
    },
    schema: {
      tags,
      operationId: 'addVendorReport',
      summary:
        'Add a SOC 2 (type1, type2) or ISO 27001 report of a vendor (multipart: kind, periodStart, periodEnd, receivedOn BEFORE the file part); the file becomes submitted evidence on VM-03-E1',
      params: vendorParams,
      response: { 201: vendorSchema },
    },
    handler: async (request, reply) =>
      reply.code(201).send(
        await withUpload(
          request,
          { fallbackName: 'report.pdf', maxBytes: config.maxUploadBytes },
          ({ fields, input, fileName, mediaType }) =>
            addVendorReport(
              stores,
              actorOfRequest(request),
              orgOf(request).id,
              request.params.vendorId,
              fields,
              {
                fileName,
                input,
                mediaType,
              },
            ),
        ),
      ),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/vendors/:vendorId/bridge-letters',
    config: {
      policy: { concept: 'vendor', action: 'upload' },
      multipartFile: 'file',
      multipartFields: z.object({ coveredFrom: z.string(), coveredTo: z.string(), receivedOn: z.string() }),
      raises: { not_found: 'the vendor', conflict: 'the organization has no requirement VM-03-E2' },
    },
    schema: {
      tags,
      operationId: 'addVendorBridgeLetter',
      summary:
        'Add a bridge letter of a vendor (multipart: coveredFrom, coveredTo, receivedOn BEFORE the file part); the file becomes submitted evidence on VM-03-E2',
      params: vendorParams,
      response: { 201: vendorSchema },
    },
    handler: async (request, reply) =>
      reply.code(201).send(
        await withUpload(
          request,
          { fallbackName: 'bridge-letter.pdf', maxBytes: config.maxUploadBytes },
          ({ fields, input, fileName, mediaType }) =>
            addBridgeLetter(
              stores,
              actorOfRequest(request),
              orgOf(request).id,
              request.params.vendorId,
              fields,
              {
                fileName,
                input,
                mediaType,
              },
            ),
        ),
      ),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/vendors/:vendorId/cuecs',
    config: {
      policy: { concept: 'vendor', action: 'map' },
      raises: { not_found: 'the vendor or the report', conflict: 'the vendor already lists that reference' },
    },
    schema: {
      tags,
      operationId: 'addVendorCuec',
      summary: 'List a complementary user entity control (CUEC) from a vendor’s report',
      params: vendorParams,
      body: z.object({
        ref: z.string().max(40),
        description: z.string().max(2000),
        reportId: z.string().max(64).nullable().optional(),
      }),
      response: { 201: vendorSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(
          await addCuec(
            database,
            actorOfRequest(request),
            orgOf(request).id,
            request.params.vendorId,
            request.body,
          ),
        ),
  });

  app.route({
    method: 'PUT',
    url: '/orgs/:org/vendors/:vendorId/cuecs/:cuecId/controls',
    config: {
      policy: { concept: 'vendor', action: 'map' },
      raises: { not_found: 'the vendor, the CUEC or a control' },
    },
    schema: {
      tags,
      operationId: 'mapVendorCuec',
      summary: 'Set the controls of ours that run a CUEC (the whole set; empty unmaps it)',
      params: vendorParams.extend({ cuecId: z.string().min(1).max(64) }),
      body: z.object({ controlCodes: z.array(z.string().max(40)).max(50) }),
      response: { 200: vendorSchema },
    },
    handler: async (request) =>
      mapCuec(
        database,
        actorOfRequest(request),
        orgOf(request).id,
        request.params.vendorId,
        request.params.cuecId,
        request.body,
      ),
  });
}
