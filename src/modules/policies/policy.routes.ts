import { z } from 'zod';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { pageInMemory, pageQuerySchema, pageSchema } from '../../platform/http/pagination.js';
import { withUpload } from '../../platform/http/uploads.js';
import { emailSchema } from '../people/person.schema.js';
import {
  acknowledgementImportResultSchema,
  acknowledgeResultSchema,
  approveInputSchema,
  policyInputSchema,
  policySchema,
  policySummarySchema,
  versionInputSchema,
} from './policy.schema.js';
import { getPolicy, listPolicies } from './policy.service.js';
import { acknowledgePolicy, importAcknowledgements } from './policy-acknowledgement.service.js';
import { addPolicyVersion, approvePolicy, createPolicy } from './policy-version.service.js';

const orgParams = z.object({ org: z.string().min(1).max(100) });
const policyParams = orgParams.extend({
  policyId: z.string().min(2).max(64).describe('the policy id or key'),
});
const tags = ['policies'];

/** `/api/v1/orgs/:org/policies`: policies, their versions and approvals, and acknowledgements. */
export async function policyRoutes(app: App): Promise<void> {
  const { database, blobs, config } = app.deps;
  const stores = { database, blobs };

  app.route({
    method: 'GET',
    url: '/orgs/:org/policies',
    config: { policy: { concept: 'policy', action: 'read' } },
    schema: {
      tags,
      operationId: 'listPolicies',
      summary: 'Policies with their version in force, review due date and acknowledgement progress, by key',
      params: orgParams,
      querystring: pageQuerySchema,
      response: { 200: pageSchema(policySummarySchema) },
    },
    handler: async (request) => pageInMemory(await listPolicies(database, orgOf(request).id), request.query),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/policies',
    config: {
      policy: { concept: 'policy', action: 'create' },
      raises: { not_found: 'the owner, approver or a control is unknown', conflict: 'the key is taken' },
    },
    schema: {
      tags,
      operationId: 'createPolicy',
      summary: 'Create a policy with its first version (Markdown), a draft until approved',
      params: orgParams,
      body: policyInputSchema,
      response: { 201: policySchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(await createPolicy(stores, actorOfRequest(request), orgOf(request).id, request.body)),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/policies/acknowledgements',
    config: {
      policy: { concept: 'policy', action: 'import' },
      multipartFile: 'file',
      raises: {
        import_failed: 'a row is invalid (file, line, column and reason in details); nothing is written',
      },
    },
    schema: {
      tags,
      operationId: 'importPolicyAcknowledgements',
      summary:
        'Import acknowledgements from an HR or LMS export (multipart file; CSV email,policy,version,acknowledged_at). All or nothing; acknowledgements stored already are left alone (200 "unchanged" when nothing is new)',
      params: orgParams,
      response: { 200: acknowledgementImportResultSchema, 201: acknowledgementImportResultSchema },
    },
    handler: async (request, reply) => {
      const result = await withUpload(
        request,
        { fallbackName: 'acknowledgements.csv', maxBytes: config.maxUploadBytes },
        ({ input, fileName }) =>
          importAcknowledgements(stores, actorOfRequest(request), orgOf(request).id, {
            file: fileName,
            input,
          }),
      );
      return reply.code(result.status === 'unchanged' ? 200 : 201).send(result);
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/policies/:policyId',
    config: { policy: { concept: 'policy', action: 'read' }, raises: { not_found: 'no such policy' } },
    schema: {
      tags,
      operationId: 'getPolicy',
      summary:
        'One policy with every version’s text, every person asked to acknowledge it and the share per team',
      params: policyParams,
      response: { 200: policySchema },
    },
    handler: async (request) => getPolicy(stores, orgOf(request).id, request.params.policyId),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/policies/:policyId/versions',
    config: {
      policy: { concept: 'policy', action: 'version' },
      raises: { not_found: 'no such policy', conflict: 'the text is the same as the latest version' },
    },
    schema: {
      tags,
      operationId: 'addPolicyVersion',
      summary: 'Add a new version of the policy’s text, a draft until approved',
      params: policyParams,
      body: versionInputSchema,
      response: { 201: policySchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(
          await addPolicyVersion(
            stores,
            actorOfRequest(request),
            orgOf(request).id,
            request.params.policyId,
            request.body,
          ),
        ),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/policies/:policyId/approve',
    config: {
      policy: { concept: 'policy', action: 'approve' },
      raises: {
        not_found: 'no such policy, version or approver',
        conflict: 'the version is approved already, or a newer one is in force',
      },
    },
    schema: {
      tags,
      operationId: 'approvePolicy',
      summary:
        'Approve a version (the latest unless named): it comes into force, everyone is asked to acknowledge it again, and its text becomes evidence',
      params: policyParams,
      body: approveInputSchema,
      response: { 200: policySchema },
    },
    handler: async (request) =>
      approvePolicy(
        stores,
        actorOfRequest(request),
        orgOf(request).id,
        request.params.policyId,
        request.body,
      ),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/policies/:policyId/acknowledge',
    config: {
      policy: { concept: 'policy', action: 'acknowledge' },
      raises: {
        not_found: 'no such policy, or the named person is not in the roster',
        forbidden:
          'the caller (or the named person) is not an active person of the roster, or a contributor names someone else',
        conflict: 'no version is approved yet',
      },
    },
    schema: {
      tags,
      operationId: 'acknowledgePolicy',
      summary:
        'Acknowledge the version in force as the person the caller’s membership is linked to (again: "unchanged"); a lead may record it for a named person',
      params: policyParams,
      body: z.object({
        person: emailSchema
          .nullable()
          .optional()
          .describe('the person a lead records the acknowledgement for'),
      }),
      response: { 200: acknowledgeResultSchema },
    },
    handler: async (request) =>
      acknowledgePolicy(database, actorOfRequest(request), orgOf(request).id, {
        policy: request.params.policyId,
        caller: {
          personId: orgOf(request).personId,
          mayRecordForOthers: orgOf(request).role === 'admin' || orgOf(request).role === 'compliance-lead',
        },
        person: request.body.person ?? null,
      }),
  });
}
