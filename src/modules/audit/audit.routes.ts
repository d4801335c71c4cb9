import { z } from 'zod';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import {
  decodeCursor,
  pageInMemory,
  pageQuerySchema,
  pageSchema,
  toPage,
} from '../../platform/http/pagination.js';
import { activityEntrySchema } from '../activity/activity.schema.js';
import { evidenceSchema } from '../evidence/evidence.schema.js';
import { sendEvidenceContent } from '../evidence/evidence-download.js';
import {
  auditControlSchema,
  auditEngagementSchema,
  auditFindingInputSchema,
  auditFindingSchema,
} from './audit.schema.js';
import {
  getAuditEngagement,
  getAuditEvidence,
  listAuditActivity,
  listAuditControls,
  listAuditEvidence,
  listAuditFindings,
  raiseAuditFinding,
} from './audit.service.js';

const engagementParams = z.object({
  org: z.string().min(1).max(100),
  engagementId: z.string().min(1).max(64),
});
const evidenceParams = engagementParams.extend({ evidenceId: z.string().min(8).max(64) });
const tags = ['audit'];
const read = { concept: 'audit', action: 'read' } as const;

/**
 * `/api/v1/orgs/:org/engagements/:engagementId/audit/…`: what an auditor of
 * the engagement sees (docs/decisions/0022) — the engagement, its in-scope
 * controls, the evidence in the audit period (and its files), the findings
 * its auditors raised and the engagement's activity. Members read the same
 * views of any engagement of theirs.
 */
export async function auditRoutes(app: App): Promise<void> {
  const { database, blobs } = app.deps;

  app.route({
    method: 'GET',
    url: '/orgs/:org/engagements/:engagementId/audit',
    config: { policy: read },
    schema: {
      tags,
      operationId: 'getAuditEngagement',
      summary: 'The engagement as its auditor sees it, with the audit period',
      params: engagementParams,
      response: { 200: auditEngagementSchema },
    },
    handler: async (request) => getAuditEngagement(database, orgOf(request).id, request.params.engagementId),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/engagements/:engagementId/audit/controls',
    config: { policy: read },
    schema: {
      tags,
      operationId: 'listAuditControls',
      summary:
        "The controls in the engagement's scope (its SOC 2 categories), with requirements and mappings",
      params: engagementParams,
      querystring: pageQuerySchema,
      response: { 200: pageSchema(auditControlSchema) },
    },
    handler: async (request) =>
      pageInMemory(
        await listAuditControls(database, orgOf(request).id, request.params.engagementId),
        request.query,
      ),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/engagements/:engagementId/audit/evidence',
    config: { policy: read },
    schema: {
      tags,
      operationId: 'listAuditEvidence',
      summary:
        'Evidence of the in-scope controls whose effective period falls in the audit period, newest first',
      params: engagementParams,
      querystring: pageQuerySchema.extend({
        control: z.string().min(1).max(40).optional().describe('only evidence of this control code'),
      }),
      response: { 200: pageSchema(evidenceSchema) },
    },
    handler: async (request) => {
      const { control } = request.query;
      const rows = await listAuditEvidence(database, orgOf(request).id, request.params.engagementId, {
        controlCode: control,
      });
      return pageInMemory(rows, request.query);
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/engagements/:engagementId/audit/evidence/:evidenceId',
    config: { policy: read },
    schema: {
      tags,
      operationId: 'getAuditEvidence',
      summary: 'One piece of evidence in the audit (404 outside the scope or the period)',
      params: evidenceParams,
      response: { 200: evidenceSchema },
    },
    handler: async (request) =>
      getAuditEvidence(database, orgOf(request).id, request.params.engagementId, request.params.evidenceId),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/engagements/:engagementId/audit/evidence/:evidenceId/content',
    config: { policy: read },
    schema: {
      tags,
      operationId: 'downloadAuditEvidence',
      summary:
        'Download the stored file of evidence in the audit (as an attachment; 404 outside the scope or the period)',
      params: evidenceParams,
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
        await getAuditEvidence(
          database,
          orgOf(request).id,
          request.params.engagementId,
          request.params.evidenceId,
        ),
      ),
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/engagements/:engagementId/audit/findings',
    config: { policy: read },
    schema: {
      tags,
      operationId: 'listAuditFindings',
      summary: "The findings the engagement's auditors raised",
      params: engagementParams,
      querystring: pageQuerySchema,
      response: { 200: pageSchema(auditFindingSchema) },
    },
    handler: async (request) =>
      pageInMemory(
        await listAuditFindings(database, orgOf(request).id, request.params.engagementId),
        request.query,
      ),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/engagements/:engagementId/audit/findings',
    config: { policy: { concept: 'audit', action: 'raise' } },
    schema: {
      tags,
      operationId: 'raiseAuditFinding',
      summary: 'Raise a finding on in-scope controls (source auditor; a control outside the scope is a 404)',
      params: engagementParams,
      body: auditFindingInputSchema,
      response: { 201: auditFindingSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(
          await raiseAuditFinding(
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
    url: '/orgs/:org/engagements/:engagementId/audit/activity',
    config: { policy: read },
    schema: {
      tags,
      operationId: 'listAuditActivity',
      summary:
        "The engagement's activity: the engagement, its samples and its auditors' findings, newest first",
      params: engagementParams,
      querystring: pageQuerySchema,
      response: { 200: pageSchema(activityEntrySchema) },
    },
    handler: async (request) => {
      const { cursor, limit } = request.query;
      const before = decodeCursor(cursor, z.number().int().min(1));
      const rows = await listAuditActivity(database, orgOf(request).id, request.params.engagementId, {
        before,
        limit: limit + 1,
      });
      return toPage(rows, limit, (e) => e.seq);
    },
  });
}
