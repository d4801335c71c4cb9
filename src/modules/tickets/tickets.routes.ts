import { z } from 'zod';
import { type App, actorOfRequest, orgOf } from '../../platform/http/app.js';
import { pageInMemory, pageQuerySchema, pageSchema } from '../../platform/http/pagination.js';
import { withUpload } from '../../platform/http/uploads.js';
import { importTicketsUpload } from './tickets.import.js';
import { ticketImportResultSchema, ticketListQuerySchema, ticketViewSchema } from './tickets.schema.js';
import { getTicket, listTickets } from './tickets.service.js';

const orgParams = z.object({ org: z.string().min(1).max(100) });
const tags = ['tickets'];

/** `/api/v1/orgs/:org/tickets`: ticket histories (Jira, Linear) as evidence. */
export async function ticketRoutes(app: App): Promise<void> {
  const { database, blobs, config } = app.deps;
  const stores = { database, blobs };

  app.route({
    method: 'GET',
    url: '/orgs/:org/tickets',
    config: { policy: { concept: 'ticket', action: 'read' } },
    schema: {
      tags,
      operationId: 'listTickets',
      summary: 'Tickets, newest first, with their transitions, approval and the pull requests they name',
      params: orgParams,
      querystring: pageQuerySchema.extend(ticketListQuerySchema.shape),
      response: { 200: pageSchema(ticketViewSchema) },
    },
    handler: async (request) => {
      const { project, type, approval } = request.query;
      return pageInMemory(
        await listTickets(database, orgOf(request).id, { project, type, approval }),
        request.query,
      );
    },
  });

  app.route({
    method: 'POST',
    url: '/orgs/:org/tickets/imports',
    config: {
      policy: { concept: 'ticket', action: 'import' },
      raises: { import_failed: 'an issue of the page is bad (file, line, JSON path)' },
    },
    schema: {
      tags,
      operationId: 'importTickets',
      summary:
        'Import one page of a Jira search (expand=changelog) or of the Linear issues query; all or nothing',
      params: orgParams,
      consumes: ['multipart/form-data'],
      response: { 200: ticketImportResultSchema, 201: ticketImportResultSchema },
    },
    handler: async (request, reply) => {
      const result = await withUpload(
        request,
        {
          fallbackName: 'page.json',
          maxBytes: config.maxUploadBytes,
          expects:
            'the page as multipart/form-data: optionally the fields "source" (jira|linear) and "projectMap" (JSON), then the "file" part',
        },
        ({ fields, input, fileName }) =>
          importTicketsUpload(stores, actorOfRequest(request), orgOf(request).id, {
            fileName,
            input,
            fields,
          }),
      );
      return reply.code(result.status === 'unchanged' ? 200 : 201).send(result);
    },
  });

  app.route({
    method: 'GET',
    url: '/orgs/:org/tickets/:ticketId',
    config: { policy: { concept: 'ticket', action: 'read' } },
    schema: {
      tags,
      operationId: 'getTicket',
      summary: 'One ticket (by id or key) with its transitions, approval, pull requests and incidents',
      params: orgParams.extend({ ticketId: z.string().min(1).max(100) }),
      response: { 200: ticketViewSchema },
    },
    handler: async (request) => getTicket(database, orgOf(request).id, request.params.ticketId),
  });
}
