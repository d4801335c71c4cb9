import { z } from 'zod';
import { ACCOUNT_LIST_FORMATS } from '../../core/access-reviews/account-list-formats.js';
import { inputDateSchema } from '../../core/date-schema.js';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { pageInMemory, pageQuerySchema, pageSchema } from '../../platform/http/pagination.js';
import { withUpload } from '../../platform/http/uploads.js';
import {
  accountListResultSchema,
  campaignSchema,
  campaignSummarySchema,
  decideResultSchema,
  decisionInputSchema,
  followUpSchema,
} from './access-review.schema.js';
import { createCampaign, getCampaign, listCampaigns } from './access-review.service.js';
import { closeFollowUpWithEvidence, completeCampaign } from './access-review-completion.service.js';
import { type DecidingCaller, decideItems, importDecisions } from './access-review-decision.service.js';
import { importAccountList } from './access-review-import.service.js';

const orgParams = z.object({ org: z.string().min(1).max(100) });
const campaignParams = orgParams.extend({ campaignId: z.string().min(4).max(64) });
const tags = ['access reviews'];
const SEPARATION =
  'a reviewer not named on the campaign, a decision on the reviewer’s own account or an NHI they own (separation of duties)';

/** The caller as a reviewer: their person, and (leads only) the named reviewer they record for. */
function callerOf(
  request: Parameters<typeof orgOf>[0],
  reviewerEmail: string | null | undefined,
): DecidingCaller {
  const org = orgOf(request);
  return {
    personId: org.personId,
    reviewerEmail,
    mayRecordForOthers: org.role === 'admin' || org.role === 'compliance-lead',
  };
}

/** `/api/v1/orgs/:org/access-reviews`: account lists, campaigns, decisions and follow-ups. */
export async function accessReviewRoutes(app: App): Promise<void> {
  const { database, blobs, config } = app.deps;
  const stores = { database, blobs };

  app.route({
    method: 'GET',
    url: '/orgs/:org/access-reviews',
    config: { policy: { concept: 'access-review', action: 'read' } },
    schema: {
      tags,
      operationId: 'listAccessReviews',
      summary: 'Access-review campaigns with their progress, newest first',
      params: orgParams,
      querystring: pageQuerySchema,
      response: { 200: pageSchema(campaignSummarySchema) },
    },
    handler: async (request) => pageInMemory(await listCampaigns(database, orgOf(request).id), request.query),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/access-reviews',
    config: {
      policy: { concept: 'access-review', action: 'create' },
      raises: { not_found: 'a reviewer is not in the roster' },
    },
    schema: {
      tags,
      operationId: 'createAccessReview',
      summary:
        'Open a campaign over the people accounts of the latest account list of a system and/or the active NHIs of a provider',
      params: orgParams,
      body: z.object({
        system: z.string().max(100),
        reviewers: z.array(z.string().max(320)).max(20),
        dueOn: inputDateSchema,
        cadence: z.string().max(20).optional(),
        accounts: z.boolean().optional(),
        nhiProvider: z.string().max(60).nullable().optional(),
        nhiKind: z.string().max(60).nullable().optional(),
      }),
      response: { 201: campaignSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(await createCampaign(database, actorOfRequest(request), orgOf(request).id, request.body)),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/access-reviews/accounts',
    config: {
      policy: { concept: 'access-review', action: 'import' },
      multipartFile: 'file',
      multipartFields: z.object({
        system: z.string(),
        asOf: z.string().optional(),
        format: z.enum(ACCOUNT_LIST_FORMATS).optional(),
      }),
      raises: {
        import_failed:
          'a row or record is invalid (file, line, column or JSON path, and reason in details); nothing is written',
      },
    },
    schema: {
      tags,
      operationId: 'importAccessAccountList',
      summary:
        'Import an account list of one system (multipart: the fields system, asOf? and format? BEFORE the file part). Formats: CSV system,account,email,role,last_login; the Okta users export (GET /api/v1/users); the GitHub organization members export (GET /orgs/{org}/members with each GET /orgs/{org}/memberships/{user}). Without format, told from the content. All or nothing; the same file for the same date again is 200 "unchanged"',
      params: orgParams,
      response: { 200: accountListResultSchema, 201: accountListResultSchema },
    },
    handler: async (request, reply) => {
      const result = await withUpload(
        request,
        {
          fallbackName: 'accounts.csv',
          maxBytes: config.maxUploadBytes,
          expects:
            'the account list as multipart/form-data: the field "system", optionally "asOf" and "format", then the "file" part',
        },
        ({ fields, input, fileName }) =>
          importAccountList(stores, actorOfRequest(request), orgOf(request).id, {
            system: fields.system ?? '',
            file: fileName,
            input,
            ...(fields.asOf?.trim() ? { asOf: fields.asOf.trim() } : {}),
            ...(fields.format ? { format: fields.format } : {}),
          }),
      );
      return reply.code(result.status === 'unchanged' ? 200 : 201).send(result);
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/access-reviews/:campaignId',
    config: { policy: { concept: 'access-review', action: 'read' } },
    schema: {
      tags,
      operationId: 'getAccessReview',
      summary: 'One campaign with every item, decision and follow-up',
      params: campaignParams,
      response: { 200: campaignSchema },
    },
    handler: async (request) => getCampaign(database, orgOf(request).id, request.params.campaignId),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/access-reviews/:campaignId/decisions',
    config: {
      policy: { concept: 'access-review', action: 'decide' },
      raises: { forbidden: SEPARATION, conflict: 'the campaign is completed, or the follow-up is closed' },
    },
    schema: {
      tags,
      operationId: 'decideAccessReviewItems',
      summary:
        'Decide items (keep, revoke, change) as a reviewer named on the campaign, all or none; revoke and change become follow-ups. A lead may record for a named reviewer (reviewer)',
      params: campaignParams,
      body: z.object({
        reviewer: z.string().max(320).nullable().optional().describe('the named reviewer a lead records for'),
        decisions: z.array(decisionInputSchema).min(1).max(5000),
      }),
      response: { 200: decideResultSchema },
    },
    handler: async (request) =>
      decideItems(database, actorOfRequest(request), orgOf(request).id, {
        campaignId: request.params.campaignId,
        caller: callerOf(request, request.body.reviewer),
        decisions: request.body.decisions,
      }),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/access-reviews/:campaignId/decisions/import',
    config: {
      policy: { concept: 'access-review', action: 'decide' },
      multipartFile: 'file',
      multipartFields: z.object({ reviewer: z.string().optional() }),
      raises: {
        forbidden: 'a reviewer not named on the campaign',
        conflict: 'the campaign is completed',
        import_failed:
          'a row is invalid or refused (separation of duties), with file, line, column and reason; nothing is decided',
      },
    },
    schema: {
      tags,
      operationId: 'importAccessReviewDecisions',
      summary:
        'Import a reviewer’s spreadsheet of decisions (CSV subject,decision,comment; multipart: reviewer? BEFORE the file part), all or nothing',
      params: campaignParams,
      response: { 200: decideResultSchema },
    },
    handler: async (request) =>
      withUpload(
        request,
        { fallbackName: 'decisions.csv', maxBytes: config.maxUploadBytes },
        ({ fields, input, fileName }) =>
          importDecisions(database, actorOfRequest(request), orgOf(request).id, {
            campaignId: request.params.campaignId,
            caller: callerOf(request, fields.reviewer?.trim() || null),
            file: fileName,
            input,
          }),
      ),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/access-reviews/:campaignId/complete',
    config: {
      policy: { concept: 'access-review', action: 'complete' },
      raises: { conflict: 'the campaign is completed already, or items are not decided yet' },
    },
    schema: {
      tags,
      operationId: 'completeAccessReview',
      summary:
        'Complete a campaign whose every item is decided: its record becomes system-generated evidence on the access-review requirements',
      params: campaignParams,
      response: { 200: campaignSchema },
    },
    handler: async (request) =>
      completeCampaign(stores, actorOfRequest(request), orgOf(request).id, request.params.campaignId),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/access-reviews/follow-ups/:followUpId/close',
    config: {
      policy: { concept: 'access-review', action: 'close' },
      raises: { conflict: 'the follow-up is already closed' },
    },
    schema: {
      tags,
      operationId: 'closeAccessReviewFollowUp',
      summary: 'Mark a revoke or change follow-up done, naming its evidence (a ticket, a change)',
      params: orgParams.extend({ followUpId: z.string().min(4).max(64) }),
      body: z.object({ reference: z.string().max(500) }),
      response: { 200: followUpSchema },
    },
    handler: async (request) =>
      closeFollowUpWithEvidence(stores, actorOfRequest(request), orgOf(request).id, {
        followUpId: request.params.followUpId,
        reference: request.body.reference,
      }),
  });
}
