import { z } from 'zod';
import { inputDateSchema } from '../../core/date-schema.js';
import { EXCEPTION_REVIEW_CADENCES, EXCEPTION_REVIEW_DECISIONS } from '../../core/exceptions/review.js';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { pageInMemory, pageQuerySchema, pageSchema } from '../../platform/http/pagination.js';
import { exceptionSchema, RISK_RATINGS } from './exception.schema.js';
import {
  addException,
  approveException,
  closeException,
  getExceptions,
  reviewException,
} from './exception.service.js';

const date = inputDateSchema;
const orgParams = z.object({ org: z.string().min(1).max(100) });
const idParams = orgParams.extend({ exceptionId: z.string().min(4).max(64) });
const tags = ['exceptions'];

/** `/api/v1/orgs/:org/exceptions`: approved, expiring deviations from controls. */
export async function exceptionRoutes(app: App): Promise<void> {
  const { database } = app.deps;

  app.route({
    method: 'GET',
    url: '/orgs/:org/exceptions',
    config: { policy: { concept: 'exception', action: 'read' } },
    schema: {
      tags,
      operationId: 'listExceptions',
      summary: 'Exceptions by expiry',
      params: orgParams,
      querystring: pageQuerySchema.extend({
        control: z
          .string()
          .min(1)
          .max(40)
          .optional()
          .describe('only exceptions on the control with this code'),
      }),
      response: { 200: pageSchema(exceptionSchema) },
    },
    handler: async (request) => {
      const { control } = request.query;
      const all = await getExceptions(database, orgOf(request).id, control ? { controlCode: control } : {});
      return pageInMemory(all, request.query);
    },
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/exceptions',
    config: { policy: { concept: 'exception', action: 'create' } },
    schema: {
      tags,
      operationId: 'addException',
      summary: 'Record an exception (it has no effect until approved)',
      params: orgParams,
      body: z.object({
        controlCode: z.string().min(1).max(40),
        requirementCode: z
          .string()
          .max(60)
          .nullable()
          .optional()
          .describe('except only this evidence requirement of the control'),
        findingId: z
          .string()
          .max(64)
          .nullable()
          .optional()
          .describe('except only this finding on the control'),
        summary: z.string().max(1000),
        reason: z.string().max(2000),
        compensatingControl: z.string().max(2000).nullable().optional(),
        riskRating: z.enum(RISK_RATINGS),
        approverEmail: z.string().max(320).nullable().optional(),
        approvedOn: date.nullable().optional(),
        expiresOn: date,
        reviewCadence: z
          .enum(EXCEPTION_REVIEW_CADENCES)
          .nullable()
          .optional()
          .describe(
            'how often it is reviewed (default by risk: high monthly, medium quarterly, low semiannual)',
          ),
      }),
      response: { 201: exceptionSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(await addException(database, actorOfRequest(request), orgOf(request).id, request.body)),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/exceptions/:exceptionId/approve',
    config: {
      policy: { concept: 'exception', action: 'approve' },
      raises: { conflict: 'the exception is already approved' },
    },
    schema: {
      tags,
      operationId: 'approveException',
      summary: 'Approve an exception (the approver must be an active person)',
      params: idParams,
      body: z.object({ approverEmail: z.string().max(320), approvedOn: date }),
      response: { 200: exceptionSchema },
    },
    handler: async (request) =>
      approveException(database, actorOfRequest(request), orgOf(request).id, {
        id: request.params.exceptionId,
        ...request.body,
      }),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/exceptions/:exceptionId/close',
    config: {
      policy: { concept: 'exception', action: 'close' },
      raises: { conflict: 'the exception is already closed' },
    },
    schema: {
      tags,
      operationId: 'closeException',
      summary: 'Close an exception once the deviation is remediated',
      params: idParams,
      body: z.object({ closedOn: date }),
      response: { 200: exceptionSchema },
    },
    handler: async (request) =>
      closeException(database, actorOfRequest(request), orgOf(request).id, {
        id: request.params.exceptionId,
        closedOn: request.body.closedOn,
      }),
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/exceptions/:exceptionId/reviews',
    config: {
      policy: { concept: 'exception', action: 'review' },
      raises: { conflict: 'the exception is not approved or already closed' },
    },
    schema: {
      tags,
      operationId: 'reviewException',
      summary: 'Review an exception: continue (optionally with a new expiry), close or escalate it',
      params: idParams,
      body: z.object({
        decision: z.enum(EXCEPTION_REVIEW_DECISIONS),
        note: z.string().max(2000),
        reviewedOn: date,
        reviewerEmail: z
          .string()
          .max(320)
          .nullable()
          .optional()
          .describe('the reviewing person (default: the approver)'),
        newExpiresOn: date.nullable().optional(),
        reviewCadence: z
          .enum(EXCEPTION_REVIEW_CADENCES)
          .nullable()
          .optional()
          .describe('a new review cadence from this review on'),
      }),
      response: { 201: exceptionSchema },
    },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(
          await reviewException(
            database,
            actorOfRequest(request),
            orgOf(request).id,
            request.params.exceptionId,
            request.body,
          ),
        ),
  });
}
